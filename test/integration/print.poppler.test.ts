import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { JsqrSeparatorReader } from '../../ingest/adapters/jsqr.separator-reader';
import { PdfLibDocumentPrinter } from '../../server/adapters/print/pdf-lib.document-printer';

/**
 * Every kind of printed form read back by a second, independent PDF engine (poppler: pdffonts, pdftotext,
 * pdftoppm), not only by pdf.js: a font subset one engine tolerates and another renders blank is exactly
 * the kind of fault (fontkit's short `loca`) this project has met. poppler-utils comes from Debian's apt
 * (`scripts/setup/system-packages.sh`, run by `.ci/run`).
 */
function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT')
      throw new Error(`${tool} is missing: run scripts/setup/system-packages.sh (Debian poppler-utils)`);
    throw e;
  }
}

const printer = new PdfLibDocumentPrinter();
const dir = mkdtempSync(join(tmpdir(), 'poppler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(name: string, pdf: Uint8Array, texts: string[]) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // Every font embedded, as a subset.
  const fonts = poppler('pdffonts', [file]).trim().split('\n').slice(2);
  expect(fonts.length).toBeGreaterThan(0);
  for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+\S+.*\byes\s+yes\s+yes\b/);
  // The Chinese text reads back.
  const text = poppler('pdftotext', ['-layout', file, '-']).replace(/\s+/g, '');
  for (const t of texts) expect([t, text.includes(t.replace(/\s+/g, ''))]).toEqual([t, true]);
  // And page 1 renders with ink on it, neither blank nor black.
  poppler('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]);
  const png = readFileSync(join(dir, `${name}.png`));
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (const v of data) if (v < 128) dark++;
  const ink = dark / (info.width * info.height);
  expect(ink).toBeGreaterThan(0.003);
  expect(ink).toBeLessThan(0.3);
  return png;
}

describe('printed forms, rendered by poppler', () => {
  it('a register with two copies and signature lines', async () => {
    const pdf = await printer.tablePdf({
      title: '社保业务档案移交情况登记表',
      orientation: 'portrait',
      meta: ['移交单号：YJ-2026-0001', '移交部门：养老保险科'],
      columns: [
        { label: '序号', width: 4, align: 'center' },
        { label: '题名', width: 30 },
        { label: '页数', width: 4, align: 'right' },
      ],
      rows: [['1', '张伟城镇职工基本养老保险关系转移接续申请表', '3']],
      notes: ['合计：1 件 3 页'],
      signatures: ['移交人', '业务环节负责人', '接收人'],
      copies: ['第一联 业务环节存', '第二联 档案管理环节存'],
    });
    await check('transfer', pdf, [
      '社保业务档案移交情况登记表',
      '第一联业务环节存',
      '第二联档案管理环节存',
      '张伟城镇职工基本养老保险关系转移接续申请表',
      '业务环节负责人',
    ]);
  });

  it('a landscape 归档文件目录 over several pages', async () => {
    async function* rows() {
      for (let i = 1; i <= 120; i++)
        yield [
          String(i),
          `160-2013-GL-D30-${String(i).padStart(4, '0')}`,
          '',
          '重庆市涪陵区社会保险局',
          `失业保险金申领登记表第${i}件`,
          '20130517',
          '',
          '2',
          '',
        ];
    }
    const pdf = await printer.tablePdf({
      title: '归档文件目录',
      orientation: 'landscape',
      meta: ['全宗号：160', '年度：2013', '类别：GL', '保管期限：30年'],
      columns: ['序号', '档号', '文号', '责任者', '题名', '日期', '密级', '页数', '备注'].map((label, i) => ({
        label,
        width: [4, 14, 10, 12, 30, 7, 4, 4, 8][i]!,
      })),
      rows: rows(),
    });
    await check('catalogue', pdf, ['归档文件目录', '失业保险金申领登记表第120件', '160-2013-GL-D30-0120']);
    const info = poppler('pdfinfo', [join(dir, 'catalogue.pdf')]);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(3);
  });

  it('box labels whose QR code opens the box', async () => {
    const pdf = await printer.boxLabelsPdf([
      {
        agency: '重庆市涪陵区社会保险局',
        fondsCode: '160',
        year: 2013,
        classLabel: 'GL 社会保险管理类',
        retentionLabel: '30年',
        itemRange: '0001-0030',
        boxNumber: '0007',
        qrText: 'https://archive.example/boxes/box_01m7zs6269b6q0v9n0t4',
        widthMm: 310,
        heightMm: 220,
        thicknessMm: 60,
      },
    ]);
    const png = await check('labels', pdf, [
      '重庆市涪陵区社会保险局',
      'GL社会保险管理类',
      '0001-0030',
      '0007',
    ]);
    const reader = new JsqrSeparatorReader({ sides: [1200, 2400] });
    expect(await reader.read(png)).toBe('https://archive.example/boxes/box_01m7zs6269b6q0v9n0t4');
  });

  it('a copy: page images as PDF pages at their resolution', async () => {
    const jpeg = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#ffffff' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="1240" height="1754"><rect x="100" y="100" width="1040" height="300" fill="#333"/></svg>',
          ),
          top: 0,
          left: 0,
        },
      ])
      .jpeg()
      .toBuffer();
    const pdf = await printer.imagesPdf(
      [{ bytes: jpeg, mediaType: 'image/jpeg', widthPx: 1240, heightPx: 1754, dpi: 150 }],
      { title: '复制件 JY-2026-0001' },
    );
    const file = join(dir, 'copy.pdf');
    writeFileSync(file, pdf);
    expect(poppler('pdfinfo', [file])).toMatch(
      /Page size:\s+595\.2 x 841\.9\d* pts|Page size:\s+595\.\d+ x 841\.\d+ pts/,
    );
    poppler('pdftoppm', ['-r', '30', '-png', '-singlefile', file, join(dir, 'copy')]);
    const stats = await sharp(readFileSync(join(dir, 'copy.png')))
      .greyscale()
      .stats();
    expect(stats.channels[0]!.min).toBeLessThan(80);
    expect(stats.channels[0]!.max).toBeGreaterThan(240);
  });
});
