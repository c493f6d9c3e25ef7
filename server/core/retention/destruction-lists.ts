import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { RETENTION_LABELS } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import { activeHolds, type Item } from '../items/item.model';
import { viewItem } from '../items/item-view';
import { conflict, invalid } from '../shared/errors';
import { newId, type ItemId } from '../shared/ids';
import { appraisalClaim, committeeOf, type Appraisal } from './appraisal.model';
import {
  DESTRUCTION_STATUS_LABELS,
  MIN_SUPERVISORS,
  confirm,
  countingSupervisors,
  decide,
  startExecution,
  type DestructionList,
  type DestructionMethod,
  type DestructionRow,
  type DestructionStatus,
  type SkipReason,
} from './destruction.model';
import { EXECUTE_DESTRUCTION_JOB } from './execute-destruction';
import { destructionListDocument } from './destruction-record';
import { outView, type OutView } from './due-list';
import { appraisals, destructionLists, getOr404, mutate, nextNumber, pageByStatus } from './records';
import { authorizeRetentionRead } from './retention-access';
import { archiveYear } from '../shared/calendar';

/** Why a destroy decision cannot go on the list now (held since, released, no longer archived). */
function exclusion(item: Item | null, holder: string | null, appraisalId: string): SkipReason | null {
  if (!item) return 'missing';
  if (item.status !== 'archived') return 'not_archived';
  if (activeHolds(item).length > 0) return 'held';
  if (holder !== appraisalId) return 'not_in_appraisal';
  return null;
}

/**
 * Makes the 销毁清册 draft from a closed appraisal's destroy decisions (one list per appraisal). Items held
 * or released since are left off and return to the due list. Called by the close; callable again by the
 * archivist if a crash came between the two.
 */
export async function createDestructionList(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  appraisalId: string,
): Promise<DestructionListView> {
  await authorizeAudited(deps, actor, ctx, 'retention.manage', 'destruction.create', appraisalId);
  const a = await getOr404(appraisals(deps), appraisalId, 'appraisal.not_found', 'appraisal');
  if (a.status !== 'closed')
    throw conflict('appraisal.not_closed', `Appraisal ${a.number} is still open: close it first.`);
  if (a.destructionListId)
    throw conflict('destruction.exists', `Appraisal ${a.number} already has its destruction list.`, {
      listId: a.destructionListId,
    });
  const decisions = a.entries.filter((e) => !e.released && e.outcome?.decision === 'destroy');
  if (decisions.length === 0)
    throw conflict('destruction.nothing_to_destroy', `Appraisal ${a.number} decided to destroy nothing.`);

  const now = deps.clock.now();
  const key = `destruction-list:${a.id}`;
  const id = await deps.records.claim(key, newId('dsl', now));
  const existing = await destructionLists(deps).get(id);
  if (existing) {
    // A crash came after the list was written and before the appraisal learnt of it: link them now.
    await mutate(appraisals(deps), a.id, 'appraisal.not_found', (x): Appraisal => ({
      ...x,
      destructionListId: id,
    }));
    throw conflict('destruction.exists', `Appraisal ${a.number} already has its destruction list.`, {
      listId: id,
    });
  }

  const rows: DestructionRow[] = [];
  const excluded: { itemId: string; reason: SkipReason }[] = [];
  for (const e of decisions) {
    const item = await deps.items.get(e.itemId as ItemId);
    const holder = await deps.records.holder(appraisalClaim(e.itemId));
    const why = exclusion(item, holder, a.id);
    if (why) {
      excluded.push({ itemId: e.itemId, reason: why });
      await deps.records.release(appraisalClaim(e.itemId), a.id);
      continue;
    }
    rows.push({
      seq: rows.length + 1,
      itemId: item!.id,
      archivalCode: item!.archivalCode,
      year: item!.year,
      retention: item!.retention,
      pages: e.pages,
      opinion: e.outcome!.reason,
      remarks: '',
    });
  }
  if (rows.length === 0) {
    await deps.records.release(key, id);
    throw conflict(
      'destruction.nothing_to_destroy',
      'Every item to destroy has been held or released since.',
      {
        excluded,
      },
    );
  }
  const list: DestructionList = {
    id,
    revision: 1,
    number: await nextNumber(deps, 'XH', archiveYear(now)),
    appraisalId: a.id,
    appraisalNumber: a.number,
    fondsCode: a.fondsCode,
    status: 'draft',
    rows,
    itemIds: rows.map((r) => r.itemId),
    committee: committeeOf(a),
    createdBy: actor.username,
    createdAt: now.toISOString(),
    approval: null,
    confirmations: [],
    execution: null,
    record: null,
  };
  await destructionLists(deps).insert(list);
  await mutate(appraisals(deps), a.id, 'appraisal.not_found', (x): Appraisal => ({
    ...x,
    destructionListId: id,
  }));
  await recordAudit(deps, actor, ctx, 'destruction.create', id, {
    number: list.number,
    appraisalId: a.id,
    items: rows.length,
    excluded,
  });
  return viewDestructionList(deps, list, actor);
}

