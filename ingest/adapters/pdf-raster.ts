import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { PdfjsDocument } from './pdfjs-loader';
import { withPngDensity } from './png-tools';

const execFileAsync = promisify(execFile);

/**
 * Which tool rasterises generated PDF pages: `pdftoppm` (poppler-utils, when installed), pdf.js on
 * `@napi-rs/canvas`, or none (the page's `raster` is then null). `auto` prefers pdftoppm, then pdf.js.
 */
export type RasteriserChoice = 'auto' | 'pdftoppm' | 'pdfjs' | 'none';

/** The full path of `command` on PATH, or null. */
export function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Page `index` (0-based) of the PDF at `path` as a PNG at `dpi`, drawn by poppler's `pdftoppm` in a
 * private temporary directory (a minute at most: it is fed files from outside).
 */
export async function pdftoppmPage(
  binary: string,
  path: string,
  index: number,
  dpi: number,
): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'sbda-pdftoppm-'));
  try {
    const page = String(index + 1);
    const out = join(dir, 'page');
    await execFileAsync(
      binary,
      ['-f', page, '-l', page, '-r', String(dpi), '-png', '-singlefile', path, out],
      {
        timeout: 60_000,
        maxBuffer: 1024 * 1024,
      },
    );
    return withPngDensity(await readFile(`${out}.png`), dpi);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Renders page `index` to an RGB PNG at `dpi` with pdf.js on `@napi-rs/canvas` (an optional dependency of
 * pdfjs-dist, prebuilt for common platforms); null when that package cannot be loaded.
 */
export async function renderWithPdfjs(
  doc: PdfjsDocument,
  index: number,
  dpi: number,
): Promise<Uint8Array | null> {
  try {
    require.resolve('@napi-rs/canvas');
  } catch {
    return null;
  }
  const page = await doc.getPage(index + 1);
  const viewport = page.getViewport({ scale: dpi / 72 });
  const width = Math.round(viewport.width);
  const height = Math.round(viewport.height);
  const factory = doc.canvasFactory as {
    create(w: number, h: number): { canvas: { data(): Buffer }; context: unknown };
  };
  const { canvas, context } = factory.create(width, height);
  await page.render({ canvasContext: context as never, viewport, background: '#ffffff' }).promise;
  page.cleanup();
  const png = await sharp(canvas.data(), { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  return withPngDensity(png, dpi);
}
