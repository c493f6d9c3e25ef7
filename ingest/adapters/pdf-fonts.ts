import { randomBytes } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { projectFontBytes, type FontWeight } from './project-font';

/**
 * The project's Chinese font for pdf-lib, embedded as a subset, parsed once per process.
 *
 * pdf-lib calls `fontkit.create(bytes)` for every `embedFont`, and parsing the 10 MB Noto Sans SC file
 * again costs ~40 ms per document; the shim below hands pdf-lib one parsed font per weight instead
 * (~7 ms per document with two subsets).
 *
 * It also works around a bug of `@pdf-lib/fontkit` 1.1.1 (a fork of fontkit 1.7): a TrueType subset is
 * written with a *short* `loca` table whose offsets are halved without padding odd-length glyph records,
 * so every glyph after the first odd one is garbage and Chinese text renders partly blank (no error).
 * Upstream fixed it by keeping the source font's `loca` format (foliojs/fontkit#191, fontkit 1.8.0; see
 * Hopding/pdf-lib#1232); the subset below does the same.
 */

interface FontkitSubset {
  loca: { version?: number };
  _addGlyph(gid: number): number;
}
/** The parts of a parsed fontkit font this code base uses. */
export interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  loca: { version: number };
  createSubset(): FontkitSubset;
  layout(text: string): {
    glyphs: {
      id: number;
      bbox: { minX: number; minY: number; maxX: number; maxY: number };
      path: { toSVG(): string };
    }[];
    positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  };
}

const parsed = new Map<Uint8Array, FontkitFont>();

function parsedFont(bytes: Uint8Array): FontkitFont {
  let font = parsed.get(bytes);
  if (!font) {
    const created = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    font = created as unknown as FontkitFont;
    const source = font;
    const createSubset = source.createSubset.bind(source);
    source.createSubset = () => {
      const subset = createSubset();
      const addGlyph = subset._addGlyph;
      subset._addGlyph = function (this: FontkitSubset, gid: number) {
        // `encode()` resets `loca` before adding glyphs; keep the source's (long) offset format.
        this.loca.version ??= source.loca.version;
        return addGlyph.call(this, gid);
      };
      return subset;
    };
    parsed.set(bytes, font);
  }
  return font;
}

/** The project font (`weight`) parsed by fontkit, shared by every document and every preview. */
export function projectFontkit(weight: FontWeight): FontkitFont {
  return parsedFont(projectFontBytes(weight));
}

/** The object pdf-lib's `registerFontkit` expects: fontkit, with cached and fixed fonts. */
const cachingFontkit = {
  create: (bytes: Uint8Array) => parsedFont(bytes),
} as unknown as Parameters<PDFDocument['registerFontkit']>[0];

/**
 * Embeds the project font (`weight`) into `doc` as a subset of the glyphs the document uses; the subset
 * is written when the document is saved. Registers the caching fontkit on `doc`. The font is named as
 * PDF 32000-1 § 9.6.4 asks of a subset — a tag of six capital letters, `+`, the PostScript name — where
 * pdf-lib would append a number instead.
 */
export function embedProjectFont(doc: PDFDocument, weight: FontWeight = 'regular'): Promise<PDFFont> {
  doc.registerFontkit(cachingFontkit);
  const bytes = projectFontBytes(weight);
  return doc.embedFont(bytes, {
    subset: true,
    customName: `${subsetTag()}+${parsedFont(bytes).postscriptName}`,
  });
}

/** Six random capital letters. */
function subsetTag(): string {
  return Array.from(randomBytes(6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

/** Millimetres to PDF points. */
export const MM = 72 / 25.4;
