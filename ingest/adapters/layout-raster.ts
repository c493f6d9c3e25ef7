import sharp from 'sharp';
import type { Drawable } from './layout-drawing';
import { projectFontkit, type FontkitFont } from './pdf-fonts';
import { withPngDensity } from './png-tools';
import type { FontWeight } from './project-font';

/**
 * Rasterises a page layout (millimetres, origin top-left) to a one-channel PNG, fast: every glyph is drawn
 * once per size by sharp (librsvg, from the font's outlines, in one sprite for all the glyphs a page lacks)
 * and kept as a coverage mask; pages are then composed from the masks in JavaScript and encoded by sharp.
 *
 * Rendering the whole page as one SVG of glyph paths (`layoutSvg`) is simpler but costs ~35-45 ms of CPU
 * per A4 form at 150 dpi, most of it librsvg parsing and filling ~400 outlines; this costs ~10-14 ms, most
 * of it the PNG encoding.
 * Glyph origins are snapped to whole pixels (≤ 0.5 px, invisible at preview resolutions); rules and
 * rectangles are snapped to the pixel grid, at least one pixel wide.
 */
export async function rasteriseLayout(
  widthMm: number,
  heightMm: number,
  elements: readonly Drawable[],
  dpi: number,
): Promise<Uint8Array> {
  const k = dpi / 25.4;
  const [width, height] = [Math.round(widthMm * k), Math.round(heightMm * k)];
  const page: Page = { width, height, pixels: new Uint8Array(width * height).fill(255) };
  const glyphs: PlacedGlyph[] = [];
  for (const e of elements) {
    if (e.kind === 'text') glyphs.push(...placeGlyphs(e.text, e.x * k, e.y * k, e.size * k, e.bold, e.align));
    else if (e.kind === 'rects')
      for (const [x, y, w, h] of e.rects) fillRect(page, x * k, y * k, (x + w) * k, (y + h) * k);
    else
      strokeLine(
        page,
        [e.x1, e.y1, e.x2, e.y2, e.width, e.kind === 'dash' ? e.dash : 0].map((v) => v * k),
      );
  }
  await drawMissingMasks(glyphs);
  for (const g of glyphs) {
    const mask = masks.get(g.key);
    if (mask) blit(page, mask, Math.round(g.x), Math.round(g.y));
  }
  // A one-band raw input is written as RGB unless told it is grey (which is also 4× faster).
  const png = await sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  return withPngDensity(png, dpi);
}

interface Page {
  width: number;
  height: number;
  /** Grey, 255 = white. */
  pixels: Uint8Array;
}

/** Coverage (0-255) of one glyph at one size; `left`/`top` place it relative to its origin on the baseline. */
interface Mask {
  left: number;
  top: number;
  width: number;
  height: number;
  alpha: Uint8Array;
}

interface PlacedGlyph {
  key: string;
  font: FontkitFont;
  glyph: ReturnType<FontkitFont['layout']>['glyphs'][number];
  sizePx: number;
  x: number;
  y: number;
}

const masks = new Map<string, Mask>();
/** Masks kept (a few hundred bytes to a few KB each); the cache starts over past this. */
const MAX_MASKS = 20_000;

function placeGlyphs(
  text: string,
  x: number,
  y: number,
  sizePx: number,
  bold: boolean,
  align: 'left' | 'center',
) {
  const weight: FontWeight = bold ? 'bold' : 'regular';
  const font = projectFontkit(weight);
  const run = font.layout(text);
  const scale = sizePx / font.unitsPerEm;
  const size = Math.round(sizePx * 10) / 10;
  let cursor = align === 'center' ? x - (run.positions.reduce((w, p) => w + p.xAdvance, 0) * scale) / 2 : x;
  return run.glyphs.map((glyph, i): PlacedGlyph => {
    const pos = run.positions[i] ?? { xAdvance: 0, xOffset: 0, yOffset: 0 };
    const placed = {
      key: `${weight}:${glyph.id}:${size}`,
      font,
      glyph,
      sizePx: size,
      x: cursor + pos.xOffset * scale,
      y: y - pos.yOffset * scale,
    };
    cursor += pos.xAdvance * scale;
    return placed;
  });
}

