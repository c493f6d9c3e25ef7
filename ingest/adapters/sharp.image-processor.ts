import { open, readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { DomainError, invalid } from '../../server/core/shared/errors';
import type * as ports from '../../server/core/ingest/ingest-ports';
import { textAsSvgPath, textWidth } from './project-font';

/** Options of {@link SharpImageProcessor}. */
export interface SharpImageProcessorOptions {
  /**
   * Pixel ceiling for every decode (sharp's `limitInputPixels`), default sharp's own 0x3FFF². `probe` applies
   * the caller's `ImageLimits` from the headers first; keep this at least `maxPixelsPerPage`.
   */
  maxPixels?: number;
  /**
   * Share of dark pixels below which a page is blank. Default 0.00025, measured on A4 at 200/300 dpi: one line
   * of 3.9 mm text 0.0004, three lines 0.0018, a lone page number 0.00004, noise/faint border/specks 0.
   */
  blankBelow?: number;
}

/** Longest side of the greyscale copy that `analyse` measures ink and skew on (~100 dpi for A4). */
const ANALYSIS_SIDE = 1200;

/**
 * `ImageProcessor` on sharp (libvips). Works on the pixel grid as stored: EXIF orientation is not applied, so
 * sizes, OCR boxes and the searchable PDF agree. PDFs are not decoded here: `probe` answers
 * `{ mediaType: 'application/pdf', pages: 0 }` for them and the pipeline hands them to the `PdfReader`.
 */
export class SharpImageProcessor implements ports.ImageProcessor {
  private readonly decode: SharpOptions;
  private readonly blankBelow: number;

  constructor(options: SharpImageProcessorOptions = {}) {
    this.decode = { limitInputPixels: options.maxPixels ?? 0x3fff * 0x3fff, failOn: 'error' };
    this.blankBelow = options.blankBelow ?? 0.00025;
  }

  async probe(path: string, limits: ports.ImageLimits): Promise<ports.FileProbe> {
    const head = await readHead(path);
    if (head.length === 0) throw invalid('ingest.file_corrupt', 'The file is empty', {});
    const type = sniff(head);
    if (type === 'application/pdf') return { mediaType: type, pages: 0 };
    const magic = head.subarray(0, 8).toString('hex');
    if (!type) throw invalid('ingest.unsupported_type', 'Not a JPEG, PNG, TIFF or PDF file', { magic });
    const first = await this.meta(path, { limitInputPixels: false });
    const pages = type === 'image/tiff' ? (first.pages ?? 1) : 1;
    const max = limits.maxPagesPerFile;
    if (pages > max)
      throw invalid('ingest.too_many_pages', `${pages} pages, more than ${max}`, { pages, max });
    const sizes = pages === 1 ? [first] : await this.pageSizes(path, pages);
    sizes.forEach(({ width = 0, height = 0 }, page) => {
      const size = { page, width, height, max: limits.maxPixelsPerPage };
      if (width * height > size.max)
        throw invalid('ingest.too_many_pixels', `Page ${page + 1} is too large`, size);
    });
    // Headers are sane: decode the first page small, which catches truncated and corrupt data (a JPEG is
    // shrunk on load, so this is cheap); a TIFF's other pages are checked as they are extracted.
    await this.run({ page: 0 }, () =>
      sharp(path, { ...this.decode, page: 0 })
        .resize(256, 256, { fit: 'inside' })
        .raw()
        .toBuffer(),
    );
    return { mediaType: type, pages };
  }

  async extractPage(path: string, probe: ports.FileProbe, index: number): Promise<ports.ExtractedPage> {
    if (probe.mediaType === 'application/pdf') throw new Error('PDF pages are extracted by the PdfReader');
    if (!Number.isInteger(index) || index < 0 || index >= probe.pages)
      throw new RangeError(`Page ${index} is not in 0..${probe.pages - 1}`);
    if (probe.mediaType !== 'image/tiff') {
      const content = await readFile(path);
      const meta = await this.meta(content, { limitInputPixels: false });
      return { image: { content, mediaType: probe.mediaType }, raster: null, dpi: realDpi(meta), text: null };
    }
    return this.run({ page: index }, async () => {
      // keepMetadata: no colour conversion (the ICC profile stays with the pixels) and the density is kept.
      const page = sharp(path, { ...this.decode, page: index, pages: 1 }).keepMetadata();
      const meta = await page.metadata();
      const grey = (meta.channels ?? 1) <= 2;
      if (meta.depth === 'ushort') page.toColourspace(grey ? 'grey16' : 'rgb16');
      else if (grey) page.toColourspace('b-w');
      // A bilevel page stays 1-bit (a 2-colour palette is exact); anything else is plain lossless PNG.
      const png = meta.bitsPerSample === 1 ? { palette: true, colours: 2, dither: 0 } : {};
      const content = await page.png(png).toBuffer();
      return { image: { content, mediaType: 'image/png' }, raster: null, dpi: realDpi(meta), text: null };
    });
  }

  async analyse(image: Uint8Array): Promise<ports.PageAnalysis> {
    const meta = await this.meta(image, this.decode);
    const grey = await this.run({}, () =>
      this.greyscale(image)
        .resize(ANALYSIS_SIDE, ANALYSIS_SIDE, { fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true }),
    );
    const { width: w, height: h } = grey.info;
    const ink = inkPixels(grey.data, w, h, levels(grey.data).ink);
    const ratio = ink.length / 2 / (w * h);
    const blank = ratio < this.blankBelow;
    return {
      width: meta.width ?? w,
      height: meta.height ?? h,
      dpi: realDpi(meta),
      skewDegrees: blank ? 0 : estimateSkew(ink, w, h),
      blank,
      inkRatio: ratio,
    };
  }

  async prepareForOcr(image: Uint8Array, skewDegrees: number): Promise<Uint8Array> {
    const dpi = realDpi(await this.meta(image, this.decode));
    return this.run({}, async () => {
      let pipeline = this.greyscale(image);
      if (Math.abs(skewDegrees) >= 0.1) pipeline = pipeline.rotate(-skewDegrees, { background: '#ffffff' });
      const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
      eraseRules(data, info.width, info.height, levels(data).ink);
      stretch(data);
      const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
        .toColourspace('b-w')
        // Uncompressed: tesseract decodes it at once, and zlib cost ~0.12 s CPU a page (measured).
        .png({ compressionLevel: 0, adaptiveFiltering: false })
        .toBuffer();
      return dpi ? setPngDpi(png, dpi) : png;
    });
  }

  async derivatives(image: Uint8Array): Promise<{ preview: ports.Derivative; thumbnail: ports.Derivative }> {
    const render = (source: Uint8Array, side: number): Promise<ports.Derivative> =>
      this.run({}, async () => {
        const { data, info } = await sharp(source, this.decode)
          .resize(side, side, { fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: 82 })
          .toBuffer({ resolveWithObject: true });
        return { content: data, mediaType: 'image/jpeg', width: info.width, height: info.height };
      });
    // The thumbnail is made from the preview: the full page is decoded once, not twice.
    const preview = await render(image, 1600);
    const thumbnail = await render(preview.content, 300);
    return { preview, thumbnail };
  }

  async watermark(
    image: Uint8Array,
    lines: readonly string[],
    options: { maxSide?: number } = {},
  ): Promise<{
    content: Uint8Array;
    mediaType: 'image/jpeg';
    width: number;
    height: number;
    dpi: number | null;
  }> {
    return this.run({}, async () => {
      const meta = await sharp(image, this.decode).metadata();
      const longest = Math.max(meta.width ?? 0, meta.height ?? 0);
      const scale = options.maxSide && longest > options.maxSide ? options.maxSide / longest : 1;
      let page = sharp(image, this.decode).flatten({ background: '#ffffff' });
      if (scale < 1) page = page.resize(options.maxSide, options.maxSide, { fit: 'inside' });
      const base = await page.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      const { width, height, channels } = base.info;
      const content = await sharp(base.data, { raw: { width, height, channels } })
        .composite([{ input: Buffer.from(watermarkSvg(width, height, lines)), top: 0, left: 0 }])
        .jpeg({ quality: 85 })
        .toBuffer();
      const dpi = realDpi(meta);
      return { content, mediaType: 'image/jpeg', width, height, dpi: dpi ? Math.round(dpi * scale) : null };
    });
  }

  /** Each page's size from the headers: in one read when all pages are alike (libvips refuses otherwise). */
  private async pageSizes(path: string, pages: number): Promise<Metadata[]> {
    const all = await sharp(path, { pages: -1, limitInputPixels: false })
      .metadata()
      .catch(() => null);
    if (all?.pageHeight) return Array<Metadata>(pages).fill({ ...all, height: all.pageHeight });
    const sizes: Metadata[] = []; // pages of different sizes: one by one, ~8 ms a page
    for (let page = 0; page < pages; page++)
      sizes.push(await this.meta(path, { limitInputPixels: false, page }));
    return sizes;
  }

  /** One grey channel on white (alpha flattened). */
  private greyscale(image: Uint8Array): sharp.Sharp {
    return sharp(image, this.decode).flatten({ background: '#ffffff' }).greyscale().toColourspace('b-w');
  }

  private meta(input: string | Uint8Array, options: SharpOptions): Promise<Metadata> {
    return this.run({}, () => sharp(input, options).metadata());
  }

  /** Runs a sharp job, turning libvips failures into the stable ingest rejections. */
  private async run<T>(details: Record<string, unknown>, job: () => Promise<T>): Promise<T> {
    try {
      return await job();
    } catch (err) {
      if (err instanceof DomainError || err instanceof RangeError) throw err;
      const why = { ...details, cause: err instanceof Error ? err.message : String(err) };
      if (/pixel limit/i.test(why.cause)) throw invalid('ingest.too_many_pixels', 'Too many pixels', why);
      if (/unsupported image format/i.test(why.cause))
        throw invalid('ingest.unsupported_type', 'Not a supported image', why);
      throw invalid('ingest.file_corrupt', 'The image could not be decoded', why);
    }
  }
}

/** The resolution the file states, or null when it states none (a bare 72 is libvips' default, not a fact). */
function realDpi(meta: Metadata): number | null {
  const d = meta.density;
  if (!d || (Math.round(d) === 72 && !meta.resolutionUnit)) return null;
  return Math.round(d);
}

/** The first kilobyte of a file (all of it when shorter). */
async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(1024), 0, 1024, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The type by magic bytes (TIFF: classic or BigTIFF, either byte order); a PDF header may come after junk. */
function sniff(head: Uint8Array): ports.FileProbe['mediaType'] | null {
  const hex = Buffer.from(head.subarray(0, 8)).toString('hex');
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex === '89504e470d0a1a0a') return 'image/png';
  if (/^(49492[ab]00|4d4d002[ab])/.test(hex)) return 'image/tiff';
  return Buffer.from(head).includes('%PDF-') ? 'application/pdf' : null;
}

