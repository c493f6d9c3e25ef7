import { availableParallelism } from 'node:os';
import { mkdirSync } from 'node:fs';
import type { MediaPorts } from '../core/deps';
import { SharpImageProcessor } from '../../ingest/adapters/sharp.image-processor';
import { TesseractOcrEngine } from '../../ingest/adapters/tesseract.ocr-engine';
import { JsqrSeparatorReader } from '../../ingest/adapters/jsqr.separator-reader';
import { FsScratchSpace } from '../../ingest/adapters/fs.scratch-space';
import { PdfjsPdfReader } from '../../ingest/adapters/pdfjs.pdf-reader';
import { PdfLibDocumentRenderer } from '../../ingest/adapters/pdf-lib.document-renderer';

export interface MediaOptions {
  /** Scratch files (local copies of stored files for the image and PDF tools). */
  scratchDir: string;
  /** Where the OCR language data is unpacked from its npm packages. */
  ocrCacheDir: string;
  /** OCR workers; default one per core. */
  ocrWorkers?: number;
  maxPixelsPerPage: number;
}

/** Builds the ingest technology: sharp, tesseract.js (offline chi_sim + eng), jsQR, pdf.js and pdf-lib. */
export function buildMedia(o: MediaOptions): MediaPorts {
  mkdirSync(o.scratchDir, { recursive: true });
  mkdirSync(o.ocrCacheDir, { recursive: true });
  return {
    images: new SharpImageProcessor({ maxPixels: o.maxPixelsPerPage }),
    pdfs: new PdfjsPdfReader(),
    ocr: new TesseractOcrEngine({ workers: o.ocrWorkers ?? availableParallelism(), cacheDir: o.ocrCacheDir }),
    separators: new JsqrSeparatorReader(),
    scratch: new FsScratchSpace(o.scratchDir),
    renderer: new PdfLibDocumentRenderer(),
  };
}
