import { open, readFile, stat } from 'node:fs/promises';
import { PDFDict, PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import type { ExtractedPage, FileProbe, ImageLimits, PdfReader } from '../../server/core/ingest/ingest-ports';
import { invalid } from '../../server/core/shared/errors';
import { textInReadingOrder, visibleCharacters } from './pdf-reading-order';
import { findOnPath, pdftoppmPage, renderWithPdfjs, type RasteriserChoice } from './pdf-raster';
import { fullPageImage, pageImages } from './pdf-scan-image';
import { openWithPdfjs, pdfjsTextItems, type PdfjsDocument } from './pdfjs-loader';

/** How long the last parsed PDF is kept after its last use. */
const CACHE_IDLE_MS = 10_000;

/** Options of {@link PdfjsPdfReader}. */
export interface PdfjsPdfReaderOptions {
  /** Non-space characters from which a page's text layer counts (the page is "generated"); default 10. */
  minTextCharacters?: number;
  /** Who rasterises generated pages; default `auto` (pdftoppm when on PATH, else pdf.js). */
  rasteriser?: RasteriserChoice;
  /** Resolution of those rasters; default 150. */
  rasterDpi?: number;
}

/**
 * `PdfReader` on pdf-lib (structure, page copies, embedded images) and pdf.js (text layer, rendering).
 * A page with a text layer is *generated*: kept as a one-page PDF with its text. A page that is one
 * full-page image is *scanned*: its image is taken out — a JPEG byte for byte — with the resolution the
 * page size implies. A page that is neither is kept as a one-page PDF with `text: null`, for OCR of its
 * raster. Encrypted PDFs are refused (pdf-lib cannot copy their pages).
 *
 * A PDF is read whole (the caller's upload size limit bounds it). The parsed document of the last file is
 * kept for a few seconds, because the pipeline extracts the pages of one file one after another and
 * re-parsing a 500-page scan for each page would be quadratic.
 */
export class PdfjsPdfReader implements PdfReader {
  private readonly minText: number;
  private readonly rasteriser: RasteriserChoice;
  private readonly rasterDpi: number;
  /** pdftoppm's path once looked up (null: not installed). */
  private pdftoppm: string | null | undefined;
  private cached: { key: string; doc: Promise<PDFDocument>; timer?: NodeJS.Timeout } | null = null;

  constructor(options: PdfjsPdfReaderOptions = {}) {
    this.minText = options.minTextCharacters ?? 10;
    this.rasteriser = options.rasteriser ?? 'auto';
    this.rasterDpi = options.rasterDpi ?? 150;
  }

  async probe(path: string, limits: ImageLimits): Promise<FileProbe> {
    await checkMagic(path);
    const doc = await this.document(path);
    const pages = doc.getPageCount();
    if (pages === 0) throw invalid('ingest.file_corrupt', 'The PDF has no pages', { reason: 'no_pages' });
    if (pages > limits.maxPagesPerFile) {
      const max = limits.maxPagesPerFile;
      throw invalid('ingest.too_many_pages', `The PDF has ${pages} pages, more than ${max}`, { pages, max });
    }
    doc.getPages().forEach((page, index) => {
      for (const { width, height } of pageImages(page).images) {
        if (width * height > limits.maxPixelsPerPage) {
          throw invalid('ingest.too_many_pixels', `Page ${index + 1} holds a ${width}×${height} image`, {
            page: index,
            width,
            height,
            max: limits.maxPixelsPerPage,
          });
        }
      }
    });
    return { mediaType: 'application/pdf', pages };
  }

  async extractPage(path: string, index: number): Promise<ExtractedPage> {
    const doc = await this.document(path);
    if (!Number.isInteger(index) || index < 0 || index >= doc.getPageCount()) {
      throw new RangeError(`page ${index} of a ${doc.getPageCount()}-page PDF`);
    }
    const page = doc.getPage(index);
    let pdfjs: PdfjsDocument | null = null;
    try {
      // A scanner's page has no fonts: it is decided without pdf.js, which otherwise reads the page's own
      // one-page PDF, never the whole file again.
      const single = mayHaveText(page) ? await onePagePdf(doc, index) : null;
      if (single) {
        pdfjs = await openWithPdfjs(single.content);
        const text = textInReadingOrder(await pdfjsTextItems(pdfjs, 0));
        if (visibleCharacters(text) >= this.minText) {
          return { image: single, raster: await this.raster(path, index, pdfjs), dpi: null, text };
        }
      }
      const scan = await fullPageImage(page).catch(() => null);
      if (scan) {
        return {
          image: { content: scan.content, mediaType: scan.mediaType },
          raster: null,
          dpi: scan.dpi,
          text: null,
        };
      }
      const image = single ?? (await onePagePdf(doc, index));
      return { image, raster: await this.raster(path, index, pdfjs ?? image.content), dpi: null, text: null };
    } finally {
      await pdfjs?.destroy();
    }
  }

  /**
   * A PNG of the page: pdftoppm on the file's page `index`, else pdf.js on the page's one-page PDF. The
   * raster is a convenience (previews): a page that cannot be drawn still yields its text, with `null`.
   */
  private raster(
    path: string,
    index: number,
    single: PdfjsDocument | Uint8Array,
  ): Promise<Uint8Array | null> {
    return this.draw(path, index, single).catch(() => null);
  }

  private async draw(
    path: string,
    index: number,
    single: PdfjsDocument | Uint8Array,
  ): Promise<Uint8Array | null> {
    if (this.rasteriser === 'none') return null;
    const pdftoppm = this.rasteriser === 'pdfjs' ? null : (this.pdftoppm ??= findOnPath('pdftoppm'));
    if (pdftoppm) return pdftoppmPage(pdftoppm, path, index, this.rasterDpi);
    if (this.rasteriser === 'pdftoppm') return null;
    if (!(single instanceof Uint8Array)) return renderWithPdfjs(single, 0, this.rasterDpi);
    const doc = await openWithPdfjs(single);
    try {
      return await renderWithPdfjs(doc, 0, this.rasterDpi);
    } finally {
      await doc.destroy();
    }
  }

  /** The parsed file, from the one-entry cache when the same file (path, size, mtime) was just read. */
  private async document(path: string): Promise<PDFDocument> {
    const { size, mtimeMs } = await stat(path);
    const key = `${path}\u0000${size}\u0000${mtimeMs}`;
    let entry = this.cached;
    if (entry?.key !== key) {
      if (entry?.timer) clearTimeout(entry.timer);
      entry = { key, doc: readFile(path).then(loadPdf) };
      this.cached = entry;
    }
    const current = entry;
    if (current.timer) clearTimeout(current.timer);
    current.timer = setTimeout(() => {
      if (this.cached === current) this.cached = null;
    }, CACHE_IDLE_MS).unref();
    return current.doc.catch((error: unknown) => {
      if (this.cached === current) this.cached = null;
      throw error;
    });
  }
}

async function checkMagic(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024), 0, 1024, 0);
    if (bytesRead === 0) throw invalid('ingest.file_corrupt', 'The file is empty', { reason: 'empty' });
    // The header may follow a little junk (readers accept it within the first KB).
    if (!buffer.subarray(0, bytesRead).includes('%PDF-')) {
      const magic = buffer.subarray(0, 8).toString('hex');
      throw invalid('ingest.unsupported_type', 'The file is not a PDF (judged by its content)', { magic });
    }
  } finally {
    await handle.close();
  }
}

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    // Encryption is checked below: pdf-lib's EncryptedPDFError fails `instanceof` (an ES5 Error subclass).
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    doc.getPages(); // walks the page tree: a broken tree fails here, not later
  } catch (error) {
    throw invalid('ingest.file_corrupt', 'The PDF could not be read', {
      reason: 'unparseable',
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  if (doc.isEncrypted) throw invalid('ingest.file_corrupt', 'The PDF is encrypted', { reason: 'encrypted' });
  return doc;
}

/** Whether any text can be on the page: fonts in its resources, or form XObjects that may hold some. */
function mayHaveText(page: PDFPage): boolean {
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
  return (fonts?.keys().length ?? 0) > 0 || pageImages(page).forms > 0;
}

async function onePagePdf(source: PDFDocument, index: number): Promise<ExtractedPage['image']> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const [page] = await out.copyPages(source, [index]);
  if (page) out.addPage(page);
  return { content: await out.save(), mediaType: 'application/pdf' };
}