/**
 * Sets the resolution in the pHYs chunk libvips writes (1 px/mm for an image made from raw pixels, and
 * `withMetadata({ density })` would turn the grey image sRGB), so tesseract need not guess the size of text.
 */
function setPngDpi(png: Buffer, dpi: number): Buffer {
  const at = png.indexOf('pHYs');
  if (at < 0 || at > 256) return png;
  const perMetre = Math.round(dpi / 0.0254);
  png.writeUInt32BE(perMetre, at + 4);
  png.writeUInt32BE(perMetre, at + 8);
  png[at + 12] = 1;
  png.writeUInt32BE(crc32(png.subarray(at, at + 13)), at + 13);
  return png;
}

/** The paper's grey level (the median: most of a page is paper) and the level below which a pixel is ink. */
function levels(px: Uint8Array): { paper: number; ink: number; hist: Uint32Array } {
  const hist = new Uint32Array(256);
  for (const v of px) hist[v]! += 1;
  let paper = 0;
  for (let seen = hist[0]!; paper < 255 && seen < px.length / 2;) seen += hist[++paper]!;
  return { paper, ink: Math.min(160, paper - 70), hist };
}

/**
 * Stretches contrast so the paper is white and the darkest ink (its 1st percentile) black. sharp's
 * `normalise()` is not used: on a sparse page its 1 % percentile is a light grey, which turns text bold.
 */
