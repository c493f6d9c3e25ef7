import { deflateSync } from 'node:zlib';
import { PDFName, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
import type { PdfText } from './page-text';

/** A4 in points, and the page size of an orientation. */
export const A4_PT = { width: 595.28, height: 841.89 } as const;

export function pageSize(orientation: 'portrait' | 'landscape'): [number, number] {
  return orientation === 'landscape' ? [A4_PT.height, A4_PT.width] : [A4_PT.width, A4_PT.height];
}

const n = (v: number) => (Math.round(v * 100) / 100).toString();

/**
 * One page's drawing as PDF content-stream operators, written as text (filled shapes first, then rules,
 * then text), so a thousand-page register costs a few strings per page rather than pdf-lib's operator
 * objects for every cell.
 */
export class PageContent {
  private readonly fills: string[] = [];
  private readonly rules: string[] = [];
  private readonly texts: string[] = [];
  private font = '';

  /** Text with its baseline starting at (x, y). */
  text(font: PdfText, size: number, x: number, y: number, text: string): void {
    if (!text) return;
    const tf = `/${font.key} ${n(size)} Tf`;
    if (tf !== this.font) {
      this.texts.push(tf);
      this.font = tf;
    }
    this.texts.push(`1 0 0 1 ${n(x)} ${n(y)} Tm <${font.hex(text)}> Tj`);
  }

  line(x1: number, y1: number, x2: number, y2: number): void {
    this.rules.push(`${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l`);
  }

  /** A rectangle filled with grey (0 black … 1 white); (x, y) is its lower-left corner. */
  fillRect(x: number, y: number, width: number, height: number, gray: number): void {
    this.fills.push(`${n(gray)} g ${n(x)} ${n(y)} ${n(width)} ${n(height)} re f`);
  }

  get empty(): boolean {
    return this.fills.length + this.rules.length + this.texts.length === 0;
  }

  toString(): string {
    const out: string[] = [];
    if (this.fills.length) out.push('q', ...this.fills, 'Q');
    if (this.rules.length) out.push('q 0 G 0.5 w 2 J', ...this.rules, 'S Q');
    if (this.texts.length) out.push('q 0 g BT', ...this.texts, 'ET Q');
    return out.join('\n');
  }

  /** The content as a compressed stream object of `doc` (zlib's native deflate: pdf-lib's pako is slower). */
  register(doc: PDFDocument): PDFRef {
    const bytes = deflateSync(Buffer.from(this.toString(), 'latin1'));
    return doc.context.register(doc.context.stream(bytes, { Filter: 'FlateDecode' }));
  }
}

/** Adds a page of `size` drawn by `streams` (in order), with `fonts` as its font resources. */
export function addPage(
  doc: PDFDocument,
  size: [number, number],
  fonts: readonly PdfText[],
  streams: readonly PDFRef[],
): PDFPage {
  const page = doc.addPage(size);
  for (const f of fonts) page.node.setFontDictionary(PDFName.of(f.key), f.font.ref);
  for (const s of streams) page.node.addContentStream(s);
  return page;
}
