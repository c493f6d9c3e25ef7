import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFHexString, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { PdfLibDocumentRenderer } from '../../ingest/adapters/pdf-lib.document-renderer';
import { embedProjectFont } from '../../ingest/adapters/pdf-fonts';
import { findOnPath } from '../../ingest/adapters/pdf-raster';
import { drawFullPageImage } from '../../ingest/adapters/pdf-text-layer';
import { PdfjsPdfReader } from '../../ingest/adapters/pdfjs.pdf-reader';
import { layoutForm } from '../../server/core/ingest/form-layout';
import type { ImageLimits } from '../../server/core/ingest/ingest-ports';

const LIMITS: ImageLimits = { maxPagesPerFile: 500, maxPixelsPerPage: 100_000_000 };
const renderer = new PdfLibDocumentRenderer();
const reader = new PdfjsPdfReader({ rasteriser: 'pdfjs' });
let dir: string;
let n = 0;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pdf-reader-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `bytes` to a fresh file (the reader caches by path, size and mtime). */
function file(bytes: Uint8Array, name = 'file.pdf'): string {
  const path = join(dir, `${++n}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** A grey page picture of `width` × `height` with a few dark bars (a stand-in for a scan). */
function picture(width: number, height: number): sharp.Sharp {
  const bar = { create: { width: width >> 1, height: 9, channels: 3 as const, background: '#222' } };
  const bars = [0.1, 0.3, 0.5].map((y) => ({ input: bar, left: width >> 3, top: Math.round(height * y) }));
  const page = sharp({ create: { width, height, channels: 3, background: '#fff' } });
  return page.composite(bars).removeAlpha().toColourspace('b-w');
}

/** A PDF as a scanner writes it: each page one full-page JPEG, the page size from the pixels and `dpi`. */
async function scannerPdf(jpegs: Buffer[], dpi: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const jpeg of jpegs) {
    const image = await doc.embedJpg(jpeg);
    const page = doc.addPage([(image.width * 72) / dpi, (image.height * 72) / dpi]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return doc.save();
}

/** A PDF whose page `i` says `第{i+1}页` and a sentence, in the project font. */
async function textPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await embedProjectFont(doc);
  for (let i = 1; i <= pages; i++)
    doc.addPage().drawText(`第${i}页 社会保险业务档案`, { x: 50, y: 700, font });
  return doc.save();
}

/** The image's pixels as stored: grey stays one channel (sharp's `raw()` would return RGB). */
const pixels = (image: Uint8Array, grey: boolean) =>
  sharp(image)
    .toColourspace(grey ? 'b-w' : 'srgb')
    .raw()
    .toBuffer();

/** A PNG's colour type: 0 grey, 2 RGB. */
const colourType = (png: Uint8Array) => png[25];

describe('extractPage: scanned pages', () => {
  it('returns a scanner’s JPEG byte for byte, with the resolution the page size implies', async () => {
    const jpegs = [await picture(1654, 2339).jpeg().toBuffer(), await picture(1700, 2200).jpeg().toBuffer()];
    const path = file(await scannerPdf(jpegs, 200));
    expect(await reader.probe(path, LIMITS)).toEqual({ mediaType: 'application/pdf', pages: 2 });
    for (const [i, jpeg] of jpegs.entries()) {
      const page = await reader.extractPage(path, i);
      expect(page.image.mediaType).toBe('image/jpeg');
      expect(Buffer.from(page.image.content).equals(jpeg)).toBe(true);
      expect(page.dpi).toBeCloseTo(200, 2);
      expect([page.text, page.raster]).toEqual([null, null]);
    }
  });

  it('decodes a FlateDecode image (grey, bitonal 1-bit) losslessly to a PNG', async () => {
    const grey = await picture(850, 1100).png().toBuffer();
    const bitonal = await sharp(grey).threshold(128).toColourspace('b-w').png().toBuffer();
    const [mediaType, width, height, dpi] = ['image/png' as const, 850, 1100, 100];
    const pdf = await renderer.searchablePdf(
      [grey, bitonal].map((image) => ({ image, mediaType, width, height, dpi, words: [] })),
    );
    // Image dictionaries are plain text in the file: grey stays one component, the bitonal page is packed.
    const dicts = Buffer.from(pdf)
      .toString('latin1')
      .match(/\/BitsPerComponent \d|\/Device\w+/g);
    expect(dicts?.sort().join()).toBe('/BitsPerComponent 1,/BitsPerComponent 8,/DeviceGray,/DeviceGray');
    const path = file(pdf);
    for (const [i, source] of [grey, bitonal].entries()) {
      const page = await reader.extractPage(path, i);
      expect(page.image.mediaType).toBe('image/png');
      expect(page.dpi).toBeCloseTo(100, 2);
      expect(colourType(page.image.content)).toBe(0);
      expect((await pixels(page.image.content, true)).equals(await pixels(source, true))).toBe(true);
      expect((await sharp(page.image.content).metadata()).density).toBe(100);
    }
  });

  it('undoes PNG predictors (a PNG’s own IDAT data embedded with /Predictor 15), grey and RGB', async () => {
    for (const channels of [1, 3] as const) {
      const base =
        channels === 1 ? picture(600, 800) : picture(600, 800).toColourspace('srgb').tint('#c04020');
      const png = await base.png({ adaptiveFiltering: true, compressionLevel: 9 }).toBuffer();
      const idat: Buffer[] = [];
      for (let at = 8, length = 0; at < png.length; at += 12 + length) {
        length = png.readUInt32BE(at);
        if (png.toString('latin1', at + 4, at + 8) === 'IDAT')
          idat.push(png.subarray(at + 8, at + 8 + length));
      }
      expect(colourType(png)).toBe(channels === 1 ? 0 : 2);
      const doc = await PDFDocument.create();
      const stream = doc.context.stream(Buffer.concat(idat), {
        ...{ Type: 'XObject', Subtype: 'Image', Width: 600, Height: 800, BitsPerComponent: 8 },
        ...{ ColorSpace: channels === 1 ? 'DeviceGray' : 'DeviceRGB', Filter: 'FlateDecode' },
        DecodeParms: { Predictor: 15, Colors: channels, BitsPerComponent: 8, Columns: 600 },
      });
      const page = doc.addPage([432, 576]); // 600 px over 6 in: 100 dpi
      drawFullPageImage(page, doc.context.register(stream));
      const extracted = await reader.extractPage(file(await doc.save()), 0);
      expect(extracted.image.mediaType).toBe('image/png');
      expect(extracted.dpi).toBeCloseTo(100, 2);
      expect(colourType(extracted.image.content)).toBe(channels === 1 ? 0 : 2);
      const grey = channels === 1;
      expect((await pixels(extracted.image.content, grey)).equals(await pixels(png, grey))).toBe(true);
    }
  });
});

describe('extractPage: generated pages', () => {
  it('keeps a form page as a one-page PDF with its text in reading order and a raster', async () => {
    const fields = [
      { label: '姓名', value: '张伟' },
      { label: '公民身份号码', value: '110101199003074516' },
    ];
    const signatures = [{ label: '经办人', value: '李娜' }];
    const layout = layoutForm({
      agency: '某某市社会保险事业管理中心',
      title: '社会保险登记表',
      fields,
      signatures,
    });
    const path = file((await renderer.renderForm(layout)).pdf);
    const page = await reader.extractPage(path, 0);
    expect(page.image.mediaType).toBe('application/pdf');
    expect((await PDFDocument.load(page.image.content)).getPageCount()).toBe(1);
    expect(page.dpi).toBeNull();
    const lines = [
      '某某市社会保险事业管理中心',
      '社会保险登记表',
      '姓名 张伟 公民身份号码 110101199003074516',
    ];
    expect(page.text).toBe([...lines, '经办人：李娜'].join('\n'));
    const { format, width, height, density } = await sharp(page.raster!).metadata();
    expect([format, width, height, density]).toEqual(['png', 1240, 1754, 150]);
  });

  it('takes the requested page of a longer PDF, and no raster when told so', async () => {
    const path = file(await textPdf(3));
    const page = await new PdfjsPdfReader({ rasteriser: 'none' }).extractPage(path, 1);
    expect(page.text).toBe('第2页社会保险业务档案'); // the space between two CJK characters goes
    expect(page.raster).toBeNull();
    expect((await PDFDocument.load(page.image.content)).getPageCount()).toBe(1);
    await expect(reader.extractPage(path, 3)).rejects.toThrow(RangeError);
  });

  it('reads the invisible OCR text of a searchable PDF as its text layer', async () => {
    const image = await picture(1240, 1754).jpeg().toBuffer();
    const word = (text: string, ...box: [number, number, number, number]) => ({ text, confidence: 90, box });
    const words = [word('参保人员', 100, 100, 300, 150), word('基本信息变更表', 320, 100, 700, 150)];
    const page = { image, mediaType: 'image/jpeg' as const, width: 1240, height: 1754, dpi: 150 };
    const pdf = await renderer.searchablePdf([{ ...page, words }]);
    const extracted = await reader.extractPage(file(pdf), 0);
    expect(extracted.image.mediaType).toBe('application/pdf');
    expect(extracted.text).toBe('参保人员基本信息变更表');
  });

  it('keeps a page that is neither text nor one picture as a PDF, with text null (for OCR of its raster)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawRectangle({ x: 50, y: 50, width: 200, height: 100, color: rgb(0, 0, 0) });
    const page = await reader.extractPage(file(await doc.save()), 0);
    expect(page.image.mediaType).toBe('application/pdf');
    expect([page.text, page.dpi]).toEqual([null, null]);
    expect(page.raster).not.toBeNull();
  });
});

describe('probe: refusals with stable codes', () => {
  const refusal = (e: { code?: string }) => e.code;
  const code = (promise: Promise<unknown>) => promise.then(() => 'accepted', refusal);

  it('refuses a truncated PDF, a non-PDF named .pdf and an empty file', async () => {
    const pdf = await textPdf(2);
    const truncated = file(pdf.subarray(0, Math.floor(pdf.length / 2)));
    expect(await code(reader.probe(truncated, LIMITS))).toBe('ingest.file_corrupt');
    const jpeg = await picture(100, 100).jpeg().toBuffer();
    expect(await code(reader.probe(file(jpeg, 'scan.pdf'), LIMITS))).toBe('ingest.unsupported_type');
    expect(await code(reader.probe(file(new Uint8Array(0)), LIMITS))).toBe('ingest.file_corrupt');
    const headerOnly = file(new TextEncoder().encode('%PDF-1.7\nnothing else'));
    expect(await code(reader.probe(headerOnly, LIMITS))).toBe('ingest.file_corrupt');
  });

  it('refuses an encrypted PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const key = PDFHexString.of('0'.repeat(64));
    const encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: key, U: key, P: -44 });
    doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
    const path = file(await doc.save({ useObjectStreams: false }));
    expect(readFileSync(path, 'latin1')).toMatch(/\/Encrypt \d+ 0 R/);
    const refusal = { code: 'ingest.file_corrupt', details: { reason: 'encrypted' } };
    await expect(reader.probe(path, LIMITS)).rejects.toMatchObject(refusal);
  });

  it('refuses too many pages and images of too many pixels', async () => {
    const path = file(await textPdf(3));
    expect(await code(reader.probe(path, { ...LIMITS, maxPagesPerFile: 2 }))).toBe('ingest.too_many_pages');
    expect((await reader.probe(path, { ...LIMITS, maxPagesPerFile: 3 })).pages).toBe(3);
    const scan = file(await scannerPdf([await picture(1000, 1400).jpeg().toBuffer()], 150));
    const limits = { ...LIMITS, maxPixelsPerPage: 1_000_000 };
    expect(await code(reader.probe(scan, limits))).toBe('ingest.too_many_pixels');
  });
});

describe('rasters from pdftoppm', () => {
  it('runs pdftoppm on the file’s page when it is on PATH (a stand-in script here)', async () => {
    console.log(`pdftoppm: ${findOnPath('pdftoppm') ?? 'not found, rasters from pdf.js on @napi-rs/canvas'}`);
    const bin = mkdtempSync(join(dir, 'bin-'));
    const fixture = await picture(100, 140).png().toBuffer();
    writeFileSync(join(bin, 'fixture.png'), fixture);
    const script = `#!/bin/sh\necho "$@" > "${bin}/args.txt"\ncp "${bin}/fixture.png" "\${10}.png"\n`;
    writeFileSync(join(bin, 'pdftoppm'), script, { mode: 0o755 });
    const path = file(await textPdf(3));
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath ?? ''}`;
    try {
      const page = await new PdfjsPdfReader().extractPage(path, 2);
      const args = readFileSync(join(bin, 'args.txt'), 'utf8').trim().split(' ');
      expect(args.slice(0, 9)).toEqual(['-f', '3', '-l', '3', '-r', '150', '-png', '-singlefile', path]);
      expect((await sharp(page.raster!).metadata()).density).toBe(150);
      expect(page.raster!.length).toBe(fixture.length);
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
