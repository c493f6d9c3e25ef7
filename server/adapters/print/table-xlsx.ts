import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { TableDocument } from '../../core/documents/printer.port';
import { SIGNATURE_DATE, signatureLabel } from './table-signature';

const CREATOR = '社保业务档案管理系统';
/** The table's total width in Excel character units (about an A4 page's printable width). */
const TOTAL_WIDTH = { portrait: 95, landscape: 140 } as const;
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/**
 * A table document as a one-sheet XLSX, written with exceljs's streaming writer (each row is committed
 * as it comes, so only the compressed output is held): title merged across the columns, one merged row
 * per meta line, the header row bold and ruled with the panes frozen below it and repeated on every
 * printed page, the rows ruled and wrapped, notes and signature lines after. Printed A4 in the document's
 * orientation, fitted to the page width. Copies are a matter of printing: one sheet.
 */
export async function tableXlsx(doc: TableDocument): Promise<Uint8Array> {
  const n = doc.columns.length;
  if (n === 0) throw new Error('tableXlsx: a table needs at least one column');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  book.creator = CREATOR;
  book.lastModifiedBy = CREATOR;
  book.title = doc.title;

  const meta = doc.meta ?? [];
  const headerRow = 2 + meta.length;
  const footer = doc.footer ? `&L${excelText(doc.footer)}` : '';
  const sheet = book.addWorksheet(sheetName(doc.title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: doc.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
      horizontalCentered: true,
      margins: { left: 0.6, right: 0.6, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `${footer}&C第 &P 页 共 &N 页` },
  });
  const weights = doc.columns.map((c) => (Number.isFinite(c.width) && c.width > 0 ? c.width : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  sheet.columns = weights.map((w) => ({
    width: Math.max(4, round1((TOTAL_WIDTH[doc.orientation] * w) / total)),
  }));

  let r = 1;
  /** A row of one text merged across all columns. */
  const line = (
    text: string,
    style: { bold?: boolean; size?: number; center?: boolean; height?: number },
  ) => {
    const row = sheet.getRow(r);
    row.getCell(1).value = clean(text);
    row.getCell(1).font = { bold: style.bold, size: style.size ?? 11 };
    row.getCell(1).alignment = {
      horizontal: style.center ? 'center' : 'left',
      vertical: 'middle',
      wrapText: true,
    };
    if (style.height) row.height = style.height;
    if (n > 1) sheet.mergeCells(r, 1, r, n);
    row.commit();
    r++;
  };

  line(doc.title, { bold: true, size: 16, center: true, height: 30 });
  for (const m of meta) line(m, {});

  const header = sheet.getRow(r);
  doc.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = clean(c.label);
    cell.font = { bold: true };
    cell.border = THIN;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE0E0E0' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.commit();
  r++;

  let rows = 0;
  for await (const values of doc.rows) {
    const row = sheet.getRow(r++);
    doc.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = clean(values[i] ?? '');
      cell.border = THIN;
      cell.alignment = { horizontal: c.align ?? 'left', vertical: 'middle', wrapText: true };
    });
    row.commit();
    rows++;
  }
  if (rows === 0) {
    const row = sheet.getRow(r);
    for (let i = 1; i <= n; i++) row.getCell(i).border = THIN;
    row.getCell(1).value = '（无）';
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    if (n > 1) sheet.mergeCells(r, 1, r, n);
    row.commit();
    r++;
  }

  const notes = doc.notes ?? [];
  const signatures = doc.signatures ?? [];
  if (notes.length || signatures.length) r++;
  for (const note of notes) line(note, {});
  if (notes.length && signatures.length) r++;
  for (const label of signatures) line(signatureLabel(label) + '　　' + SIGNATURE_DATE, { height: 30 });

  sheet.commit();
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await book.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A worksheet name from the title: no []:*?/\, not quoted, at most 31 characters. */
export function sheetName(title: string): string {
  let name = '';
  for (const ch of clean(title)
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()) {
    if (name.length + ch.length > 31) break;
    name += ch;
  }
  name = name.replace(/^['\s]+|['\s]+$/g, '');
  return name || 'Sheet1';
}

/** Text without the control characters XML cannot hold (line breaks and tabs stay). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' ');
}

/** Text for an Excel header or footer, where & starts a code. */
function excelText(text: string): string {
  return clean(text).replace(/&/g, '&&');
}

const round1 = (v: number) => Math.round(v * 10) / 10;
