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
  type DestructionInProgress,
  type DestructionList,
  type DestructionRow,
  type SkipReason,
} from './destruction.model';
import { storeDestructionRecord } from './destruction-record';
import { destructionLists, mutate } from './records';
import { archiveDay } from '../shared/calendar';

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
  if ((await deps.records.holder(appraisalClaim(item.id))) !== l.appraisalId) return 'not_in_appraisal';
  if (!item.dueDate || item.dueDate > archiveDay(new Date(l.execution!.at))) return 'not_due';
  return null;
}

/** Whether another item that is not destroyed still refers to the object (content addressing shares). */
async function usedElsewhere(deps: CoreDeps, sha256: string, itemId: string): Promise<boolean> {
  for (const other of await deps.items.blobUsers(sha256)) {
    if (other === itemId) continue;
    const o = await deps.items.get(other);
    if (o && o.status !== 'destroyed') return true;
  }
  return false;
}

/**
 * Destroys one row's item. Steps, each safe to repeat after a crash:
 * 1. re-check the item (held since → skipped and reported, never destroyed);
 * 2. write the plan (its objects and 页数) on the list, before anything is deleted;
 * 3. write the tombstone: status destroyed (已销毁), pages and text dropped, `destruction` set;
 * 4. delete every object of the plan that no other live item uses; remove the index entry;
 * 5. audit `item.destroy` (once: a resume checks the trail) and mark the row done on the list.
 */
async function destroyRow(
  deps: CoreDeps,
  actor: Actor,
  list: DestructionList,
  row: DestructionRow,
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
        : { itemId: row.itemId, blobs: [], pages: item.destruction.pages ?? row.pages };
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
    plan = { itemId: item!.id, blobs: itemBlobs(item!), pages: pageCount(item!) };
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

  let kept = 0;
  for (const sha of plan.blobs) {
    if (await usedElsewhere(deps, sha, row.itemId)) kept++;
    else await deps.blobs.delete(sha);
  }
  await deps.search.remove(row.itemId as ItemId);
  const tomb = await deps.items.get(row.itemId as ItemId);
  if (tomb) await deps.items.markIndexed(tomb.id, tomb.revision);
  await deps.records.release(appraisalClaim(row.itemId), list.appraisalId);

  const audited =
    resumed && (await deps.audit.list({ action: 'item.destroy', target: row.itemId, limit: 1 })).length > 0;
  if (!audited)
    await recordAudit(deps, actor, JOB_CTX, 'item.destroy', row.itemId, {
      listId: list.id,
      method: e.method,
      pages: plan.pages,
      objectsDeleted: plan.blobs.length - kept,
      objectsKept: kept,
    });
  return mutate(col, list.id, 'destruction.not_found', (l) => {
    const x = l.execution!;
    if (x.done.includes(row.itemId)) return { ...l, execution: { ...x, current: null } };
    return {
      ...l,
      execution: {
        ...x,
        current: null,
        done: [...x.done, row.itemId],
        deletedBlobs: x.deletedBlobs + plan.blobs.length - kept,
        keptBlobs: x.keptBlobs + kept,
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
  if (!list || list.state === 'executed') return;
  assertDestructionTransition(list.state, 'executed');
  const actor = orderedBy(list);
  for (const row of list.rows) {
    if (rowSettled(list.execution!, row.itemId)) continue;
    list = await destroyRow(deps, actor, list, row);
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
      recordItemId: list.record?.itemId ?? null,
    });
  await mutate(destructionLists(deps), listId, 'destruction.not_found', (l) => {
    assertDestructionTransition(l.state, 'executed');
    return { ...l, state: 'executed' as const };
  });
}

export function executeDestructionHandler(deps: CoreDeps) {
  return async (job: Job): Promise<void> => {
    const { listId } = job.payload as { listId: string };
    if (typeof listId !== 'string') throw new Error('destruction job without a listId');
    await runDestruction(deps, listId);
  };
}
