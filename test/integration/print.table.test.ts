import fontkit from '@pdf-lib/fontkit';
import ExcelJS from 'exceljs';
import * as pdfLib from 'pdf-lib';
import type { PDFRawStream } from 'pdf-lib';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { projectFontBytes } from '../../ingest/adapters/project-font';
import { renderWithPdfjs } from '../../ingest/adapters/pdf-raster';
import { openWithPdfjs, pdfjsTextItems, type PdfjsDocument } from '../../ingest/adapters/pdfjs-loader';
import { PdfLibDocumentPrinter } from '../../server/adapters/print/pdf-lib.document-printer';
import { sheetName } from '../../server/adapters/print/table-xlsx';
import type { TableColumn, TableDocument } from '../../server/core/documents/printer.port';

const printer = new PdfLibDocumentPrinter();

/** 归档文件目录 columns (standards B: 序号 | 档号 | 文号 | 责任者 | 题名 | 日期 | 密级 | 页数 | 备注). */
const CATALOGUE: TableColumn[] = [
  { label: '序号', width: 5, align: 'center' },
  { label: '档号', width: 15 },
  { label: '文号', width: 10 },
  { label: '责任者', width: 12 },
  { label: '题名', width: 30 },
  { label: '日期', width: 9, align: 'center' },
  { label: '密级', width: 5, align: 'center' },
  { label: '页数', width: 5, align: 'right' },
  { label: '备注', width: 9 },
];
const HEADER = CATALOGUE.map((c) => c.label).join('');
const LONG_TITLE =
  '关于张三丰城镇职工基本养老保险参保登记、缴费基数核定及个人账户建立的业务材料（含身份证复印件、劳动合同、工资表）';
const code = (i: number) => `160-YL·2013-D30-${String(i).padStart(4, '0')}`;

function catalogueRow(i: number): string[] {
  const title = i === 7 ? LONG_TITLE : `城镇职工基本养老保险参保登记表第${i}件`;
  return [
    String(i),
    code(i),
    `朝社保〔2013〕${i}号`,
    '朝阳区社保中心',
    title,
    '20130307',
    '',
    String(i % 9),
    '',
  ];
}

function catalogue(rows: number, extra: Partial<TableDocument> = {}): TableDocument {
  return {
    title: '社保业务档案归档文件目录',
    orientation: 'landscape',
    meta: ['全宗号：160', '年度：2013', '类别：养老保险（YL）', '保管期限：30年'],
    columns: CATALOGUE,
    rows: Array.from({ length: rows }, (_, i) => catalogueRow(i + 1)),
    notes: ['说明：本目录按档号顺序排列。'],
    signatures: ['移交人', '业务环节负责人', '接收人'],
    footer: '朝阳区社会保险事业管理中心',
    ...extra,
  };
}

interface PageText {
  /** The page's text runs in drawing order, joined without separators, whitespace removed. */
  text: string;
  items: { str: string; x: number; y: number; width: number }[];
}