/** The approver (分管领导) approves the list, or refuses it (its items then return to the due list). */
export async function decideDestructionList(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  decision: 'approved' | 'refused',
  reason: string,
): Promise<DestructionListView> {
  const action = decision === 'approved' ? 'destruction.approve' : 'destruction.refuse';
  await authorizeAudited(deps, actor, ctx, 'destruction.approve', action, id);
  const at = deps.clock.now().toISOString();
  const next = await mutate(destructionLists(deps), id, 'destruction.not_found', (l) =>
    decide(l, actor.username, decision, reason, at),
  );
  if (decision === 'refused')
    for (const r of next.rows) await deps.records.release(appraisalClaim(r.itemId), next.appraisalId);
  await recordAudit(deps, actor, ctx, action, id, { number: next.number, items: next.rows.length });
  return viewDestructionList(deps, next, actor);
}

/** A 监销人 confirms (signs) an approved list; execution needs two distinct ones. */
export async function confirmDestructionList(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<DestructionListView> {
  await authorizeAudited(deps, actor, ctx, 'destruction.supervise', 'destruction.confirm', id);
  const at = deps.clock.now().toISOString();
  const next = await mutate(destructionLists(deps), id, 'destruction.not_found', (l) =>
    confirm(l, actor.username, at),
  );
  await recordAudit(deps, actor, ctx, 'destruction.confirm', id, {
    number: next.number,
    supervisors: countingSupervisors(next).length,
  });
  return viewDestructionList(deps, next, actor);
}

/**
 * Orders the destruction: only an approved list with two distinct supervisors' confirmations. Records the
 * method and time, then a persistent job destroys item by item (see execute-destruction.ts).
 */
export async function executeDestructionList(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: { method: DestructionMethod; at?: string },
): Promise<DestructionListView> {
  await authorizeAudited(deps, actor, ctx, 'retention.manage', 'destruction.execute', id);
  const now = deps.clock.now();
  const at = input.at ? new Date(input.at) : now;
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime())
    throw invalid('destruction.bad_time', 'The time of destruction must be a valid time, not in the future.');
  let next: DestructionList;
  try {
    next = await mutate(destructionLists(deps), id, 'destruction.not_found', (l) =>
      startExecution(l, {
        method: input.method,
        at: at.toISOString(),
        orderedBy: { accountId: actor.accountId, username: actor.username },
        orderedAt: now.toISOString(),
      }),
    );
  } catch (e) {
    await recordAudit(
      deps,
      actor,
      ctx,
      'destruction.execute',
      id,
      { refused: (e as { code?: string }).code },
      'denied',
    );
    throw e;
  }
  await deps.jobs.enqueue(
    EXECUTE_DESTRUCTION_JOB,
    { listId: id },
    { key: `destruction:${id}`, maxAttempts: 50 },
  );
  await recordAudit(deps, actor, ctx, 'destruction.execute', id, {
    number: next.number,
    method: input.method,
    at: at.toISOString(),
    items: next.rows.length,
    supervisors: countingSupervisors(next),
  });
  return viewDestructionList(deps, next, actor);
}

export async function getDestructionList(deps: CoreDeps, actor: Actor, ctx: RequestContext, id: string) {
  await authorizeRetentionRead(deps, actor, ctx, 'destruction.read', id);
  const l = await getOr404(destructionLists(deps), id, 'destruction.not_found', 'destruction list');
  return viewDestructionList(deps, l, actor);
}

export async function listDestructionLists(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { status?: DestructionStatus; limit: number; cursor?: string },
) {
  await authorizeRetentionRead(deps, actor, ctx, 'destruction.list', null);
  const page = await pageByStatus(destructionLists(deps), q);
  return {
    lists: page.records.map(({ rows, ...l }) => ({
      ...l,
      statusLabel: DESTRUCTION_STATUS_LABELS[l.status],
      items: rows.length,
      pages: rows.reduce((s, r) => s + r.pages, 0),
    })),
    nextCursor: page.nextCursor,
  };
}

/** The 销毁清册 as a PDF (A4 landscape), titles as the actor may see them. */
export async function destructionListPdf(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<{ number: string; bytes: Uint8Array }> {
  await authorizeRetentionRead(deps, actor, ctx, 'destruction.print', id);
  const l = await getOr404(destructionLists(deps), id, 'destruction.not_found', 'destruction list');
  const bytes = await deps.printer.tablePdf(await destructionListDocument(deps, l, actor));
  await recordAudit(deps, actor, ctx, 'destruction.print', id, { number: l.number });
  return { number: l.number, bytes };
}

export interface DestructionRowView extends DestructionRow {
  title: string;
  retentionLabel: string;
  status: string;
  /** Out of the store now: execution will skip it unless it is back by then. */
  out: OutView | null;
}

export interface DestructionListView extends Omit<DestructionList, 'rows'> {
  statusLabel: string;
  rows: DestructionRowView[];
  supervisors: { counted: string[]; required: number };
}

export async function viewDestructionList(
  deps: CoreDeps,
  l: DestructionList,
  actor: Actor,
): Promise<DestructionListView> {
  const rows: DestructionRowView[] = [];
  for (const r of l.rows) {
    const item = await deps.items.get(r.itemId as ItemId);
    rows.push({
      ...r,
      title: item ? viewItem(item, actor).title : '',
      retentionLabel: RETENTION_LABELS[r.retention],
      status: item?.status ?? 'missing',
      out: outView(item),
    });
  }
  return {
    ...l,
    statusLabel: DESTRUCTION_STATUS_LABELS[l.status],
    rows,
    supervisors: { counted: countingSupervisors(l), required: MIN_SUPERVISORS },
  };
}
