import QRCode from 'qrcode';
import sharp from 'sharp';
import { JsqrSeparatorReader } from '../../ingest/adapters/jsqr.separator-reader';
import { textAsSvgPath } from '../../ingest/adapters/project-font';
import { decodeSeparator, encodeSeparator } from '../../server/core/ingest/separator';

const HINT = {
  businessStep: '职工参保登记',
  residentId: '110101199003074516',
  personName: '张伟',
  unitCode: '91110108MA01ABCD2X',
  unitName: '北京市某某科技有限公司',
};

/** The QR code's modules as SVG squares, `side` millimetres wide, top-left at (x, y), quiet zone included. */
function qrSvg(text: string, x: number, y: number, side: number): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = side / (modules.size + 8);
  const rects: string[] = [];
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(row, col))
        rects.push(
          `<rect x="${x + (col + 4) * cell}" y="${y + (row + 4) * cell}" width="${cell}" height="${cell}"/>`,
        );
  return `<g fill="#000" shape-rendering="crispEdges">${rects.join('')}</g>`;
}

/** An A4 separator sheet: a ~50 mm code with its caption under it. */
function separatorSvg(code: string): string {
  const caption = [HINT.businessStep, `${HINT.personName} ${HINT.residentId}`, HINT.unitName]
    .map((line, i) => textAsSvgPath(line, 105, 150 + 9 * i, 6, { align: 'center' }))
    .join('');
  const size = `width="${(210 * 72) / 25.4}" height="${(297 * 72) / 25.4}" viewBox="0 0 210 297"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" ${size}><rect width="210" height="297" fill="#fff"/>${qrSvg(code, 78, 70, 54)}${caption}</svg>`;
}

async function scan(svg: string, dpi: number, degrees = 0): Promise<Buffer> {
  const flat = await sharp(Buffer.from(svg), { density: dpi })
    .flatten({ background: '#fff' })
    .png()
    .toBuffer();
  return sharp(flat).rotate(degrees, { background: '#fff' }).jpeg({ quality: 80 }).toBuffer();
}

const reader = new JsqrSeparatorReader();
const code = encodeSeparator(HINT);

describe('JsqrSeparatorReader', () => {
  it.each([
    [200, 0],
    [300, 0],
    [300, 3],
  ])(
    'reads the code of a separator sheet scanned at %i dpi, rotated %f°',
    async (dpi, degrees) => {
      const read = await reader.read(await scan(separatorSvg(code), dpi, degrees));
      expect(read).toBe(code);
      expect(decodeSeparator(read!)).toEqual(HINT);
    },
    20_000,
  );

  it('reads a small picture of a code without enlarging it', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 60 60"><rect width="60" height="60" fill="#fff"/>${qrSvg('SBDA-SEP/1|职工参保登记||||', 0, 0, 60)}</svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    expect(await reader.read(png)).toBe('SBDA-SEP/1|职工参保登记||||');
  });

  it('answers null for a page without a code', async () => {
    const text = ['社会保险登记表', '公民身份号码 110101199003074516', '经办人：李娜']
      .map((line, i) => textAsSvgPath(line, 25, 40 + 12 * i, 6))
      .join('');
    const size = `width="${(210 * 72) / 25.4}" height="${(297 * 72) / 25.4}" viewBox="0 0 210 297"`;
    const page = `<svg xmlns="http://www.w3.org/2000/svg" ${size}><rect width="210" height="297" fill="#fff"/>${text}</svg>`;
    expect(await reader.read(await scan(page, 200))).toBeNull();
  }, 20_000);
});
