import type { PDFFont } from 'pdf-lib';

/**
 * Text for hand-written PDF content streams: widths and glyph codes of the embedded project font, cached
 * per character. pdf-lib's `widthOfTextAtSize` and `encodeText` run fontkit's layout on every call (tens
 * of microseconds); a 30,000-row register would spend most of its time there.
 *
 * Text is encoded character by character (no ligatures or kerning: none matter for Chinese, and a
 * character-wise encoding keeps the extracted text exact). Encoding a character adds its glyph to the
 * font's subset, which pdf-lib writes when the document is saved.
 */
export class PdfText {
  private readonly widths = new Map<string, number>();
  private readonly codes = new Map<string, string>();

  constructor(
    readonly font: PDFFont,
    /** The font's resource name on every page (`F1`). */
    readonly key: string,
  ) {}

  /** Advance width of `text` at `size` points. */
  width(text: string, size: number): number {
    let units = 0;
    for (const ch of text) units += this.charWidth(ch);
    return units * size;
  }

  /** Advance width of one character at size 1. */
  charWidth(ch: string): number {
    let w = this.widths.get(ch);
    if (w === undefined) {
      w = this.font.widthOfTextAtSize(ch, 1);
      this.widths.set(ch, w);
    }
    return w;
  }

  /** The glyph codes of `text` as the hex digits of a PDF string (`<…>`), glyphs added to the subset. */
  hex(text: string): string {
    let out = '';
    for (const ch of text) {
      let code = this.codes.get(ch);
      if (code === undefined) {
        code = this.font.encodeText(ch).asString();
        this.codes.set(ch, code);
      }
      out += code;
    }
    return out;
  }
}

/** Control characters (tabs, NULs …) print as spaces; line breaks are kept for `wrapText`. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

/** Characters that break like Chinese: a line may break before and after each one. */
function isIdeographic(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    cp >= 0x20000
  );
}

/** Never at the start of a line (closing punctuation) / never at the end of one (opening punctuation). */
const NO_BREAK_BEFORE = new Set('，。、；：？！）》」』〕】〉’”…—·%‰,.;:?!)]}、％');
const NO_BREAK_AFTER = new Set('（《「『〔【〈‘“([{');

/** A unit a line may break before; `space` says whether a space stood before it. */
interface Unit {
  text: string;
  space: boolean;
}

/** Collects units, gluing punctuation to its neighbour. */
class Units {
  readonly list: Unit[] = [];
  space = false;
  /** The previous unit ended with opening punctuation. */
  private glue = false;

  push(text: string): void {
    const last = this.list[this.list.length - 1];
    if (last && !this.space && (this.glue || NO_BREAK_BEFORE.has(text[0]!))) last.text += text;
    else this.list.push({ text, space: this.space });
    this.space = false;
    this.glue = NO_BREAK_AFTER.has(text[text.length - 1]!);
  }
}

/**
 * The units a line may break between: each ideograph alone, a run of other characters (a Latin word, a
 * number) together, split after a hyphen or slash; closing punctuation stays with what precedes it and
 * opening punctuation with what follows.
 */
function units(paragraph: string): Unit[] {
  const out = new Units();
  let word = '';
  for (const ch of paragraph) {
    if (ch === ' ' || ch === '\u00a0') {
      if (word) out.push(word);
      word = '';
      out.space = out.list.length > 0;
    } else if (isIdeographic(ch.codePointAt(0)!)) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else {
      word += ch;
      // A line may break after a hyphen or slash inside a word (160-YL·2013-D30- / 0001).
      if ((ch === '-' || ch === '/') && word.length > 1) {
        out.push(word);
        word = '';
      }
    }
  }
  if (word) out.push(word);
  return out.list;
}

/**
 * `text` broken into lines no wider than `maxWidth` at `size`: Chinese between any two characters,
 * other text between words, a word wider than the line broken between characters. Explicit line breaks
 * are kept; an empty text is one empty line.
 */
export function wrapText(text: string, maxWidth: number, size: number, measure: PdfText): string[] {
  const lines: string[] = [];
  const limit = maxWidth / size + 1e-6;
  const spaceWidth = measure.charWidth(' ');
  for (const paragraph of printable(text).split('\n')) {
    // Most cells fit on one line as they are.
    if (measure.width(paragraph, 1) <= limit) {
      lines.push(paragraph.trim());
      continue;
    }
    let line = '';
    let lineWidth = 0;
    for (const unit of units(paragraph)) {
      const w = measure.width(unit.text, 1);
      const gap = line && unit.space ? spaceWidth : 0;
      if (lineWidth + gap + w <= limit) {
        line += (gap ? ' ' : '') + unit.text;
        lineWidth += gap + w;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      lineWidth = 0;
      if (w <= limit) {
        line = unit.text;
        lineWidth = w;
        continue;
      }
      // Wider than a whole line: break it between characters.
      for (const ch of unit.text) {
        const cw = measure.charWidth(ch);
        if (line && lineWidth + cw > limit) {
          lines.push(line);
          line = '';
          lineWidth = 0;
        }
        line += ch;
        lineWidth += cw;
      }
    }
    lines.push(line);
  }
  return lines;
}
