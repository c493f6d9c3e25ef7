import type { AccountRepository, PasswordHasher } from './accounts/account.model';
import type { AuditTrail } from './audit/audit-trail.port';
import type { BlobStore } from './blobs/blob-store.port';
import type { CatalogueStore } from './catalogue/catalogue-store.port';
import type { ItemRepository } from './items/item-repository.port';
import type { JobQueue } from './jobs/job-queue.port';
import type { SearchIndex } from './search/search-index.port';
import type { Clock } from './shared/clock.port';
import type { IngestRepository } from './ingest/ingest-repository.port';
import type { RecordStore } from './records/record-store.port';
import type { DocumentPrinter } from './documents/printer.port';
import type {
  DocumentRenderer,
  ImageProcessor,
  OcrEngine,
  PdfReader,
  ScratchSpace,
  SeparatorReader,
} from './ingest/ingest-ports';

/** Everything the use cases need, as ports. Built once, by the composition root (server/main). */
export interface CoreDeps {
  clock: Clock;
  catalogue: CatalogueStore;
  items: ItemRepository;
  blobs: BlobStore;
  search: SearchIndex;
  jobs: JobQueue;
  audit: AuditTrail;
  accounts: AccountRepository;
  passwords: PasswordHasher;
  settings: CoreSettings;
  ingest: IngestRepository;
  media: MediaPorts;
  /** Workflow records: transfers, boxes, locations, loans, appraisals, destruction lists. */
  records: RecordStore;
  /** Registers, lists, labels and extracts as PDF and XLSX. */
  printer: DocumentPrinter;
}

/** The technology of ingest: image and PDF reading, OCR, separator codes, scratch files, PDF rendering. */
export interface MediaPorts {
  images: ImageProcessor;
  pdfs: PdfReader;
  ocr: OcrEngine;
  separators: SeparatorReader;
  scratch: ScratchSpace;
  renderer: DocumentRenderer;
}

export interface CoreSettings {
  /** Failed logins before an account is locked, and for how long. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  sessionHours: number;
  /** Ingest limits (pixel floods, decompression bombs) and the DA/T 31 quality gate. */
  ingest: {
    maxPixelsPerPage: number;
    maxPagesPerFile: number;
    minDpi: number;
    ocrDpi: number;
    maxSkewDegrees: number;
    /** The agency named on generated forms. */
    agency: string;
  };
}

export const DEFAULT_SETTINGS: CoreSettings = {
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  sessionHours: 12,
  ingest: {
    maxPixelsPerPage: 120_000_000,
    maxPagesPerFile: 1000,
    minDpi: 200,
    ocrDpi: 300,
    maxSkewDegrees: 3,
    agency: '社会保险事业管理中心',
  },
};

/** Who asked and from where: threaded from the request into the audit trail. */
export interface RequestContext {
  requestId: string | null;
}
