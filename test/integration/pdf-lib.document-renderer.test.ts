import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import jsQR from 'jsqr';
import * as pdfLib from 'pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { layoutSvg } from '../../ingest/adapters/layout-drawing';
import { PdfLibDocumentRenderer } from '../../ingest/adapters/pdf-lib.document-renderer';
import { renderWithPdfjs } from '../../ingest/adapters/pdf-raster';
import { openWithPdfjs, pdfjsTextItems } from '../../ingest/adapters/pdfjs-loader';
import { PdfjsPdfReader } from '../../ingest/adapters/pdfjs.pdf-reader';
import { layoutSeparator } from '../../ingest/adapters/separator-layout';
import { layoutForm, type FormContent } from '../../server/core/ingest/form-layout';
import type { SearchablePage } from '../../server/core/ingest/ingest-ports';
import { encodeSeparator } from '../../server/core/ingest/separator';

/** `label=value` pairs separated by spaces. */
const pairs = (text: string) =>
  text
    .split(' ')
    .map((pair) => pair.split('='))
    .map(([label = '', value = '']) => ({ label, value }));
const FORM: FormContent = {
  agency: '北京市朝阳区社会保险事业管理中心',
  title: '城镇职工基本养老保险参保登记表',
  reference: '业务编号：YL2024030100123',
  fields: pairs(
    '姓名=张三丰 性别=男 公民身份号码=110105199003071234 出生日期=1990年03月07日 参保险种=基本养老保险 ' +
      '参保日期=2024年03月01日 缴费基数=8,650.00元 联系电话=13800138000',
  ),
  signatures: pairs('经办人=李四 复核人=王五'),
};

const renderer = new PdfLibDocumentRenderer();
let dir: string;
let form: { pdf: Uint8Array; pages: Uint8Array[] };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  form = await renderer.renderForm(layoutForm(FORM));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Asserts that `needles` occur in `text` in this order. */
function expectInOrder(text: string, needles: string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`"${needle}" not found (in order) in:\n${text}`);
    from = at + needle.length;
  }
}

/** The dictionaries of the PDF's indirect objects of `/Type type`. */
function objectsOfType(doc: PDFDocument, type: string): PDFDict[] {
  return doc.context
    .enumerateIndirectObjects()
    .map(([, o]) => o)
    .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of(type));
}

/** The page's content streams, decoded. */
function contentOf(page: PDFPage, o: unknown = page.node.Contents()): string {
  const lookup = (ref: unknown) => contentOf(page, page.doc.context.lookup(ref as PDFRawStream));
  if (o instanceof PDFArray) return o.asArray().map(lookup).join('\n');
  return Buffer.from(pdfLib.decodePDFRawStream(o as PDFRawStream).decode()).toString('latin1');
}