/** Draws the masks the glyphs lack, all in one SVG sprite (one librsvg run), shelf-packed 2048 px wide. */
async function drawMissingMasks(glyphs: readonly PlacedGlyph[]): Promise<void> {
  const missing = new Map<string, PlacedGlyph>();
  for (const g of glyphs) if (!masks.has(g.key)) missing.set(g.key, g);
  if (missing.size === 0) return;
  if (masks.size + missing.size > MAX_MASKS) masks.clear();
  const cells: { g: PlacedGlyph; left: number; top: number; w: number; h: number; cx: number; cy: number }[] =
    [];
  const paths: string[] = [];
  let [cx, cy, rowHeight, spriteWidth] = [0, 0, 0, 1];
  for (const g of missing.values()) {
    const scale = g.sizePx / g.font.unitsPerEm;
    const { minX, minY, maxX, maxY } = g.glyph.bbox;
    const [left, top] = [Math.floor(minX * scale) - 1, Math.floor(-maxY * scale) - 1];
    const [w, h] = [
      Math.max(1, Math.ceil(maxX * scale) + 1 - left),
      Math.max(1, Math.ceil(-minY * scale) + 1 - top),
    ];
    if (cx + w > 2048) [cx, cy, rowHeight] = [0, cy + rowHeight, 0];
    cells.push({ g, left, top, w, h, cx, cy });
    const d = g.glyph.path.toSVG();
    if (d)
      paths.push(
        `<path transform="translate(${cx - left} ${cy - top}) scale(${scale} ${-scale})" d="${d}"/>`,
      );
    [cx, rowHeight, spriteWidth] = [cx + w, Math.max(rowHeight, h), Math.max(spriteWidth, cx + w)];
  }
  const spriteHeight = Math.max(1, cy + rowHeight);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${spriteWidth}" height="${spriteHeight}">${paths.join('')}</svg>`;
  const alpha = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer();
  for (const c of cells) {
    const mask = new Uint8Array(c.w * c.h);
    for (let row = 0; row < c.h; row++) {
      const from = (c.cy + row) * spriteWidth + c.cx;
      mask.set(alpha.subarray(from, from + c.w), row * c.w);
    }
    masks.set(c.g.key, { left: c.left, top: c.top, width: c.w, height: c.h, alpha: mask });
  }
}

/** Paints black through `mask` at origin (x, y): dst × (1 − coverage). */
function blit(page: Page, mask: Mask, x: number, y: number): void {
  const { pixels, width, height } = page;
  for (let row = 0; row < mask.height; row++) {
    const py = y + mask.top + row;
    if (py < 0 || py >= height) continue;
    for (let col = 0; col < mask.width; col++) {
      const px = x + mask.left + col;
      const a = mask.alpha[row * mask.width + col] ?? 0;
      if (a === 0 || px < 0 || px >= width) continue;
      const i = py * width + px;
      pixels[i] = ((pixels[i] ?? 255) * (255 - a) + 127) / 255;
    }
  }
}

function fillRect(page: Page, x0: number, y0: number, x1: number, y1: number): void {
  let [left, right] = [Math.round(Math.min(x0, x1)), Math.round(Math.max(x0, x1))];
  let [top, bottom] = [Math.round(Math.min(y0, y1)), Math.round(Math.max(y0, y1))];
  if (right === left) right++;
  if (bottom === top) bottom++;
  [left, top] = [Math.max(0, left), Math.max(0, top)];
  [right, bottom] = [Math.min(page.width, right), Math.min(page.height, bottom)];
  for (let y = top; y < bottom; y++) page.pixels.fill(0, y * page.width + left, y * page.width + right);
}

/** A rule `[x1, y1, x2, y2, width, dash]` (pixels); square caps when solid, as the PDF draws it. */
function strokeLine(page: Page, [x1 = 0, y1 = 0, x2 = 0, y2 = 0, width = 1, dash = 0]: number[]): void {
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (length === 0) return;
  const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
  const cap = dash ? 0 : width / 2;
  const segments: [number, number][] = [];
  if (dash) for (let s = 0; s < length; s += 2 * dash) segments.push([s, Math.min(length, s + dash)]);
  else segments.push([-cap, length + cap]);
  const half = width / 2;
  for (const [from, to] of segments) {
    if (ux === 0 || uy === 0) {
      const [ax, ay, bx, by] = [x1 + ux * from, y1 + uy * from, x1 + ux * to, y1 + uy * to];
      fillRect(
        page,
        Math.min(ax, bx) - (uy ? half : 0),
        Math.min(ay, by) - (ux ? half : 0),
        Math.max(ax, bx) + (uy ? half : 0),
        Math.max(ay, by) + (ux ? half : 0),
      );
    } else {
      // A slanted rule (layouts have none today): stamped along its length.
      for (let s = from; s <= to; s += 0.5)
        fillRect(page, x1 + ux * s - half, y1 + uy * s - half, x1 + ux * s + half, y1 + uy * s + half);
    }
  }
}
