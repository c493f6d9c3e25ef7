/** The ingest API's shapes the intake pages read (see /api/openapi.json, tag `ingest`). */

export type SplitMode = 'file' | 'separator' | 'blank';
export type FileStatus = 'stored' | 'paged' | 'rejected' | 'duplicate';
export type DraftStatus = 'processing' | 'filed' | 'needs_review' | 'failed' | 'merged';
export type BatchStatus = 'receiving' | 'paging' | 'processing' | 'done';

export interface ApiProblem {
  code: string;
  message: string;
}

export interface BatchFile {
  n: number;
  originalName: string;
  bytes: number;
  sha256: string | null;
  mediaType: string | null;
  status: FileStatus;
  pages: number;
  error: ApiProblem | null;
  duplicateOf: string | null;
  purgedAt?: string;
}

export interface Batch {
  id: string;
  source: 'upload' | 'hot_folder' | 'import';
  fondsCode: string;
  section: string;
  splitMode: SplitMode;
  status: BatchStatus;
  files: BatchFile[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface BatchItem {
  draftId: string;
  itemId: string;
  status: DraftStatus;
  pages: number;
  stagesDone: string[];
  reasons: string[];
  error: (ApiProblem & { stage: string }) | null;
}

/** `GET /api/ingest/batches/{id}` and each `progress` event of `…/events`. */
export interface BatchProgress {
  batch: Batch;
  counts: Record<DraftStatus, number>;
  items: BatchItem[];
}

export interface Decision<T> {
  value: T | null;
  confidence: number;
  reason: string;
}

export interface Classification {
  businessStep: Decision<string>;
  formTitle: Decision<string>;
  classCode: Decision<string>;
  insuranceType: Decision<string>;
  retentionRowId: Decision<string>;
  retention: Decision<string>;
  year: Decision<number>;
  date: Decision<string>;
}

export interface DraftPage {
  mediaType: string;
  from: { file: number; page: number; originalName: string };
  preview: string | null;
  thumbnail: string | null;
  analysis: { width: number; height: number; dpi: number | null; blank: boolean } | null;
}

export interface QualityFinding {
  page: number | null;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface Person {
  name: string;
  residentId?: string;
  socialInsuranceNo?: string;
}

export interface Unit {
  name: string;
  creditCode?: string;
  socialInsuranceCode?: string;
}

export interface Draft {
  id: string;
  batchId: string;
  itemId: string;
  fondsCode: string;
  section: string;
  status: DraftStatus;
  mergedInto?: string;
  done: string[];
  pages: DraftPage[];
  hint: { businessStep: string; personName?: string; unitName?: string } | null;
  quality: QualityFinding[];
  extraction: {
    title: string | null;
    handlers: { role: string; name: string }[];
    dates: { label: string; date: string }[];
  } | null;
  classification: Classification | null;
  reasons: string[];
  error: (ApiProblem & { stage: string }) | null;
  corrections: { field: string; by: string; at: string }[];
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** The item fields the pipeline proposes (`GET /api/ingest/drafts/{id}` → `proposed`). */
export interface ReviewFields {
  businessStep?: string;
  title?: string;
  year?: number;
  date?: string;
  responsible?: string;
  docNumber?: string;
  remarks?: string;
  persons?: Person[];
  units?: Unit[];
}

export interface BusinessStep {
  code: string;
  name: string;
  linkCode: string;
  insuranceType: string;
  classCode: string;
  retentionRowId: string;
  forms: { title: string; kind: string }[];
}

export interface StepCatalogue {
  insuranceTypes: { code: string; name: string }[];
  links: { code: string; name: string }[];
  steps: BusinessStep[];
}

export interface RetentionTable {
  classes: { code: string; name: string }[];
  rows: { id: string; classCode: string; name: string; period: string }[];
}