describe('renderForm', () => {
  it('draws an A4 PDF with the font embedded as a subset, its metadata, and a preview PNG at 150 dpi', async () => {
    const { pdf, pages } = form;
    expect(pdf.length).toBeLessThan(200 * 1024);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([width, height].map(Math.round)).toEqual([595, 842]);
    expect([doc.getTitle(), doc.getProducer()]).toEqual([FORM.title, '社保业务档案系统']);

    const descriptors = objectsOfType(doc, 'FontDescriptor');
    expect(descriptors).toHaveLength(2); // regular and bold
    for (const d of descriptors) {
      expect(d.get(PDFName.of('FontName'))?.toString()).toMatch(/^\/[A-Z]{6}\+/);
      const file = d.lookup(PDFName.of('FontFile2'));
      expect(file).toBeInstanceOf(PDFRawStream);
      // Every glyph of the subset decodes (@pdf-lib/fontkit's short-loca bug made most of them garbage).
      const font = fontkit.create(Buffer.from(pdfLib.decodePDFRawStream(file as PDFRawStream).decode()));
      expect(font.numGlyphs).toBeGreaterThan(5);
      for (let gid = 0; gid < font.numGlyphs; gid++) expect(() => font.getGlyph(gid).path).not.toThrow();
    }
    const type0 = (f: PDFDict) => f.get(PDFName.of('Subtype')) === PDFName.of('Type0');
    for (const f of objectsOfType(doc, 'Font').filter(type0)) {
      expect(f.get(PDFName.of('BaseFont'))?.toString()).toMatch(/^\/[A-Z]{6}\+NotoSansSC/);
    }

    expect(pages).toHaveLength(1);
    const meta = await sharp(pages[0]!).metadata();
    expect([meta.format, meta.width, meta.height, meta.density]).toEqual(['png', 1240, 1754, 150]);
  });

  it('reads back through the PdfReader with the title and the values in order', async () => {
    const path = join(dir, 'form.pdf');
    writeFileSync(path, form.pdf);
    const page = await new PdfjsPdfReader({ rasteriser: 'none' }).extractPage(path, 0);
    expect(page.image.mediaType).toBe('application/pdf');
    const expected = [FORM.agency, FORM.title, 'YL2024030100123', ...FORM.fields.map((f) => f.value)];
    expectInOrder(page.text ?? '', [...expected, '经办人：李四', '复核人：王五']);
  });

  it('composes a preview that matches the reference SVG drawing of the layout', async () => {
    const [layout, { pages }] = [layoutForm(FORM), form];
    expect(pages[0]![25]).toBe(0); // a grey PNG
    const reference = await sharp(Buffer.from(layoutSvg(layout.width, layout.height, layout.elements, 150)))
      .png()
      .toBuffer();
    const small = async (png: Uint8Array) =>
      (await sharp(png).extractChannel(0).resize(310, 438, { fit: 'fill' }).raw().toBuffer()).valueOf();
    const [a, b] = [await small(pages[0]!), await small(reference)];
    const meanDiff = a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;
    expect(meanDiff).toBeLessThan(1.5); // glyphs snapped to whole pixels, nothing else differs
  });

  it('shows the same ink in the PDF (rendered by pdf.js) as in the preview PNG', async () => {
    const { pdf, pages } = form;
    const doc = await openWithPdfjs(pdf);
    const rendered = await renderWithPdfjs(doc, 0, 150);
    await doc.destroy();
    if (!rendered) return; // no @napi-rs/canvas on this platform
    const ink = async (png: Uint8Array) => {
      const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      return data.reduce((sum, v) => sum + (255 - v), 0);
    };
    const [fromPdf, fromPreview] = [await ink(rendered), await ink(pages[0]!)];
    // A broken subset renders a third of the glyphs; the two drawings agree within a few per cent.
    expect(fromPdf / fromPreview).toBeGreaterThan(0.85);
    expect(fromPdf / fromPreview).toBeLessThan(1.15);
  });

  it('renders a form in tens of milliseconds (the preview in parallel on sharp’s threads)', async () => {
    const layout = layoutForm(FORM);
    await renderer.renderForm(layout);
    const n = 20;
    const started = performance.now();
    for (let i = 0; i < n; i++) await renderer.renderForm(layout);
    const ms = (performance.now() - started) / n;
    console.log(`renderForm: ${ms.toFixed(1)} ms/form`);
    expect(ms).toBeLessThan(500); // generous: a busy CI machine; ~30-60 ms measured on 2 idle cores
  });
});