function stretch(px: Uint8Array): void {
  const { paper, ink, hist } = levels(px);
  let inked = 0;
  for (let v = 0; v < ink; v++) inked += hist[v]!;
  let black = 0;
  for (let seen = hist[0]!; black < ink && seen < inked / 100;) seen += hist[++black]!;
  if (paper - black < 32) return;
  const lut = Uint8ClampedArray.from({ length: 256 }, (_, v) => ((v - black) * 255) / (paper - black));
  for (let i = 0; i < px.length; i++) px[i] = lut[px[i]!]!;
}

/**
 * Dark pixels inside a 3 % margin (scanner edges and lid shadows are no ink) that have a dark neighbour in
 * the same row or column (a lone speck of scanner noise is no ink either), as [x, y] pairs.
 */
function inkPixels(px: Uint8Array, w: number, h: number, threshold: number): Int32Array {
  const mx = Math.ceil(w * 0.03);
  const my = Math.ceil(h * 0.03);
  const out: number[] = [];
  const dark = (i: number) => px[i]! < threshold;
  for (let y = my; y < h - my; y++)
    for (let x = mx, i = y * w + mx; x < w - mx; x++, i++)
      if (dark(i) && (dark(i - 1) || dark(i + 1) || dark(i - w) || dark(i + w))) out.push(x, y);
  return Int32Array.from(out);
}