async function readPdf(bytes: Uint8Array): Promise<PageText[]> {
  const doc: PdfjsDocument = await openWithPdfjs(bytes);
  try {
    const pages: PageText[] = [];
    for (let i = 0; i < doc.numPages; i++) {
      const items = (await pdfjsTextItems(doc, i))
        .filter((t) => t.str.trim() !== '')
        .map((t) => ({
          str: t.str,
          x: t.transform[4] as number,
          y: t.transform[5] as number,
          width: t.width,
        }));
      pages.push({
        text: items
          .map((t) => t.str)
          .join('')
          .replace(/\s+/g, ''),
        items,
      });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('tablePdf', () => {
  let bytes: Uint8Array;
  let pages: PageText[];
  beforeAll(async () => {
    bytes = await printer.tablePdf(catalogue(200));
    pages = await readPdf(bytes);
  });

  it('prints the Chinese title, meta lines and header on A4 landscape, with the document metadata', async () => {
    const first = pages[0]!.text;
    expect(
      first.startsWith(
        squeeze('社保业务档案归档文件目录全宗号：160年度：2013类别：养老保险（YL）保管期限：30年'),
      ),
    ).toBe(true);
    expect(first).toContain(HEADER);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    for (const page of doc.getPages()) {
      expect([page.getWidth(), page.getHeight()].map(Math.round)).toEqual([842, 595]);
    }
    expect(doc.getTitle()).toBe('社保业务档案归档文件目录');
    expect(doc.getCreator()).toBe('社保业务档案管理系统');
    expect(doc.getProducer()).toContain('社保业务档案管理系统');
  });

  it('spreads 200 rows over several pages, each starting with the header, no row split, none lost', () => {
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const withRows = pages.slice(1).filter((p) => /160-YL·2013-D30-\d{4}/.test(p.text));
    expect(withRows.length).toBeGreaterThanOrEqual(4);
    for (const p of withRows) expect(p.text.startsWith(HEADER)).toBe(true);
    for (let i = 1; i <= 200; i++) {
      const on = pages.filter((p) => p.text.includes(code(i)));
      expect(on).toHaveLength(1); // printed once, whole on one page
      expect(on[0]!.text).toContain(squeeze(catalogueRow(i).slice(1, 6).join('')));
    }
  });

  it('wraps a long cell over several lines of its column, complete', () => {
    const page = pages.find((p) => p.text.includes(squeeze(LONG_TITLE)))!;
    expect(page).toBeDefined();
    const parts = page.items.filter((t) => t.str.length > 1 && LONG_TITLE.includes(t.str));
    expect(new Set(parts.map((t) => Math.round(t.y))).size).toBeGreaterThanOrEqual(2);
    expect(new Set(parts.map((t) => Math.round(t.x))).size).toBe(1); // one column, left-aligned
    expect(parts.map((t) => t.str).join('')).toBe(LONG_TITLE);
  });

  it('numbers every page 第 n 页 共 m 页 beside the footer text', () => {
    pages.forEach((p, i) => {
      expect(p.text).toContain(`第${i + 1}页共${pages.length}页`);
      expect(p.text).toContain('朝阳区社会保险事业管理中心');
    });
  });

  it('prints notes and the signature block together after the table', () => {
    const last = pages.at(-1)!.text;
    expect(last).toContain('说明：本目录按档号顺序排列。');
    for (const label of ['移交人', '业务环节负责人', '接收人']) expect(last).toContain(`${label}：＿＿＿＿`);
    expect(last.match(/日期：年月日/g)).toHaveLength(3);
    expect(last.indexOf('说明')).toBeGreaterThan(last.indexOf(code(200)));
    expect(last.indexOf('移交人')).toBeGreaterThan(last.indexOf('说明'));
  });

  it('embeds the project font as a subset: tagged name, a file far smaller than the font', async () => {
    expect(bytes.length).toBeLessThan(600 * 1024);
    expect(projectFontBytes('regular').length).toBeGreaterThan(5 * 1024 * 1024);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const objects = doc.context.enumerateIndirectObjects().map(([, o]) => o);
    const ofType = (type: string) =>
      objects.filter(
        (o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of(type),
      );
    const descriptors = ofType('FontDescriptor');
    expect(descriptors).toHaveLength(2); // regular and bold
    for (const d of descriptors) {
      expect(d.get(PDFName.of('FontName'))?.toString()).toMatch(/^\/[A-Z]{6}\+NotoSansSC/);
      const file = d.lookup(PDFName.of('FontFile2')) as PDFRawStream;
      const data = pdfLib.decodePDFRawStream(file).decode();
      expect(data.length).toBeLessThan(500 * 1024);
      const font = fontkit.create(Buffer.from(data));
      for (let gid = 0; gid < font.numGlyphs; gid++) expect(() => font.getGlyph(gid).path).not.toThrow();
    }
  });

  it('renders: the rasterised page has ink in the table and blank margins', async () => {
    const doc = await openWithPdfjs(bytes);
    try {
      const png = await renderWithPdfjs(doc, 0, 72);
      expect(png).not.toBeNull();
      const { data, info } = await sharp(png!).greyscale().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([842, 595]);
      const dark = (x0: number, y0: number, x1: number, y1: number) => {
        let n = 0;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (data[y * info.width + x]! < 128) n++;
        return n;
      };
      expect(dark(0, 0, 842, 25)).toBe(0); // top margin
      expect(dark(0, 0, 30, 595)).toBe(0); // left margin
      expect(dark(43, 100, 800, 560)).toBeGreaterThan(5000); // rules and text
    } finally {
      await doc.destroy();
    }
  });
});

describe('tablePdf options', () => {
  it('prints each copy from a new page, labelled, numbered within the copy, rows read once', async () => {
    let reads = 0;
    async function* rows() {
      reads++;
      for (let i = 1; i <= 60; i++) yield catalogueRow(i);
    }
    const copies = ['第一联 业务环节存', '第二联 档案管理环节存'];
    const bytes = await printer.tablePdf({ ...catalogue(0), orientation: 'portrait', rows: rows(), copies });
    expect(reads).toBe(1);
    const pages = await readPdf(bytes);
    expect(pages.length % 2).toBe(0);
    const perCopy = pages.length / 2;
    expect(perCopy).toBeGreaterThan(1);
    copies.forEach((label, c) => {
      const own = pages.slice(c * perCopy, (c + 1) * perCopy);
      expect(own[0]!.text).toContain(squeeze(label));
      expect(own[0]!.text).toContain('社保业务档案归档文件目录');
      own.slice(1).forEach((p) => expect(p.text).not.toContain(squeeze(label)));
      own.forEach((p, i) => expect(p.text).toContain(`第${i + 1}页共${perCopy}页`));
      for (let i = 1; i <= 60; i++) expect(own.filter((p) => p.text.includes(code(i)))).toHaveLength(1);
      expect(own.at(-1)!.text).toContain('接收人：＿＿＿＿');
    });
    // The label sits at the top right of the copy's first page.
    const label = pages[0]!.items.find((t) => squeeze(t.str).includes('第一联'))!;
    expect(label.x).toBeGreaterThan(595 / 2);
    expect(label.y).toBeGreaterThan(800);
    const doc = await PDFDocument.load(bytes);
    expect([doc.getPage(0).getWidth(), doc.getPage(0).getHeight()].map(Math.round)).toEqual([595, 842]);
  });

  it('prints the header and （无） for no rows', async () => {
    const pages = await readPdf(await printer.tablePdf(catalogue(0, { signatures: [], notes: [] })));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.text).toContain(`${HEADER}（无）第1页共1页`);
  });

  it('aligns cells per column', async () => {
    const columns: TableColumn[] = [
      { label: '左', width: 1, align: 'left' },
      { label: '中', width: 1, align: 'center' },
      { label: '右', width: 1, align: 'right' },
    ];
    const pages = await readPdf(
      await printer.tablePdf({
        title: '对齐',
        orientation: 'portrait',
        columns,
        rows: [['甲', '乙乙', '丙丙丙']],
      }),
    );
    const at = (s: string) => pages[0]!.items.find((t) => t.str === s)!;
    const margin = (15 * 72) / 25.4;
    const col = (595.28 - 2 * margin) / 3;
    expect(at('甲').x).toBeCloseTo(margin + 3, 0);
    expect(at('乙乙').x + at('乙乙').width / 2).toBeCloseTo(margin + 1.5 * col, 0);
    expect(at('丙丙丙').x + at('丙丙丙').width).toBeCloseTo(margin + 3 * col - 3, 0);
  });

  it('breaks long Latin words and a row taller than a page without losing text', async () => {
    const token = 'averyveryverylonglatintokenwithoutanyspaces_1234567890'.repeat(2);
    const huge = '很长的备注。'.repeat(1200);
    const pages = await readPdf(
      await printer.tablePdf({
        title: '长文本',
        orientation: 'portrait',
        columns: [
          { label: '编号', width: 1 },
          { label: '内容', width: 4 },
        ],
        rows: [
          [token, 'Pension insurance registration form, contribution base'],
          ['2', huge],
          ['3', '末行'],
        ],
      }),
    );
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]!.text).toContain(token);
    expect(pages[0]!.text).toContain(squeeze('Pension insurance registration form, contribution base'));
    // The oversized row continues on the next pages, under the header again, every character kept.
    const all = pages.map((p) => p.text.replace(/第\d+页共\d+页/g, '').replace(/编号内容/g, '')).join('');
    expect(all.match(/很长的备注。/g)).toHaveLength(1200);
    expect(all.includes(huge)).toBe(true);
    pages.slice(1).forEach((p) => expect(p.text.startsWith('编号内容')).toBe(true));
    expect(pages.at(-1)!.text).toContain('3末行');
  });
});

describe('tableXlsx', () => {
  async function read(bytes: Uint8Array) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect(book.worksheets).toHaveLength(1);
    return { book, sheet: book.worksheets[0]! };
  }

  it('writes the title merged, meta rows, the ruled bold header frozen and repeated, the rows and the end', async () => {
    async function* rows() {
      for (let i = 1; i <= 120; i++) yield catalogueRow(i);
    }
    const { book, sheet } = await read(await printer.tableXlsx({ ...catalogue(0), rows: rows() }));
    expect(sheet.name).toBe('社保业务档案归档文件目录');
    expect(book.creator).toBe('社保业务档案管理系统');
    expect(sheet.getCell('A1').value).toBe('社保业务档案归档文件目录');
    expect(sheet.getCell('A1').font.bold).toBe(true);
    expect(sheet.model.merges).toContain('A1:I1');
    expect([2, 3, 4, 5].map((r) => sheet.getCell(r, 1).value)).toEqual([
      '全宗号：160',
      '年度：2013',
      '类别：养老保险（YL）',
      '保管期限：30年',
    ]);
    const header = sheet.getRow(6);
    expect(CATALOGUE.map((_, i) => header.getCell(i + 1).value)).toEqual(CATALOGUE.map((c) => c.label));
    expect(header.getCell(5).font.bold).toBe(true);
    expect(header.getCell(5).border.bottom?.style).toBe('thin');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      printTitlesRow: '6:6',
    });

    const cells = (r: number) => CATALOGUE.map((_, i) => sheet.getCell(r, i + 1).value ?? '');
    expect(cells(7)).toEqual(catalogueRow(1));
    expect(cells(126)).toEqual(catalogueRow(120));
    expect(sheet.getCell(7 + 6, 5).value).toBe(LONG_TITLE);
    expect(sheet.getCell(7 + 6, 5).alignment.wrapText).toBe(true);
    expect(sheet.getCell(7, 8).alignment.horizontal).toBe('right');

    const widths = sheet.columns.map((c) => c.width!);
    expect(widths[4]! / widths[1]!).toBeCloseTo(30 / 15, 1);
    expect(widths[0]! / widths[1]!).toBeCloseTo(5 / 15, 1);

    const after: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 126) after.push(String(row.getCell(1).value));
    });
    expect(after).toEqual([
      '说明：本目录按档号顺序排列。',
      '移交人：＿＿＿＿＿＿＿＿　　日期：　　年　　月　　日',
      '业务环节负责人：＿＿＿＿＿＿＿＿　　日期：　　年　　月　　日',
      '接收人：＿＿＿＿＿＿＿＿　　日期：　　年　　月　　日',
    ]);
  });

  it('prints （无） for no rows, and names the sheet from the title within Excel’s rules', async () => {
    const { sheet } = await read(
      await printer.tableXlsx({
        title: '档案查阅登记表[2024]:养老/工伤*?\\',
        orientation: 'portrait',
        columns: CATALOGUE.slice(0, 3),
        rows: [],
      }),
    );
    expect(sheet.name).toBe('档案查阅登记表 2024 养老 工伤');
    expect(sheet.getCell('A3').value).toBe('（无）');
    expect(sheet.pageSetup.orientation).toBe('portrait');
    expect(sheetName('一二三四五六七八九十'.repeat(4))).toHaveLength(31);
    expect(sheetName('[]')).toBe('Sheet1');
  });
});
