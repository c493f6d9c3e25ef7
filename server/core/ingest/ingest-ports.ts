import type { FormLayout } from './form-layout';

/**
 * Ports of the ingest pipeline: the technology that reads, measures, recognises and renders pages.
 * Adapters live in `ingest/adapters/`; the core only sees these interfaces.
 */

/** A page image's measurements and the quality gate's raw inputs (DA/T 31). */
export interface PageAnalysis {
  width: number;
  height: number;
  /** Resolution from the file's metadata, or null when the file does not say. */
  dpi: number | null;
  /** Estimated skew of the text lines in degrees (positive = clockwise), 0 when unknown. */
  skewDegrees: number;
  /** True when the page carries (almost) no ink. */
  blank: boolean;
  /** Share of dark pixels, 0..1 (what `blank` was decided from). */
  inkRatio: number;
}

/** What a file turned out to be, after its bytes (never its name) were examined. */
export interface FileProbe {
  mediaType: 'image/jpeg' | 'image/png' | 'image/tiff' | 'application/pdf';
  pages: number;
}

/** One page taken out of a file: an image (for scans) and, for generated PDFs, its text layer. */
export interface ExtractedPage {
  /**
   * The page as stored: a scanner's own JPEG is kept as is, a TIFF page is re-encoded losslessly, and a
   * generated PDF page is kept as a one-page PDF (vector, with its text layer).
   */
  image: { content: Uint8Array; mediaType: 'image/jpeg' | 'image/png' | 'image/tiff' | 'application/pdf' };
  /** A raster of a PDF page (PNG) for previews and analysis; null for image pages or when no rasteriser. */
  raster: Uint8Array | null;
  /** Resolution known from the container (a PDF page's size), overriding the image's own metadata. */
  dpi: number | null;
  /** Text from a PDF's text layer; null for scans (those are OCR'd). */
  text: string | null;
}

/** Limits that protect the server from pixel floods and decompression bombs. */
export interface ImageLimits {
  maxPixelsPerPage: number;
  maxPagesPerFile: number;
}

/**
 * Port: image files. Inputs are local file paths (scratch copies) so that a 500-page TIFF is read page by
 * page, never held whole. Errors for bad input are `IngestRejection`s with a stable code.
 */
export interface ImageProcessor {
  /** Checks type by magic bytes, page count and pixel limits; throws `IngestRejection` when unreadable. */
  probe(path: string, limits: ImageLimits): Promise<FileProbe>;
  /** Page `index` (0-based) of an image file (JPEG, PNG, TIFF). */
  extractPage(path: string, probe: FileProbe, index: number): Promise<ExtractedPage>;
  analyse(image: Uint8Array): Promise<PageAnalysis>;
  /** An OCR-only derivative: greyscale, table rules erased, deskewed by `-skewDegrees`. */
  prepareForOcr(image: Uint8Array, skewDegrees: number): Promise<Uint8Array>;
  /** Preview (longest side ≤ 1600 px) and thumbnail (≤ 300 px). */
  derivatives(image: Uint8Array): Promise<{ preview: Derivative; thumbnail: Derivative }>;
  /**
   * A JPEG copy of a page image with a visible watermark burned in (借阅 / 复制): `lines` tiled diagonally
   * across the page, semi-transparent, drawn as glyph outlines (no system font needed). `maxSide` shrinks
   * the page first; `dpi` is the source's stated resolution scaled with it, or null when it states none.
   */
  watermark(
    image: Uint8Array,
    lines: readonly string[],
    options?: { maxSide?: number },
  ): Promise<{
    content: Uint8Array;
    mediaType: 'image/jpeg';
    width: number;
    height: number;
    dpi: number | null;
  }>;
}

export interface Derivative {
  content: Uint8Array;
  mediaType: 'image/webp' | 'image/jpeg';
  width: number;
  height: number;
}

/** A recognised word with its box in page-image pixels. */
export interface OcrWord {
  text: string;
  confidence: number;
  box: [x0: number, y0: number, x1: number, y1: number];
}

export interface OcrResult {
  /** Text in reading order, lines separated by `\n`, spaces between CJK characters removed. */
  text: string;
  /** Mean word confidence, 0..100. */
  confidence: number;
  words: OcrWord[];
}

/** Port: optical character recognition (chi_sim + eng), offline, with a worker pool. */
export interface OcrEngine {
  recognize(image: Uint8Array): Promise<OcrResult>;
  /** Workers in the pool. */
  readonly size: number;
  close(): Promise<void>;
}

/** Port: PDF files. A page with a usable text layer is "generated"; one that is a picture is "scanned". */
export interface PdfReader {
  probe(path: string, limits: ImageLimits): Promise<FileProbe>;
  /** For a scanned page, its embedded image; for a generated page, its text and a rendered image. */
  extractPage(path: string, index: number): Promise<ExtractedPage>;
}

/** Port: reads the QR code of a separator sheet the system printed; null when the page has none. */
export interface SeparatorReader {
  read(image: Uint8Array): Promise<string | null>;
}

/** Port: a local scratch copy of a stored blob, for tools that need a file path. */
export interface ScratchSpace {
  materialize(
    content: AsyncIterable<Uint8Array>,
    suffix: string,
  ): Promise<{ path: string; dispose(): Promise<void> }>;
}

/** A page to put into a searchable PDF: the image, its pixel size and the OCR words to lay under it. */
export interface SearchablePage {
  image: Uint8Array;
  mediaType: 'image/jpeg' | 'image/png' | 'image/tiff';
  width: number;
  height: number;
  dpi: number;
  words: OcrWord[];
}

/** Port: PDFs the system makes (pdf-lib with the project's own embedded, subset Chinese font). */
export interface DocumentRenderer {
  /** Page images with an invisible text layer, so the PDF can be searched and copied from. */
  searchablePdf(pages: readonly SearchablePage[]): Promise<Uint8Array>;
  /** A system-generated form (登记表, 核定表 …) filled in, as an A4 PDF, plus a PNG per page for previews. */
  renderForm(form: FormLayout): Promise<{ pdf: Uint8Array; pages: Uint8Array[] }>;
  /** Separator sheets (分隔页): one A4 page per sheet with a QR code and its meaning in words. */
  separatorSheets(sheets: readonly SeparatorSheet[]): Promise<Uint8Array>;
}

/** What a separator sheet says: the business step and, optionally, the person or unit. */
export interface SeparatorSheet {
  /** The payload encoded in the QR code (see separator.ts). */
  code: string;
  /** Lines printed under the code, for people. */
  caption: string[];
}
