import type { CoreDeps } from '../server/core/deps';
import type { Batch, Draft, DraftPage, SeparatorHint } from '../server/core/ingest/ingest.model';
import { PROCESS_DRAFT_JOB, SPLIT_BATCH_JOB } from '../server/core/ingest/receive-batch';
import type { Job } from '../server/core/jobs/job-queue.port';
import { newId, type ItemId } from '../server/core/shared/ids';

export { SPLIT_BATCH_JOB };

interface Cut {
  pages: DraftPage[];
  hint: SeparatorHint | null;
}

/**
 * Cuts a batch's pages (files in order, pages in order) into items (件): one item per file, or a new item
 * after each separator sheet the system printed (its QR code names the business step, and maybe the
 * person or unit), or after each blank separator page. Separator pages belong to no item.
 */
export function cutPages(batch: Batch): Cut[] {
  const files = batch.files.filter((f) => f.status === 'paged' && f.extracted?.length);
  if (batch.splitMode === 'file') return files.map((f) => ({ pages: f.extracted!, hint: null }));
  const cuts: Cut[] = [];
  let current: Cut = { pages: [], hint: null };
  const close = (hint: SeparatorHint | null) => {
    if (current.pages.length) cuts.push(current);
    current = { pages: [], hint };
  };
  for (const page of files.flatMap((f) => f.extracted!)) {
    if (batch.splitMode === 'separator' && page.separator) close(page.separator);
    else if (batch.splitMode === 'blank' && page.analysis?.blank) close(null);
    else current.pages.push(page);
  }
  close(null);
  return cuts;
}

/** Stage: split a paged batch into drafts (idempotent: draft ids are derived from the batch). */
export async function splitBatch(deps: CoreDeps, batchId: string): Promise<void> {
  const batch = await deps.ingest.getBatch(batchId);
  if (!batch || batch.files.some((f) => f.status === 'stored')) return;
  const cuts = cutPages(batch);
  const now = deps.clock.now();
  for (const [k, cut] of cuts.entries()) {
    const draft: Draft = {
      id: `${batchId}-${String(k + 1).padStart(4, '0')}`,
      batchId,
      itemId: newId<'ItemId'>('itm', now) as ItemId,
      fondsCode: batch.fondsCode,
      section: batch.section,
      status: 'processing',
      done: [],
      pages: cut.pages,
      hint: cut.hint,
      quality: [],
      searchablePdf: null,
      extraction: null,
      classification: null,
      reasons: [],
      error: null,
      corrections: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      revision: 1,
    };
    await deps.ingest.insertDraft(draft);
    const stored = await deps.ingest.getDraft(draft.id);
    if (stored?.status === 'processing')
      await deps.jobs.enqueue(
        PROCESS_DRAFT_JOB,
        { draftId: draft.id },
        { key: `draft:${draft.id}`, maxAttempts: 5 },
      );
  }
  await deps.ingest.setBatchStatus(batchId, cuts.length ? 'processing' : 'done', now.toISOString());
}

export function splitBatchHandler(deps: CoreDeps) {
  return async (job: Job): Promise<void> => {
    const { batchId } = job.payload as { batchId: string };
    await splitBatch(deps, batchId);
  };
}
