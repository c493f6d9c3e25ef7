import type { PDFDocument, PDFRef } from 'pdf-lib';
import { MM } from '../../../ingest/adapters/pdf-fonts';
import type { TableColumn } from '../../core/documents/printer.port';
import { PageContent } from './page-content';
import { wrapText, type PdfText } from './page-text';
import { SIGNATURE_DATE, signatureLabel } from './table-signature';

/** Page margins (15 mm) and the type sizes of a printed table, in points. */
export const MARGIN = 15 * MM;
export const SIZE = { title: 16, meta: 10, header: 9.5, cell: 9, note: 9.5, signature: 10.5 } as const;
const LEADING = 1.35;
const PAD_X = 3;
const PAD_Y = 3;
const HEADER_GRAY = 0.88;

export interface TableFonts {
  regular: PdfText;
  bold: PdfText;
}

/** Height of one line of type `size`. */
const lineHeight = (size: number) => size * LEADING;

/** The baseline of a line of type `size` whose line box starts at `top` (the em box centred in it). */
const baseline = (top: number, size: number) => top - (lineHeight(size) - size) / 2 - 0.88 * size;

/**
 * Lays out one copy of a table document page by page: title and meta lines, the ruled table with its
 * header on every page, notes, signatures. Each finished page's drawing becomes a compressed content
 * stream at once (nothing of a page is kept but its stream), so rows can be streamed.
 */
