import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { assertExtension, retentionDueDate } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import { requestIndexing } from '../search/request-indexing';
import { conflict } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import {
  appraisalClaim,
  assertAppraisalTransition,
  assertOpen,
  resolveAll,
  type Appraisal,
  type AppraisalEntry,
} from './appraisal.model';
import { viewAppraisal, type AppraisalView } from './appraisals';
import { createDestructionList, type DestructionListView } from './destruction-lists';
import { appraisals, getOr404, mutate } from './records';

/**
 * Gives a kept item its new period and due date (保管期限 from the year formed), and records the
 * decision on the item. Idempotent: an item that already carries this appraisal's decision is left alone.
 */
async function extendItem(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  a: Appraisal,
  e: AppraisalEntry,
  at: string,
): Promise<void> {
  const item = await deps.items.get(e.itemId as ItemId);
  if (!item || item.appraisals?.some((x) => x.appraisalId === a.id)) return;
  const to = e.outcome!.retention!;
  assertExtension(item.retention, to);
  await deps.items.update({
    ...item,
    retention: to,
    dueDate: retentionDueDate(item.year, to),
    appraisals: [
      ...(item.appraisals ?? []),
      { appraisalId: a.id, from: item.retention, to, reason: e.outcome!.reason, at },
    ],
    updatedAt: at,
    revision: item.revision + 1,
  });
  await recordAudit(deps, actor, ctx, 'item.extend', item.id, {
    appraisalId: a.id,
    from: item.retention,
    to,
  });
  await requestIndexing(deps, item.id);
}

/**
 * Closes an appraisal once every item has its quorum of votes. Kept items get their new period and due
 * date now and leave the appraisal; items to destroy stay claimed by it and go on a destruction list
 * draft (销毁清册), made at once. A close interrupted half-way can be repeated: extensions are idempotent.
 */
export async function closeAppraisal(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<{ appraisal: AppraisalView; destructionList: DestructionListView | null }> {
  await authorizeAudited(deps, actor, ctx, 'retention.manage', 'appraisal.close', id);
  const current = await getOr404(appraisals(deps), id, 'appraisal.not_found', 'appraisal');
  assertOpen(current);
  const resolved = resolveAll(current);
  const at = deps.clock.now().toISOString();
  const kept = resolved.entries.filter((e) => !e.released && e.outcome?.decision === 'keep');
  for (const e of kept) {
    await extendItem(deps, actor, ctx, resolved, e, at);
    await deps.records.release(appraisalClaim(e.itemId), id);
  }
  const closed = await mutate(appraisals(deps), id, 'appraisal.not_found', (a) => {
    assertAppraisalTransition(a.status, 'closed');
    if (a.revision !== current.revision)
      throw conflict(
        'appraisal.changed',
        'Votes changed while the appraisal was being closed: close it again.',
      );
    return { ...resolved, status: 'closed' as const, closedBy: actor.username, closedAt: at };
  });
  const destroy = closed.entries.filter((e) => !e.released && e.outcome?.decision === 'destroy');
  await recordAudit(deps, actor, ctx, 'appraisal.close', id, {
    number: closed.number,
    kept: kept.length,
    destroy: destroy.length,
    contested: closed.entries.filter((e) => e.outcome?.contested).length,
  });
  const destructionList = destroy.length ? await createDestructionList(deps, actor, ctx, id) : null;
  const latest = await getOr404(appraisals(deps), id, 'appraisal.not_found', 'appraisal');
  return { appraisal: await viewAppraisal(deps, latest, actor), destructionList };
}
