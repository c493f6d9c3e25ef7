import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { Job } from '../jobs/job-queue.port';
import { activeHolds, itemBlobs, pageCount, type Item } from '../items/item.model';
import type { AccountId, ItemId } from '../shared/ids';
import { appraisalClaim } from './appraisal.model';
import {
  assertDestructionTransition,
  rowSettled,
  type DestructionExecution,
  type DestructionInProgress,
  type DestructionList,
  type DestructionRow,
  type SkipReason,
} from './destruction.model';
import { storeDestructionRecord } from './destruction-record';
import { ObjectGuard, planIngestTrail, scrubFilePages, settleOriginals } from './ingest-trail';
import { destructionLists, mutate } from './records';
import { archiveDay } from '../shared/calendar';
import { movements, recordMovement } from '../store/movements';

export const EXECUTE_DESTRUCTION_JOB = 'retention.execute-destruction';

const JOB_CTX: RequestContext = { requestId: null };

/** The archivist who ordered the execution: the job acts (and is audited) on their behalf. */
function orderedBy(l: DestructionList): Actor {
  const o = l.execution!.orderedBy;
  return { accountId: o.accountId as AccountId, username: o.username, roles: ['archivist'], section: null };
}

/** Re-checks an item just before it is destroyed: a hold placed since, a release, a changed status. */
async function recheck(deps: CoreDeps, l: DestructionList, item: Item | null): Promise<SkipReason | null> {
  if (!item) return 'missing';
  if (item.status !== 'archived') return 'not_archived';
  if (activeHolds(item).length > 0) return 'held';
  // Out on a loan or movement: the paper is not here to destroy (it comes back, and is appraised again).
  if (item.out) return 'out';
  if ((await deps.records.holder(appraisalClaim(item.id))) !== l.appraisalId) return 'not_in_appraisal';
  if (!item.dueDate || item.dueDate > archiveDay(new Date(l.execution!.at))) return 'not_due';
  return null;
}

/** Whether the item's 销毁 has been registered in the store's ledger already (a resumed job). */
async function movementRegistered(deps: CoreDeps, listId: string, itemId: string): Promise<boolean> {
  for await (const _m of movements(deps).all({ subjectId: itemId, reason: 'destruction', ref: listId }))
    return true;
  return false;
}

/**
 * Registers the item leaving the store for good (出库, 销毁) in the ledger, once: for an item with a place
 * in the store (boxed), or any item destroyed by a paper method (粉碎, 焚毁, 化浆). An electronic-only
 * deletion (删除) of an item never boxed moves nothing out of the store.
 */
async function registerLeaving(
  deps: CoreDeps,
  actor: Actor,
  list: DestructionList,
  item: Item | null,
): Promise<void> {
  const e = list.execution!;
  if (!item || (!item.box && e.method === '删除')) return;
  if (await movementRegistered(deps, list.id, item.id)) return;
  await recordMovement(deps, actor, JOB_CTX, {
    subject: { kind: 'item', id: item.id },
    direction: 'out',
    reason: 'destruction',
    ref: list.id,
    to: `销毁清册 ${list.number}`,
    note: e.method,
  });
}

/**
 * Destroys one row's item. Steps, each safe to repeat after a crash:
 * 1. re-check the item (held or out since → skipped and reported, never destroyed);
 * 2. write the plan (its objects, 页数 and ingest trail) on the list, before anything is deleted;
 * 3. write the tombstone: status destroyed (已销毁), pages and text dropped, `destruction` set;
 * 4. delete every object of the plan that no other live item (or draft waiting) uses; remove its ingest
 *    trail (draft scrubbed, rasters deleted, the scanned original deleted once nothing live came from it);
 *    remove the index entry; register the 销毁 出库 in the store's ledger;
 * 5. audit `item.destroy` (once: a resume checks the trail) and mark the row done on the list.
 */