describe('separatorSheets', () => {
  const person = { businessStep: '养老保险参保登记', residentId: '110105199003071234', personName: '张三丰' };
  const unit = { businessStep: '单位参保登记', unitCode: '91110105MA01ABCD2X', unitName: '某某科技有限公司' };
  const sheets = [
    { code: encodeSeparator(person), caption: ['养老保险参保登记', '张三丰 110105199003071234'] },
    { code: encodeSeparator(unit), caption: ['单位参保登记', '某某科技有限公司'] },
  ];

  it('makes one A4 page per sheet with the heading and the captions as text', async () => {
    const pdf = await renderer.separatorSheets(sheets);
    expect(pdf.length).toBeLessThan(200 * 1024);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    const pdfjs = await openWithPdfjs(pdf);
    const text = (await pdfjsTextItems(pdfjs, 1)).map((i) => i.str).join('\n');
    await pdfjs.destroy();
    expectInOrder(text, ['分隔页', '单位参保登记', '某某科技有限公司']);
  });

  it('prints a QR code that decodes back to the payload (from the PDF when pdf.js can render it)', async () => {
    const pdf = await renderer.separatorSheets(sheets);
    const pdfjs = await openWithPdfjs(pdf);
    for (const [i, sheet] of sheets.entries()) {
      const fromSvg = await sharp(Buffer.from(layoutSvg(210, 297, layoutSeparator(sheet), 100)))
        .png()
        .toBuffer();
      const fromPdf = await renderWithPdfjs(pdfjs, i, 100);
      for (const png of [fromSvg, fromPdf]) {
        if (!png) continue;
        const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
        expect(jsQR(pixels, info.width, info.height)?.data).toBe(sheet.code);
      }
    }
    await pdfjs.destroy();
  });
});

describe('searchablePdf', () => {
  async function scanPage(mediaType: SearchablePage['mediaType'], dpi: number): Promise<SearchablePage> {
    const [width, height] = [Math.round((210 / 25.4) * dpi), Math.round((297 / 25.4) * dpi)];
    const base = sharp({ create: { width, height, channels: 3, background: '#fff' } }).composite([
      {
        input: { create: { width: width >> 1, height: height >> 5, channels: 3, background: '#333' } },
        top: 99,
        left: 99,
      },
    ]);
    const format = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/tiff': 'tiff' } as const;
    const image = await base.toFormat(format[mediaType]).toBuffer();
    const box = (x0: number, y0: number, x1: number, y1: number) =>
      [x0 * width, y0 * height, x1 * width, y1 * height].map(Math.round) as [number, number, number, number];
    return {
      ...{ image, mediaType, width, height, dpi },
      words: [
        { text: '社会保险登记表', confidence: 91, box: box(0.3, 0.05, 0.7, 0.08) },
        { text: '公民身份号码', confidence: 88, box: box(0.1, 0.2, 0.3, 0.22) },
        { text: '110105199003071234', confidence: 93, box: box(0.35, 0.2, 0.7, 0.22) },
      ],
    };
  }

  it('puts each image on a page of its physical size, a JPEG as is, with invisible words on top', async () => {
    const pages = await Promise.all([
      scanPage('image/jpeg', 200),
      scanPage('image/png', 150),
      scanPage('image/tiff', 300),
    ]);
    const started = performance.now();
    const pdf = await renderer.searchablePdf(pages);
    console.log(
      `searchablePdf: ${((performance.now() - started) / pages.length).toFixed(1)} ms/page, ${pdf.length} bytes`,
    );
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getProducer()).toBe('社保业务档案系统');
    for (const page of doc.getPages()) {
      expect([page.getWidth(), page.getHeight()].map(Math.round)).toEqual([595, 842]);
      const content = contentOf(page);
      expect(content).toMatch(/\b3 Tr\b/); // text rendering mode 3: invisible
      expect(content).toMatch(/\bTz\b/); // scaled to the word boxes
    }
    const isJpeg = (o: unknown): o is PDFRawStream =>
      o instanceof PDFRawStream && o.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode');
    const jpeg = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .find(isJpeg);
    expect(Buffer.from(jpeg!.getContents()).equals(Buffer.from(pages[0]!.image))).toBe(true); // as is

    const pdfjs = await openWithPdfjs(pdf);
    for (let i = 0; i < pages.length; i++) {
      const text = (await pdfjsTextItems(pdfjs, i)).map((t) => t.str).join(' ');
      expectInOrder(text, ['社会保险登记表', '公民身份号码', '110105199003071234']);
    }
    await pdfjs.destroy();
  });
});
