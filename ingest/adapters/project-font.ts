import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';

/**
 * The Chinese font the project provides (Noto Sans SC, SIL OFL 1.1, from the npm package
 * `@expo-google-fonts/noto-sans-sc`): embedded and subset into every PDF the system makes, and used to draw
 * text as outlines in images (so no system font is needed on a fresh machine).
 */
export type FontWeight = 'regular' | 'bold';

const FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

const bytesCache = new Map<FontWeight, Uint8Array>();
const fontCache = new Map<FontWeight, FontkitFont>();

/** The font file's bytes (for pdf-lib's `embedFont(bytes, { subset: true })`). */
export function projectFontBytes(weight: FontWeight = 'regular'): Uint8Array {
  let bytes = bytesCache.get(weight);
  if (!bytes) {
    bytes = readFileSync(require.resolve(FILES[weight]));
    bytesCache.set(weight, bytes);
  }
  return bytes;
}

interface FontkitGlyph {
  path: { toSVG(): string };
}
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): {
    glyphs: FontkitGlyph[];
    positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  };
}

function font(weight: FontWeight): FontkitFont {
  let f = fontCache.get(weight);
  if (!f) {
    f = fontkit.create(Buffer.from(projectFontBytes(weight))) as unknown as FontkitFont;
    fontCache.set(weight, f);
  }
  return f;
}

/** The advance width of `text` at `size` (same unit as size). */
export function textWidth(text: string, size: number, weight: FontWeight = 'regular'): number {
  const f = font(weight);
  const run = f.layout(text);
  return (run.positions.reduce((w, p) => w + p.xAdvance, 0) * size) / f.unitsPerEm;
}

/**
 * `text` as an SVG `<path>` of glyph outlines with its baseline starting at (x, y), `size` in the SVG's
 * units; `align: 'center'` centres it on x. Draws the same on every machine.
 */
export function textAsSvgPath(
  text: string,
  x: number,
  y: number,
  size: number,
  options: { weight?: FontWeight; align?: 'left' | 'center'; fill?: string } = {},
): string {
  const weight = options.weight ?? 'regular';
  const f = font(weight);
  const run = f.layout(text);
  const scale = size / f.unitsPerEm;
  let cursor = options.align === 'center' ? x - textWidth(text, size, weight) / 2 : x;
  const parts: string[] = [];
  run.glyphs.forEach((glyph, i) => {
    const pos = run.positions[i]!;
    const d = glyph.path.toSVG();
    if (d) {
      const gx = cursor + pos.xOffset * scale;
      const gy = y - pos.yOffset * scale;
      parts.push(
        `<path transform="translate(${r(gx)} ${r(gy)}) scale(${r(scale, 5)} ${r(-scale, 5)})" d="${d}"/>`,
      );
    }
    cursor += pos.xAdvance * scale;
  });
  return `<g fill="${options.fill ?? '#000'}">${parts.join('')}</g>`;
}

function r(n: number, digits = 2): string {
  return n.toFixed(digits);
}