export class TablePageWriter {
  /** The finished pages' content streams. */
  readonly pages: PDFRef[] = [];
  private content = new PageContent();
  private y: number;
  private readonly left = MARGIN;
  private readonly width: number;
  private readonly top: number;
  private readonly bottom = MARGIN;
  private readonly colX: number[] = [];
  private readonly colW: number[];
  private readonly header: string[][];
  private readonly headerHeight: number;
  /** Where the table's rules start on this page, or null when the table is not on it. */
  private tableTop: number | null = null;
  private rowsOnPage = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: TableFonts,
    size: [number, number],
    private readonly columns: readonly TableColumn[],
  ) {
    this.width = size[0] - 2 * MARGIN;
    this.top = size[1] - MARGIN;
    this.y = this.top;
    const weights = columns.map((c) => (Number.isFinite(c.width) && c.width > 0 ? c.width : 1));
    const total = weights.reduce((a, b) => a + b, 0);
    this.colW = weights.map((w) => (this.width * w) / total);
    let x = this.left;
    for (const w of this.colW) {
      this.colX.push(x);
      x += w;
    }
    this.header = columns.map((c, i) => this.wrap(c.label, i, SIZE.header, fonts.bold));
    this.headerHeight = 2 * PAD_Y + Math.max(...this.header.map((l) => l.length)) * lineHeight(SIZE.header);
  }

  /** The title, centred, then the meta lines left to right, wrapped. */
  heading(title: string, meta: readonly string[]): void {
    const { bold, regular } = this.fonts;
    for (const line of wrapText(title, this.width, SIZE.title, bold)) {
      const x = this.left + (this.width - bold.width(line, SIZE.title)) / 2;
      this.content.text(bold, SIZE.title, x, baseline(this.y, SIZE.title), line);
      this.y -= lineHeight(SIZE.title);
    }
    this.y -= 6;
    const gap = 2 * SIZE.meta;
    let x = this.left;
    const newLine = () => {
      this.y -= lineHeight(SIZE.meta);
      x = this.left;
    };
    for (const item of meta) {
      for (const part of wrapText(item, this.width, SIZE.meta, regular)) {
        const w = regular.width(part, SIZE.meta);
        if (x > this.left && x + w > this.left + this.width) newLine();
        this.content.text(regular, SIZE.meta, x, baseline(this.y, SIZE.meta), part);
        x += w + gap;
      }
    }
    if (x > this.left) newLine();
    this.y -= 4;
  }

  /** Starts the table (its header) on this page. */
  beginTable(): void {
    this.tableTop = this.y;
    this.rowsOnPage = 0;
    const h = this.headerHeight;
    this.content.fillRect(this.left, this.y - h, this.width, h, HEADER_GRAY);
    this.content.line(this.left, this.y, this.left + this.width, this.y);
    this.drawCells(this.header, h, this.fonts.bold, SIZE.header, () => 'center');
    this.y -= h;
    this.content.line(this.left, this.y, this.left + this.width, this.y);
  }

  /** One row; on the next page (header repeated) when it does not fit; split only if taller than a page. */
  async row(cells: readonly string[]): Promise<void> {
    let lines = this.columns.map((_, i) => this.wrap(cells[i] ?? '', i, SIZE.cell, this.fonts.regular));
    const lh = lineHeight(SIZE.cell);
    const freshPage = this.top - this.headerHeight - this.bottom;
    for (;;) {
      const count = Math.max(...lines.map((l) => l.length));
      const height = 2 * PAD_Y + count * lh;
      if (height > this.y - this.bottom && (this.rowsOnPage > 0 || height <= freshPage)) {
        await this.continueTable();
      }
      const fits = Math.max(1, Math.floor((this.y - this.bottom - 2 * PAD_Y) / lh));
      const now = lines.map((l) => l.slice(0, fits));
      this.drawRow(now, 2 * PAD_Y + Math.min(count, fits) * lh);
      lines = lines.map((l) => l.slice(fits));
      if (count <= fits) return;
      await this.continueTable();
    }
  }

  /** The row of an empty table: （无） across all columns. */
  emptyRow(): void {
    const h = 2 * PAD_Y + lineHeight(SIZE.cell);
    const text = '（无）';
    const x = this.left + (this.width - this.fonts.regular.width(text, SIZE.cell)) / 2;
    this.content.text(this.fonts.regular, SIZE.cell, x, baseline(this.y - PAD_Y, SIZE.cell), text);
    this.closeTable(this.y);
    this.content.line(this.left, this.y, this.left, this.y - h);
    this.content.line(this.left + this.width, this.y, this.left + this.width, this.y - h);
    this.y -= h;
    this.content.line(this.left, this.y, this.left + this.width, this.y);
  }

  /** Ends the table: its column rules on the last page. */
  endTable(): void {
    this.closeTable(this.y);
  }

  /** Paragraphs after the table, flowing onto further pages. */
  async notes(notes: readonly string[]): Promise<void> {
    if (notes.length === 0) return;
    this.y -= 8;
    const { regular } = this.fonts;
    for (const note of notes) {
      for (const line of wrapText(note, this.width, SIZE.note, regular)) {
        if (this.y - lineHeight(SIZE.note) < this.bottom) await this.nextPage();
        this.content.text(regular, SIZE.note, this.left, baseline(this.y, SIZE.note), line);
        this.y -= lineHeight(SIZE.note);
      }
    }
  }

  /** 签字 lines in a grid, each a label with a line to sign on and 日期, kept together on one page. */
  async signatures(labels: readonly string[]): Promise<void> {
    if (labels.length === 0) return;
    const { regular } = this.fonts;
    const size = SIZE.signature;
    const entries = labels.map((label) => [signatureLabel(label), SIGNATURE_DATE]);
    const entryWidth = Math.max(...entries.flat().map((t) => regular.width(t, size)));
    const colGap = 3 * size;
    const perRow = Math.max(1, Math.floor((this.width + colGap) / (entryWidth + colGap)));
    const cellWidth = perRow > 1 ? this.width / perRow : this.width;
    // Room to sign above each line: the rows stand well apart.
    const rowHeight = 2 * lineHeight(size) + 2.6 * size;
    const rows = Math.ceil(entries.length / perRow);
    const space = 2 * size;
    const blockHeight = space + rows * rowHeight;
    if (this.y - blockHeight < this.bottom && blockHeight <= this.top - this.bottom) await this.nextPage();
    else this.y -= space;
    entries.forEach((lines, i) => {
      const x = this.left + (i % perRow) * cellWidth;
      let top = this.y - Math.floor(i / perRow) * rowHeight;
      for (const line of lines) {
        const fitted = wrapText(line, this.width, size, regular)[0] ?? '';
        this.content.text(regular, size, x, baseline(top, size), fitted);
        top -= lineHeight(size) + 0.4 * size;
      }
    });
    this.y -= rows * rowHeight;
  }

  /** Finishes the last page. */
  async finish(): Promise<void> {
    await this.finishPage();
  }

  private wrap(text: string, column: number, size: number, font: PdfText): string[] {
    return wrapText(text, this.colW[column]! - 2 * PAD_X, size, font);
  }

  private drawRow(lines: string[][], height: number): void {
    this.drawCells(lines, height, this.fonts.regular, SIZE.cell, (i) => this.columns[i]!.align ?? 'left');
    this.y -= height;
    this.content.line(this.left, this.y, this.left + this.width, this.y);
    this.rowsOnPage++;
  }

  /** Cells' lines centred vertically in a row of `height` starting at `this.y`, aligned per column. */
  private drawCells(
    lines: string[][],
    height: number,
    font: PdfText,
    size: number,
    align: (column: number) => 'left' | 'center' | 'right',
  ): void {
    const lh = lineHeight(size);
    lines.forEach((cell, i) => {
      let top = this.y - (height - cell.length * lh) / 2;
      const x0 = this.colX[i]!;
      const w = this.colW[i]!;
      const a = align(i);
      for (const line of cell) {
        const lw = a === 'left' ? 0 : font.width(line, size);
        const x = a === 'left' ? x0 + PAD_X : a === 'right' ? x0 + w - PAD_X - lw : x0 + (w - lw) / 2;
        this.content.text(font, size, x, baseline(top, size), line);
        top -= lh;
      }
    });
  }

  /** The table's vertical rules on this page, from its top to `to`. */
  private closeTable(to: number): void {
    if (this.tableTop === null) return;
    for (const x of [...this.colX, this.left + this.width]) this.content.line(x, this.tableTop, x, to);
    this.tableTop = null;
  }

  private async continueTable(): Promise<void> {
    this.closeTable(this.y);
    await this.nextPage();
    this.beginTable();
  }

  private async nextPage(): Promise<void> {
    await this.finishPage();
    this.content = new PageContent();
    this.y = this.top;
  }

  private async finishPage(): Promise<void> {
    this.pages.push(this.content.register(this.doc));
    // Let the server answer other requests between pages of a long register.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
