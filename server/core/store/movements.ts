import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { conflict, invalid, notFound } from '../shared/errors';
import type { AccountId, ItemId } from '../shared/ids';
import { newId } from '../shared/ids';
import { rewriteItem } from './box-items';
import type { Box } from './box.model';
import { boxes, loadBox } from './boxes';
import { removeFromShelf } from './locations';
import {
  assertReasonFits,
  type Movement,
  type MovementDirection,
  type MovementReason,
  type SubjectKind,
} from './movement.model';
import { retryStale } from './store-records';
import type { MovementInput, MovementListQuery } from './store.schemas';
import { archiveDay } from '../shared/calendar';

export const movements = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<Movement>('movement');

export interface RecordMovementInput {
  subject: { kind: SubjectKind; id: string };
  direction: MovementDirection;
  reason: MovementReason;
  /** The loan (借阅单号) or other record the movement belongs to. */
  ref?: string | null;
  /** 来源 / 去向; left out, the item's or box's place in the store is filled in. */
  from?: string | null;
  to?: string | null;
  note?: string;
}

/** Where an item or box stands: `1库-03列-2节-4层 160-2013-GL-D100-盒0001`. */
function placeOf(box: Box | null): string | null {
  if (!box) return null;
  return box.locationCode ? `${box.locationCode} ${box.code}` : box.code;
}

/**
 * Registers a movement (出库, 入库/归还, 移位) of an item or a box in the 出入库 ledger, and audits it. An
 * 入库 closes the subject's open 出库 (the one with the same `ref` if there is one), which gives that 出库
 * its 归还日期.
 *
 * For other use cases (the loan desk calls it on checkout and return, placing and moving boxes call it):
 * it checks no permission — the calling use case has — and it does not change whether the item or box is
 * out (a loan marks its items out itself; `registerManualMovement` does for other reasons).
 */
export async function recordMovement(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: RecordMovementInput,
  id: string = newId('mvt'),
): Promise<Movement> {
  assertReasonFits(input.direction, input.reason);
  let label: string;
  let place: string | null;
  if (input.subject.kind === 'item') {
    const item = await deps.items.get(input.subject.id as ItemId);
    if (!item) throw notFound('item.not_found', `No item ${input.subject.id}.`);
    label = item.archivalCode ?? item.id;
    place = item.box ? placeOf(await boxes(deps).get(item.box.boxId)) : null;
  } else {
    const box = await loadBox(deps, input.subject.id);
    label = box.itemRange ? `${box.code}（件号 ${box.itemRange}）` : box.code;
    place = box.locationCode;
  }
  const at = deps.clock.now().toISOString();
  const account = await deps.accounts.getById(actor.accountId as AccountId).catch(() => null);
  const m: Movement = {
    id,
    revision: 1,
    no: await deps.records.next('movement'),
    at,
    date: archiveDay(at),
    direction: input.direction,
    reason: input.reason,
    note: input.note ?? '',
    subjectKind: input.subject.kind,
    subjectId: input.subject.id,
    subjectLabel: label,
    ref: input.ref ?? null,
    from: input.from !== undefined ? input.from : input.direction === 'out' ? place : null,
    to: input.to !== undefined ? input.to : input.direction === 'in' ? place : null,
    actorId: actor.accountId,
    actor: actor.username,
    actorName: account?.displayName ?? actor.username,
    returnedAt: null,
    returnMovementId: null,
    outMovementId: null,
  };
  if (m.direction === 'in') {
    const open = await openOut(deps, m.subjectId, m.ref);
    if (open) {
      m.outMovementId = open.id;
      await closeOut(deps, open.id, m);
    }
  }
  await movements(deps).insert(m);
  await recordAudit(deps, actor, ctx, 'movement.record', m.subjectId, {
    movementId: m.id,
    no: m.no,
    direction: m.direction,
    reason: m.reason,
    subjectKind: m.subjectKind,
    ref: m.ref,
  });
  return m;
}

/** The name the loans helper was told about. */
export const registerMovement = recordMovement;

/** The subject's newest 出库 not yet returned (preferring one of `ref`). */
async function openOut(deps: CoreDeps, subjectId: string, ref: string | null): Promise<Movement | null> {
  let first: Movement | null = null;
  for await (const m of movements(deps).all({ subjectId, direction: 'out', returnedAt: null })) {
    if (ref !== null && m.ref === ref) return m;
    first ??= m;
  }
  return first;
}

