import type { ItemId } from '../shared/ids';
import type { RetentionPeriod } from '../catalogue/retention.policy';
import type { OcrWord, PageAnalysis } from './ingest-ports';

/** How a batch is cut into items (件). */
export const SPLIT_MODES = ['file', 'separator', 'blank'] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

export const BATCH_SOURCES = ['upload', 'hot_folder', 'import'] as const;
export type BatchSource = (typeof BATCH_SOURCES)[number];

/** A file of a batch: stored byte for byte on arrival, then paged. */
export interface BatchFile {
  n: number;
  originalName: string;
  bytes: number;
  sha256: string | null;
  mediaType: string | null;
  /** stored → paged (its pages are extracted); rejected and duplicate are final. */
  status: 'stored' | 'paged' | 'rejected' | 'duplicate';
  pages: number;
  error: { code: string; message: string } | null;
  /** For a duplicate: the item already holding this exact file. */
  duplicateOf: ItemId | null;
  /** Once paged: its pages, in order. */
  extracted?: DraftPage[];
  /** Set when every item taken from the file was destroyed: the original was deleted, its pages scrubbed. */
  purgedAt?: string;
}

export interface Batch {
  id: string;
  source: BatchSource;
  fondsCode: string;
  section: string;
  splitMode: SplitMode;
  /** receiving → paging → processing → done. */
  status: 'receiving' | 'paging' | 'processing' | 'done';
  files: BatchFile[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A page on its way into an item: where it came from and what each stage found. */
export interface DraftPage {
  /** The page image as stored (a blob). */
  sha256: string;
  mediaType: string;
  bytes: number;
  /** The batch file and 0-based page it was taken from. */
  from: { file: number; page: number; originalName: string };
  /** A PDF's own text layer; null for scans. */
  textLayer: string | null;
  /** A rendering of a PDF page (blob, PNG) used for analysis and previews; null for image pages. */
  raster: string | null;
  /** Resolution known from the container (a scanned PDF's page size); overrides the image's metadata. */
  dpi: number | null;
  /** What a separator sheet on this page said (the page itself is not part of any item). */
  separator: SeparatorHint | null;
  analysis: PageAnalysis | null;
  preview: string | null;
  thumbnail: string | null;
  ocr: { text: string; confidence: number; words: string } | null;
}

export interface QualityFinding {
  page: number | null;
  code:
    'resolution.too_low' | 'resolution.below_ocr' | 'resolution.unknown' | 'skew' | 'blank_page' | 'no_pages';
  severity: 'error' | 'warning';
  message: string;
}

/** A field the pipeline decided, with how sure it is and why (shown in review). */
export interface Decision<T> {
  value: T | null;
  /** 0..1 */
  confidence: number;
  reason: string;
}

export interface ExtractedPerson {
  name: string | null;
  residentId: string | null;
  socialInsuranceNo: string | null;
}

export interface ExtractedUnit {
  name: string | null;
  creditCode: string | null;
  socialInsuranceCode: string | null;
}

/** What the extract stage read out of the text. */
export interface Extraction {
  title: string | null;
  persons: ExtractedPerson[];
  units: ExtractedUnit[];
  /** 经办人, 复核人 */
  handlers: { role: '经办人' | '复核人'; name: string }[];
  /** Dates found, by label (经办日期, 办结日期 …), as 8 digits. */
  dates: { label: string; date: string }[];
  /** Every valid 公民身份号码 in the text (18-digit, or 15-digit legacy converted to 18). */
  residentIds: string[];
  creditCodes: string[];
}

export interface Classification {
  businessStep: Decision<string>;
  /** The form title the text was matched to. */
  formTitle: Decision<string>;
  classCode: Decision<string>;
  insuranceType: Decision<string>;
  retentionRowId: Decision<string>;
  retention: Decision<RetentionPeriod>;
  year: Decision<number>;
  date: Decision<string>;
}

export const DRAFT_STATUSES = ['processing', 'filed', 'needs_review', 'failed', 'merged'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const DRAFT_STAGES = [
  'quality',
  'derivatives',
  'ocr',
  'searchable_pdf',
  'extract',
  'classify',
  'register',
] as const;
export type DraftStage = (typeof DRAFT_STAGES)[number];

/**
 * A draft (待登记件): the pages of one future item while the pipeline works on it. It becomes an item
 * (`filed`) when every field is confident, or waits in the review queue (`needs_review`).
 */
export interface Draft {
  id: string;
  batchId: string;
  /** The id the item will have, fixed up front so that registering twice writes one item. */
  itemId: ItemId;
  fondsCode: string;
  section: string;
  status: DraftStatus;
  /** Set when a clerk merged this draft's pages into another draft (status `merged`). */
  mergedInto?: string;
  /** Stages finished, in order; a resumed job skips them. */
  done: DraftStage[];
  pages: DraftPage[];
  /** What a separator sheet said about this item (business step, person, unit). */
  hint: SeparatorHint | null;
  quality: QualityFinding[];
  searchablePdf: string | null;
  extraction: Extraction | null;
  classification: Classification | null;
  /** Why the draft needs review (human-readable). */
  reasons: string[];
  error: { code: string; message: string; stage: DraftStage } | null;
  /** Fields a clerk corrected in review: what the pipeline said and what the clerk set. */
  corrections: { field: string; from: unknown; to: unknown; by: string; at: string }[];
  /** Set when its item was destroyed: pages, text and findings dropped; what is left says so. */
  purged?: { at: string; pages: number; files: number[] };
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** What a separator sheet's QR code names. */
export interface SeparatorHint {
  businessStep: string;
  residentId?: string;
  personName?: string;
  unitCode?: string;
  unitName?: string;
}

/** The OCR words of a page, stored as a JSON blob beside the page (the viewer highlights hits with them). */
export interface PageWords {
  width: number;
  height: number;
  words: OcrWord[];
}

/**
 * What is left of a draft whose item was destroyed (销毁), one revision on: identity, status and stages
 * stay; pages (with their OCR text, word boxes, file names), findings, extraction, classification and
 * corrections go; `purged` says when, how many pages and which batch files. The rule of
 * `IngestRepository.purgeDraft`, the same for every adapter.
 */
export function purgedDraft(draft: Draft, at: string): Draft {
  return {
    id: draft.id,
    batchId: draft.batchId,
    itemId: draft.itemId,
    fondsCode: draft.fondsCode,
    section: draft.section,
    status: draft.status,
    ...(draft.mergedInto ? { mergedInto: draft.mergedInto } : {}),
    done: draft.done,
    pages: [],
    hint: null,
    quality: [],
    searchablePdf: null,
    extraction: null,
    classification: null,
    reasons: [],
    error: null,
    corrections: [],
    purged: {
      at,
      pages: draft.pages.length,
      files: [...new Set(draft.pages.map((p) => p.from.file))].sort((a, b) => a - b),
    },
    createdAt: draft.createdAt,
    updatedAt: at,
    revision: draft.revision + 1,
  };
}
