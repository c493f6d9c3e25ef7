import type { Actor } from '../access/actor';
import { itemScope } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { notFound } from '../shared/errors';
import type { Batch, Draft } from './ingest.model';

/** A batch as the viewer shows it: files, counts, and each item's progress through the stages. */
export interface BatchProgress {
  batch: Omit<Batch, 'files'> & { files: Omit<Batch['files'][number], 'extracted'>[] };
  counts: Record<Draft['status'], number>;
  items: {
    draftId: string;
    itemId: string;
    status: Draft['status'];
    pages: number;
    stagesDone: string[];
    reasons: string[];
    error: Draft['error'];
  }[];
}

async function batchInScope(deps: CoreDeps, actor: Actor, id: string): Promise<Batch> {
  const batch = await deps.ingest.getBatch(id);
  const scope = itemScope(actor);
  if (!batch || (scope !== 'all' && !scope.includes(batch.section)))
    throw notFound('batch.not_found', `No batch ${id}.`);
  return batch;
}

/** Reads a batch's progress (no personal data: names and ID numbers stay in the drafts). */
export async function batchProgress(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  audit = true,
) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.batch.read', id);
  const batch = await batchInScope(deps, actor, id);
  const items: BatchProgress['items'] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.ingest.listDrafts({ batchId: id }, 200, cursor);
    for (const d of page.drafts)
      items.push({
        draftId: d.id,
        itemId: d.itemId,
        status: d.status,
        pages: d.pages.length,
        stagesDone: d.done,
        reasons: d.reasons,
        error: d.error,
      });
    cursor = page.nextCursor;
  } while (cursor);
  const counts = await deps.ingest.draftCounts(id);
  if (audit) await recordAudit(deps, actor, ctx, 'ingest.batch.read', id);
  const files = batch.files.map(({ extracted: _extracted, ...f }) => f);
  return { batch: { ...batch, files }, counts, items } satisfies BatchProgress;
}

export async function listBatches(deps: CoreDeps, actor: Actor, ctx: RequestContext, limit: number) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.batch.list', null);
  const scope = itemScope(actor);
  const batches = await deps.ingest.listBatches(scope === 'all' ? undefined : scope, limit);
  return batches.map((b) => ({ ...b, files: b.files.map(({ extracted: _e, ...f }) => f) }));
}