/**
 * Text-line skew in degrees (positive = clockwise): the angle whose projection profile (rows sheared by
 * tan θ) has the largest sum of squares, searched over −5..+5° in 0.25° steps, then refined in 0.05° steps.
 */
function estimateSkew(ink: Int32Array, w: number, h: number): number {
  if (ink.length < 200) return 0;
  const bins = new Float64Array(h + w);
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let k = 0; k < ink.length; k += 2) bins[Math.round(ink[k + 1]! - ink[k]! * t) + w]! += 1;
    return bins.reduce((sum, c) => sum + c * c, 0);
  };
  const best = (from: number, step: number, n: number) =>
    Array.from({ length: n }, (_, k) => [from + k * step, score(from + k * step)] as const).reduce((a, b) =>
      b[1] > a[1] ? b : a,
    )[0];
  const coarse = best(-5, 0.25, 41);
  return Math.round(best(coarse - 0.25, 0.05, 11) * 100) / 100;
}

/**
 * Whitens table rules in place: dark runs (gaps of ≤ 2 px bridged) at least 6 % of the width long across a
 * row, or 4 % of the shorter side down a column, plus a pixel either side for their anti-aliased edges.
 * Characters are shorter than that (a 7 mm title glyph against 8.4 mm on A4), so they stay.
 */
function eraseRules(px: Uint8Array, w: number, h: number, threshold: number): void {
  const erase = new Uint8Array(w * h);
  const scan = (lines: number, length: number, step: number, stride: number, min: number) => {
    for (let line = 0; line < lines; line++) {
      const base = line * stride;
      let start = -1;
      let last = -1;
      for (let i = 0; i <= length; i++) {
        const dark = i < length && px[base + i * step]! < threshold;
        if (dark) {
          if (start < 0) start = i;
          last = i;
        } else if (start >= 0 && (i - last > 2 || i === length)) {
          if (last - start + 1 >= min)
            for (let j = start; j <= last; j++)
              for (let side = -1; side <= 1; side++) {
                const at = base + j * step + side * stride;
                if (at >= 0 && at < erase.length) erase[at] = 1;
              }
          start = -1;
        }
      }
    }
  };
  scan(h, w, 1, w, Math.max(30, Math.round(w * 0.06)));
  scan(w, h, w, 1, Math.max(30, Math.round(Math.min(w, h) * 0.04)));
  for (let i = 0; i < px.length; i++) if (erase[i]) px[i] = 255;
}

/** The watermark's look: text height against the page's longer side, angle, ink and its opacity. */
const WATERMARK = { sizeRatio: 1 / 45, minSize: 12, angle: -30, fill: '#3a3a3a', opacity: 0.3 };

/**
 * An SVG of the page's size with `lines` tiled across it on a diagonal: one block of centred lines, drawn
 * once as glyph outlines and repeated (`<use>`), rows offset by half a block so no column of the page is
 * free of it. Outlines, not `<text>`: librsvg would need a system font for Chinese.
 */
function watermarkSvg(width: number, height: number, lines: readonly string[]): string {
  const size = Math.max(WATERMARK.minSize, Math.round(Math.max(width, height) * WATERMARK.sizeRatio));
  const leading = size * 1.45;
  const blockWidth = Math.max(...lines.map((l) => textWidth(l, size)), size);
  const blockHeight = leading * lines.length;
  const block = lines
    .map((line, i) =>
      textAsSvgPath(line, 0, (i + 0.8) * leading - blockHeight / 2, size, {
        align: 'center',
        fill: WATERMARK.fill,
      }),
    )
    .join('');
  const stepX = blockWidth + size * 4;
  const stepY = blockHeight + size * 4.5;
  // Tiles cover the page's diagonal in every direction, so the rotated grid leaves no corner bare.
  const reach = Math.hypot(width, height) / 2 + stepX;
  const uses: string[] = [];
  for (let row = 0, y = -reach; y <= reach; row++, y += stepY)
    for (let x = -reach + (row % 2 ? stepX / 2 : 0); x <= reach; x += stepX)
      uses.push(`<use xlink:href="#wm" x="${x.toFixed(1)}" y="${y.toFixed(1)}"/>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><g id="wm">${block}</g></defs>` +
    `<g opacity="${WATERMARK.opacity}" transform="translate(${width / 2} ${height / 2}) rotate(${WATERMARK.angle})">` +
    `${uses.join('')}</g></svg>`
  );
}
