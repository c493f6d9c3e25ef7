import type { ItemId } from '../shared/ids';
import type { Batch, BatchFile, Draft } from './ingest.model';

export interface DraftFilters {
  batchId?: string;
  status?: Draft['status'];
  /** Only these sections (a clerk's scope); undefined means all. */
  sections?: string[];
}

/** Who first brought a file in: a later identical file is reported as its duplicate. */
export interface Fingerprint {
  sha256: string;
  batchId: string;
  file: number;
  itemId: ItemId | null;
}

/**
 * Port: ingest batches, their files, drafts (items on their way through the pipeline), file fingerprints
 * and the title variants clerks taught the matcher. Batch files are written one by one (many jobs page the
 * files of one batch at once); drafts are written whole with a revision check.
 */
export interface IngestRepository {
  createBatch(batch: Batch): Promise<void>;
  getBatch(id: string): Promise<Batch | null>;
  setBatchStatus(id: string, status: Batch['status'], at: string): Promise<void>;
  /** Replaces file `file.n` of the batch. */
  putBatchFile(batchId: string, file: BatchFile, at: string): Promise<void>;
  listBatches(sections: string[] | undefined, limit: number): Promise<Batch[]>;

  /** Writes the draft unless one with its id exists; returns whether it was written. */
  insertDraft(draft: Draft): Promise<boolean>;
  /** Writes `draft` (revision already incremented) if the stored revision is `draft.revision - 1`. */
  updateDraft(draft: Draft): Promise<void>;
  getDraft(id: string): Promise<Draft | null>;
  /** Oldest first, paged by cursor. */
  listDrafts(
    filters: DraftFilters,
    limit: number,
    cursor: string | null,
  ): Promise<{ drafts: Draft[]; nextCursor: string | null }>;
  /** Counts of a batch's drafts by status. */
  draftCounts(batchId: string): Promise<Record<Draft['status'], number>>;
  /**
   * Scrubs a draft whose item was destroyed (销毁): its pages (and with them OCR text, word boxes, text
   * layers, page analysis, file names), separator hint, quality findings, searchable PDF, extraction,
   * classification, review reasons, error and corrections are dropped; identity, status and stages stay,
   * and `purged` records when, how many pages it had and which batch files they came from. Whatever the
   * stored revision (the destruction wins); a draft already purged is left as it is. Returns the draft as
   * stored afterwards, or null when there is none. The stored objects it named are the caller's to delete.
   */
  purgeDraft(draftId: string, at: string): Promise<Draft | null>;

  /** Records the first owner of `sha256`, or returns the owner already recorded. */
  claimFingerprint(print: Fingerprint): Promise<Fingerprint>;
  /** Who first brought in `sha256`, or null. */
  getFingerprint(sha256: string): Promise<Fingerprint | null>;
  /** Sets the item a fingerprinted file ended up in. */
  setFingerprintItem(sha256: string, itemId: ItemId): Promise<void>;

  addTitleVariant(variant: { businessStep: string; variant: string; by: string; at: string }): Promise<void>;
  titleVariants(): Promise<{ businessStep: string; variant: string }[]>;
}
