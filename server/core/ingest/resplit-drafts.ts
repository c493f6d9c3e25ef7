import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { newId, type ItemId } from '../shared/ids';
import { conflict, invalid } from '../shared/errors';
import type { Draft, DraftStage } from './ingest.model';
import { PROCESS_DRAFT_JOB } from './receive-batch';
import { draftInScope } from './review-drafts';

/** Per-page work survives a re-split or merge; what depends on the whole item is done again. */
const KEPT_STAGES: DraftStage[] = ['derivatives', 'ocr'];

function reopened(draft: Draft, pages: Draft['pages'], now: string): Draft {
  return {
    ...draft,
    pages,
    status: 'processing',
    done: draft.done.filter((s) => KEPT_STAGES.includes(s)),
    quality: [],
    searchablePdf: null,
    extraction: null,
    classification: null,
    reasons: [],
    error: null,
    updatedAt: now,
    revision: draft.revision + 1,
  };
}

function assertEditable(draft: Draft, revision: number): void {
  if (draft.status !== 'needs_review' && draft.status !== 'failed')
    throw conflict(
      'draft.not_in_review',
      `Draft ${draft.id} is ${draft.status}: only drafts in review can be re-split or merged.`,
    );
  if (draft.revision !== revision)
    throw conflict('draft.stale', `Draft ${draft.id} has changed (revision ${draft.revision}); reload it.`);
}

async function nextDraftId(deps: CoreDeps, batchId: string): Promise<string> {
  let max = 0;
  let cursor: string | null = null;
  do {
    const page = await deps.ingest.listDrafts({ batchId }, 200, cursor);
    for (const d of page.drafts) max = Math.max(max, Number(d.id.slice(batchId.length + 1)) || 0);
    cursor = page.nextCursor;
  } while (cursor);
  return `${batchId}-${String(max + 1).padStart(4, '0')}`;
}

/** Re-split: pages `atPage`… of a draft in review become a draft of their own; both are processed again. */
export async function splitDraft(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: { revision: number; atPage: number },
) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.draft.split', id);
  const draft = await draftInScope(deps, actor, id);
  assertEditable(draft, input.revision);
  if (input.atPage > draft.pages.length)
    throw invalid(
      'draft.bad_page',
      `Draft ${id} has ${draft.pages.length} pages; cannot split at page ${input.atPage}.`,
    );
  const now = deps.clock.now();
  const at = now.toISOString();
  const head = reopened(draft, draft.pages.slice(0, input.atPage - 1), at);
  const tail: Draft = {
    ...reopened(draft, draft.pages.slice(input.atPage - 1), at),
    id: await nextDraftId(deps, draft.batchId),
    itemId: newId<'ItemId'>('itm', now) as ItemId,
    hint: null,
    corrections: [],
    createdAt: at,
    revision: 1,
  };
  await deps.ingest.insertDraft(tail);
  await deps.ingest.updateDraft(head);
  await deps.ingest.setBatchStatus(draft.batchId, 'processing', at);
  for (const d of [head, tail])
    await deps.jobs.enqueue(PROCESS_DRAFT_JOB, { draftId: d.id }, { key: `draft:${d.id}`, maxAttempts: 5 });
  await recordAudit(deps, actor, ctx, 'ingest.draft.split', id, { atPage: input.atPage, newDraft: tail.id });
  return { drafts: [head, tail] };
}

/** Merge: the pages of `other` (same batch, in review) are appended to this draft, which is processed again. */
export async function mergeDrafts(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: { revision: number; other: string },
) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.draft.merge', id);
  const draft = await draftInScope(deps, actor, id);
  const other = await draftInScope(deps, actor, input.other);
  assertEditable(draft, input.revision);
  assertEditable(other, other.revision);
  if (other.id === draft.id || other.batchId !== draft.batchId)
    throw invalid('draft.bad_merge', 'Merge two different drafts of the same batch.');
  const at = deps.clock.now().toISOString();
  const merged = reopened(draft, [...draft.pages, ...other.pages], at);
  await deps.ingest.updateDraft({
    ...other,
    status: 'merged',
    mergedInto: draft.id,
    updatedAt: at,
    revision: other.revision + 1,
  });
  await deps.ingest.updateDraft(merged);
  await deps.ingest.setBatchStatus(draft.batchId, 'processing', at);
  await deps.jobs.enqueue(
    PROCESS_DRAFT_JOB,
    { draftId: merged.id },
    { key: `draft:${merged.id}`, maxAttempts: 5 },
  );
  await recordAudit(deps, actor, ctx, 'ingest.draft.merge', id, {
    other: other.id,
    pages: merged.pages.length,
  });
  return merged;
}
