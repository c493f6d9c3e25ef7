import { PDFDocument, type PDFRef } from 'pdf-lib';
import { embedProjectFont } from '../../../ingest/adapters/pdf-fonts';
import type { TableDocument } from '../../core/documents/printer.port';
import { addPage, pageSize, PageContent } from './page-content';
import { PdfText } from './page-text';
import { MARGIN, TablePageWriter, type TableFonts } from './table-pdf-writer';

const CREATOR = '社保业务档案管理系统';
const FOOTER_SIZE = 8;
const LABEL_SIZE = 9;

/**
 * A table document (register, list, catalogue) as an A4 PDF with the project font embedded as a subset:
 * title and meta lines, a ruled table whose header repeats on every page and whose rows never split,
 * notes, signature lines, and "第 n 页 共 m 页" on every page.
 *
 * Rows are consumed as they come (an async iterable is never collected): each finished page is at once
 * a compressed content stream. Copies do not lay the table out again: every copy's pages reuse the same
 * streams, with a small stream of their own for the copy label and the page footer.
 */
export async function tablePdf(doc: TableDocument): Promise<Uint8Array> {
  if (doc.columns.length === 0) throw new Error('tablePdf: a table needs at least one column');
  const pdf = await PDFDocument.create();
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setCreator(CREATOR);
  pdf.setProducer(`${CREATOR} (pdf-lib)`);
  pdf.setLanguage('zh-CN');
  const fonts: TableFonts = {
    regular: new PdfText(await embedProjectFont(pdf, 'regular'), 'F1'),
    bold: new PdfText(await embedProjectFont(pdf, 'bold'), 'F2'),
  };
  const size = pageSize(doc.orientation);

  const writer = new TablePageWriter(pdf, fonts, size, doc.columns);
  writer.heading(doc.title, doc.meta ?? []);
  writer.beginTable();
  let rows = 0;
  for await (const row of doc.rows) {
    await writer.row(row);
    rows++;
  }
  if (rows === 0) writer.emptyRow();
  writer.endTable();
  await writer.notes(doc.notes ?? []);
  await writer.signatures(doc.signatures ?? []);
  await writer.finish();

  const copies: (string | null)[] = doc.copies?.length ? doc.copies : [null];
  for (const label of copies) {
    writer.pages.forEach((body: PDFRef, i) => {
      const overlay = pageOverlay(
        fonts.regular,
        size,
        i + 1,
        writer.pages.length,
        doc.footer,
        i === 0 ? label : null,
      );
      addPage(pdf, size, [fonts.regular, fonts.bold], [body, overlay.register(pdf)]);
    });
  }
  return pdf.save();
}

/** The footer (page n of m within the copy, the document's footer text) and, on a copy's first page, its label. */
function pageOverlay(
  font: PdfText,
  [width, height]: [number, number],
  page: number,
  pages: number,
  footer: string | undefined,
  label: string | null,
): PageContent {
  const content = new PageContent();
  const right = width - MARGIN;
  const y = MARGIN - 14;
  const number = `第 ${page} 页 共 ${pages} 页`;
  const numberWidth = font.width(number, FOOTER_SIZE);
  const text = footer?.replace(/\s+/g, ' ').trim();
  if (text) {
    content.text(font, FOOTER_SIZE, right - numberWidth, y, number);
    const room = right - numberWidth - 3 * FOOTER_SIZE - MARGIN;
    content.text(font, FOOTER_SIZE, MARGIN, y, fit(font, text, FOOTER_SIZE, room));
  } else {
    content.text(font, FOOTER_SIZE, (width - numberWidth) / 2, y, number);
  }
  if (label) {
    const fitted = fit(font, label.replace(/\s+/g, ' ').trim(), LABEL_SIZE, width - 2 * MARGIN);
    content.text(font, LABEL_SIZE, right - font.width(fitted, LABEL_SIZE), height - MARGIN + 10, fitted);
  }
  return content;
}

/** `text`, cut with … to `width` if it is wider. */
function fit(font: PdfText, text: string, size: number, width: number): string {
  if (font.width(text, size) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (font.width(`${out}${ch}…`, size) > width) break;
    out += ch;
  }
  return `${out}…`;
}