async function destroyRow(
  deps: CoreDeps,
  actor: Actor,
  list: DestructionList,
  row: DestructionRow,
  guard: ObjectGuard,
): Promise<DestructionList> {
  const col = destructionLists(deps);
  const e = list.execution!;
  const item = await deps.items.get(row.itemId as ItemId);
  let plan: DestructionInProgress;
  let resumed = false;
  if (item?.status === 'destroyed' && item.destruction?.listId === list.id) {
    resumed = true;
    plan =
      e.current?.itemId === row.itemId
        ? e.current
        : {
            itemId: row.itemId,
            blobs: [],
            pages: item.destruction.pages ?? row.pages,
            trail: await planIngestTrail(deps, item),
          };
  } else {
    const why = await recheck(deps, list, item);
    if (why) {
      await deps.records.release(appraisalClaim(row.itemId), list.appraisalId);
      const next = await mutate(col, list.id, 'destruction.not_found', (l) => ({
        ...l,
        execution: {
          ...l.execution!,
          current: null,
          skipped: rowSettled(l.execution!, row.itemId)
            ? l.execution!.skipped
            : [...l.execution!.skipped, { itemId: row.itemId, reason: why }],
        },
      }));
      await recordAudit(deps, actor, JOB_CTX, 'destruction.skip', list.id, {
        itemId: row.itemId,
        reason: why,
      });
      return next;
    }
    plan = {
      itemId: item!.id,
      blobs: itemBlobs(item!),
      pages: pageCount(item!),
      trail: await planIngestTrail(deps, item!),
    };
    list = await mutate(col, list.id, 'destruction.not_found', (l) => ({
      ...l,
      execution: { ...l.execution!, current: plan },
    }));
    const { content: _c, searchablePdf: _s, ...rest } = item!;
    await deps.items.update({
      ...rest,
      status: 'destroyed',
      pages: [],
      destruction: { listId: list.id, at: e.at, method: e.method, pages: plan.pages },
      updatedAt: deps.clock.now().toISOString(),
      revision: item!.revision + 1,
    });
  }

  const trail = plan.trail ?? null;
  const objects = [...new Set([...plan.blobs, ...(trail?.blobs ?? [])])];
  let kept = 0;
  const now = () => deps.clock.now().toISOString();
  if (trail) await scrubFilePages(deps, trail, now());
  for (const sha of objects) {
    if (await guard.inUse(sha, row.itemId)) kept++;
    else await deps.blobs.delete(sha);
  }
  let deleted = objects.length - kept;
  let originals = { deleted: 0, kept: [] as NonNullable<DestructionExecution['keptOriginals']> };
  if (trail) {
    for (const draftId of trail.draftIds) await deps.ingest.purgeDraft(draftId, now());
    const o = await settleOriginals(deps, trail, row.itemId, guard, now());
    deleted += o.objectsDeleted;
    kept += o.objectsKept;
    originals = { deleted: o.deleted, kept: o.kept.map((k) => ({ itemId: row.itemId, ...k })) };
  }
  await deps.search.remove(row.itemId as ItemId);
  const tomb = await deps.items.get(row.itemId as ItemId);
  if (tomb) await deps.items.markIndexed(tomb.id, tomb.revision);
  await registerLeaving(deps, actor, list, tomb);
  await deps.records.release(appraisalClaim(row.itemId), list.appraisalId);

  const audited =
    resumed && (await deps.audit.list({ action: 'item.destroy', target: row.itemId, limit: 1 })).length > 0;
  if (!audited)
    await recordAudit(deps, actor, JOB_CTX, 'item.destroy', row.itemId, {
      listId: list.id,
      method: e.method,
      pages: plan.pages,
      objectsDeleted: deleted,
      objectsKept: kept,
      ingest: trail
        ? {
            drafts: trail.draftIds.length,
            originalsDeleted: originals.deleted,
            originalsKept: originals.kept.length,
          }
        : null,
    });
  return mutate(col, list.id, 'destruction.not_found', (l) => {
    const x = l.execution!;
    if (x.done.includes(row.itemId)) return { ...l, execution: { ...x, current: null } };
    const keptOriginals = (x.keptOriginals ?? []).filter((k) => k.itemId !== row.itemId);
    return {
      ...l,
      execution: {
        ...x,
        current: null,
        done: [...x.done, row.itemId],
        deletedBlobs: x.deletedBlobs + deleted,
        keptBlobs: x.keptBlobs + kept,
        deletedOriginals: (x.deletedOriginals ?? 0) + originals.deleted,
        keptOriginals: [...keptOriginals, ...originals.kept],
      },
    };
  });
}

/**
 * Runs (or resumes) a list's execution to the end: every row destroyed or skipped, progress written after
 * each; then the list's PDF is stored as a permanent archived item, and the list becomes `executed`.
 */
export async function runDestruction(deps: CoreDeps, listId: string): Promise<void> {
  let list = await destructionLists(deps).get(listId);
  if (!list || list.status === 'executed') return;
  assertDestructionTransition(list.status, 'executed');
  const actor = orderedBy(list);
  const guard = new ObjectGuard(deps);
  for (const row of list.rows) {
    if (rowSettled(list.execution!, row.itemId)) continue;
    list = await destroyRow(deps, actor, list, row, guard);
  }
  if (!list.execution!.finishedAt) {
    const finishedAt = deps.clock.now().toISOString();
    list = await mutate(destructionLists(deps), listId, 'destruction.not_found', (l) => ({
      ...l,
      execution: { ...l.execution!, finishedAt: l.execution!.finishedAt ?? finishedAt },
    }));
  }
  list = await storeDestructionRecord(deps, actor, list);
  const x = list.execution!;
  const audited = (await deps.audit.list({ action: 'destruction.complete', target: listId, limit: 1 }))
    .length;
  if (!audited)
    await recordAudit(deps, actor, JOB_CTX, 'destruction.complete', listId, {
      number: list.number,
      destroyed: x.done.length,
      skipped: x.skipped.map((s) => ({ itemId: s.itemId, reason: s.reason })),
      objectsDeleted: x.deletedBlobs,
      objectsKept: x.keptBlobs,
      originalsDeleted: x.deletedOriginals ?? 0,
      originalsKept: (x.keptOriginals ?? []).map((k) => ({
        itemId: k.itemId,
        batchId: k.batchId,
        file: k.file,
      })),
      recordItemId: list.record?.itemId ?? null,
    });
  await mutate(destructionLists(deps), listId, 'destruction.not_found', (l) => {
    assertDestructionTransition(l.status, 'executed');
    return { ...l, status: 'executed' as const };
  });
}

export function executeDestructionHandler(deps: CoreDeps) {
  return async (job: Job): Promise<void> => {
    const { listId } = job.payload as { listId: string };
    if (typeof listId !== 'string') throw new Error('destruction job without a listId');
    await runDestruction(deps, listId);
  };
}