async function closeOut(deps: CoreDeps, outId: string, back: Movement): Promise<void> {
  await retryStale(async () => {
    const out = await movements(deps).get(outId);
    if (!out || out.returnedAt) return;
    await movements(deps).update({
      ...out,
      revision: out.revision + 1,
      returnedAt: back.at,
      returnMovementId: back.id,
    });
  }, 10);
}

const MANUAL: readonly MovementReason[] = [
  'digitisation',
  'inspection',
  'transfer_out',
  'destruction',
  'other',
];
const FOR_GOOD: readonly MovementReason[] = ['transfer_out', 'destruction'];

/**
 * 出库 or 入库 of an item or a box for a reason other than a loan (the loan desk registers those) or
 * shelving (placing and moving a box do): digitisation, inspection, 移出, 销毁, other. Marks the item or
 * box out, or back; a box that leaves for good (移出, 销毁) gives up its shelf place.
 */
export async function registerManualMovement(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: MovementInput,
): Promise<Movement> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'movement.register', input.subject.id);
  if (!MANUAL.includes(input.reason))
    throw invalid(
      'movement.not_manual',
      input.reason === 'loan' || input.reason === 'return'
        ? 'Loans and returns are registered at the loan desk.'
        : 'Shelving and moving a box are registered by placing and moving it.',
      { reason: input.reason },
    );
  if (input.direction === 'move')
    throw invalid('movement.not_manual', 'A box changes shelves by moving it (POST /api/boxes/{id}/move).');
  assertReasonFits(input.direction, input.reason);
  const id = newId('mvt');
  const at = deps.clock.now().toISOString();
  const base = {
    subject: input.subject,
    direction: input.direction,
    reason: input.reason,
    ref: input.ref,
    note: input.note,
    ...(input.from !== undefined ? { from: input.from } : {}),
    ...(input.to !== undefined ? { to: input.to } : {}),
  };
  if (input.subject.kind === 'item') {
    await rewriteItem(deps, input.subject.id, (item) => {
      if (input.direction === 'out') {
        if (item.out)
          throw conflict('item.already_out', `Item ${item.archivalCode ?? item.id} is already out.`, {
            reason: item.out.reason,
          });
        if (item.status !== 'archived')
          throw conflict('movement.not_in_store', `Item ${item.id} is not in the store.`);
        return { ...item, out: { reason: 'movement', ref: id, since: at, due: null } };
      }
      if (item.out?.reason !== 'movement')
        throw conflict('item.not_out', `Item ${item.archivalCode ?? item.id} is not out for this reason.`);
      return { ...item, out: null };
    });
    return recordMovement(deps, actor, ctx, base, id);
  }
  const box = await retryStale(async () => {
    const cur = await loadBox(deps, input.subject.id);
    let next: Box;
    if (input.direction === 'out') {
      if (cur.out) throw conflict('box.out', `Box ${cur.code} is already out.`);
      if (!cur.shelfId && !FOR_GOOD.includes(input.reason))
        throw conflict('box.not_shelved', `Box ${cur.code} is not on a shelf.`);
      next = { ...cur, out: { movementId: id, since: at, reason: input.reason, to: input.to ?? null } };
    } else {
      if (!cur.out) throw conflict('box.not_out', `Box ${cur.code} is not out.`);
      if (FOR_GOOD.includes(cur.out.reason as MovementReason))
        throw conflict('box.gone', `Box ${cur.code} left the store for good.`);
      next = { ...cur, out: null };
    }
    await boxes(deps).update({ ...next, revision: cur.revision + 1, updatedAt: at });
    return cur;
  }, 10);
  const m = await recordMovement(deps, actor, ctx, base, id);
  if (input.direction === 'out' && FOR_GOOD.includes(input.reason) && box.shelfId) {
    await removeFromShelf(deps, box.shelfId, box.id);
    const gone = await loadBox(deps, box.id);
    await boxes(deps).update({
      ...gone,
      revision: gone.revision + 1,
      shelfId: null,
      roomId: null,
      locationCode: null,
    });
  }
  return m;
}

export async function listMovements(deps: CoreDeps, actor: Actor, ctx: RequestContext, q: MovementListQuery) {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'movement.list', q.subjectId ?? null);
  const where: Record<string, string> = {};
  if (q.subjectId) where.subjectId = q.subjectId;
  if (q.direction) where.direction = q.direction;
  const page = await movements(deps).list(where, q.limit, q.cursor ?? null);
  return { movements: page.records, nextCursor: page.nextCursor };
}
