import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { accessionLoadedItem } from '../items/accession-item';
import type { Item } from '../items/item.model';
import { requestIndexing } from '../search/request-indexing';
import { conflict, invalid } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { moveItem } from './pre-archive';
import { bringItemsIntoTransfer } from './submit-transfer';
import { loadTransfer, transfers, withRetry } from './transfer-access';
import {
  assertTransition,
  finalStatus,
  itemClaimKey,
  type ItemDecision,
  type Receipt,
  type Transfer,
  type TransferItem,
} from './transfer.model';
import type { AcceptInput, ReturnInput } from './transfer.schemas';

const isOurs = (item: Item, t: Transfer) => item.transfer?.transferId === t.id;

/** The entries `ids` name (all pending ones when omitted), in transfer order; unknown ids are refused. */
function targets(t: Transfer, ids: readonly string[] | undefined): TransferItem[] {
  if (!ids) return t.items.filter((i) => i.decision === 'pending');
  const wanted = new Set(ids);
  const known = new Set(t.items.map((i) => i.itemId));
  const unknown = ids.filter((i) => !known.has(i));
  if (unknown.length > 0)
    throw invalid('transfer.item_not_in_transfer', 'Some items are not in this transfer.', {
      items: unknown,
    });
  return t.items.filter((i) => wanted.has(i.itemId));
}

/**
 * The still-pending entries `ids` name, after refusing any already decided `other`wise; when there are
 * some, the transfer must allow a decision and its items are brought into transfer first.
 */
async function pendingTargets(
  deps: CoreDeps,
  t: Transfer,
  ids: readonly string[] | undefined,
  other: { decision: ItemDecision; code: string; message: string },
): Promise<TransferItem[]> {
  const wanted = targets(t, ids);
  const decided = wanted.filter((e) => e.decision === other.decision);
  if (decided.length > 0) throw conflict(other.code, other.message, { items: decided.map((e) => e.itemId) });
  const pending = wanted.filter((e) => e.decision === 'pending');
  if (pending.length === 0) return pending;
  assertTransition(t.status, 'decide');
  await bringItemsIntoTransfer(deps, t);
  return pending;
}

/** Records decisions on the transfer (compare-and-set, retried); only still-pending entries change. */
async function recordDecisions(
  deps: CoreDeps,
  actor: Actor,
  id: string,
  decide: (entry: TransferItem) => Partial<TransferItem> | null,
  receipt: boolean,
): Promise<{ transfer: Transfer; changed: TransferItem[] }> {
  const me = await deps.accounts.getById(actor.accountId);
  return withRetry(async () => {
    const cur = await loadTransfer(deps, actor, id);
    const now = deps.clock.now().toISOString();
    const changed: TransferItem[] = [];
    const items = cur.items.map((e) => {
      if (e.decision !== 'pending') return e;
      const d = decide(e);
      if (!d) return e;
      const next = { ...e, ...d, decidedBy: actor.username, decidedAt: now };
      changed.push(next);
      return next;
    });
    if (changed.length === 0) return { transfer: cur, changed };
    const receipts: Receipt[] = [...cur.receipts];
    if (receipt) {
      const years = new Map<number, { year: number; items: number; pages: number }>();
      for (const e of changed) {
        const y = years.get(e.year) ?? { year: e.year, items: 0, pages: 0 };
        y.items++;
        y.pages += e.pages;
        years.set(e.year, y);
      }
      receipts.push({
        at: now,
        by: actor.username,
        years: [...years.values()].sort((a, b) => a.year - b.year),
        itemIds: changed.map((e) => e.itemId),
      });
    }
    const final = finalStatus(items);
    const next: Transfer = {
      ...cur,
      items,
      receipts,
      status: final ?? cur.status,
      receivedBy: cur.receivedBy ?? actor.username,
      receivedByName: cur.receivedByName ?? me?.displayName ?? actor.username,
      closedAt: final ? now : null,
      updatedAt: now,
      revision: cur.revision + 1,
    };
    await transfers(deps).update(next);
    return { transfer: next, changed };
  });
}

/**
 * 接收: accepted items are numbered (档号, gap-free in their group, in transfer order) and archived, and
 * the acceptance is entered in 《档案接收登记表》. Idempotent and safe when two archivists accept at
 * once: numbering is a compare-and-set on each item (the loser takes no number and finds the item
 * already archived), and the transfer's decisions are a compare-and-set that only fills pending entries.
 */
export async function acceptTransfer(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: AcceptInput,
): Promise<Transfer> {
  await authorizeAudited(deps, actor, ctx, 'transfer.receive', 'transfer.accept', id);
  const t = await loadTransfer(deps, actor, id);
  const pending = await pendingTargets(deps, t, input.itemIds, {
    decision: 'returned',
    code: 'transfer.item_already_returned',
    message: 'Some items were returned to the section.',
  });
  if (pending.length === 0) return t; // already accepted: nothing to do

  const numbered = new Map<string, string>();
  const byMe: Item[] = [];
  for (const entry of pending) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = await deps.items.get(entry.itemId as ItemId);
      if (!item) throw conflict('transfer.item_missing', `Item ${entry.itemId} is gone.`);
      if (item.status === 'archived' && item.archivalCode && isOurs(item, t)) {
        numbered.set(item.id, item.archivalCode);
        break;
      }
      if (item.status !== 'in_transfer' || !isOurs(item, t))
        throw conflict(
          'transfer.item_not_in_transfer',
          `Item ${item.id} is ${item.status}, not in transfer.`,
          {
            itemId: item.id,
            status: item.status,
          },
        );
      try {
        const done = await accessionLoadedItem(deps, item);
        numbered.set(done.id, done.archivalCode!);
        byMe.push(done);
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'item.revision_conflict') throw e;
      }
    }
  }
  for (const item of byMe) {
    await recordAudit(deps, actor, ctx, 'item.accession', item.id, {
      archivalCode: item.archivalCode,
      transferId: id,
    });
    await requestIndexing(deps, item.id);
  }
  const { transfer, changed } = await recordDecisions(
    deps,
    actor,
    id,
    (e) => {
      const code = numbered.get(e.itemId);
      return code ? { decision: 'accepted', archivalCode: code } : null;
    },
    true,
  );
  await recordAudit(deps, actor, ctx, 'transfer.accept', id, {
    number: t.number,
    accepted: changed.length,
    archivalCodes: changed.map((e) => e.archivalCode),
    status: transfer.status,
  });
  return transfer;
}

/**
 * 退回补正: items go back to the section with a reason (`returned`, item.transfer.returnReason); their
 * claim is released, so the section fixes them and hands them over again in a new transfer. Idempotent.
 */
export async function returnItems(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: ReturnInput,
): Promise<Transfer> {
  await authorizeAudited(deps, actor, ctx, 'transfer.receive', 'transfer.return', id);
  const t = await loadTransfer(deps, actor, id);
  const reasons = new Map(input.items.map((i) => [i.itemId, i.reason]));
  const pending = await pendingTargets(deps, t, [...reasons.keys()], {
    decision: 'accepted',
    code: 'transfer.item_already_accepted',
    message: 'Some items were already accepted and numbered.',
  });
  if (pending.length === 0) return t;

  const back = new Set<string>();
  for (const entry of pending) {
    const item = await deps.items.get(entry.itemId as ItemId);
    if (!item) throw conflict('transfer.item_missing', `Item ${entry.itemId} is gone.`);
    if (item.status === 'returned' && isOurs(item, t)) {
      back.add(item.id);
      continue;
    }
    if (item.status === 'archived')
      throw conflict('transfer.item_already_accepted', `Item ${item.id} was just accepted.`, {
        items: [item.id],
      });
    const moved = await moveItem(deps, item, ['in_transfer'], () => ({
      status: 'returned',
      transfer: { transferId: id, returnReason: reasons.get(item.id)! },
    }));
    if (!moved) {
      const now = await deps.items.get(item.id);
      if (now?.status === 'archived')
        throw conflict('transfer.item_already_accepted', `Item ${item.id} was just accepted.`, {
          items: [item.id],
        });
      if (now?.status !== 'returned') continue;
    }
    back.add(item.id);
    await requestIndexing(deps, item.id);
  }
  const { transfer, changed } = await recordDecisions(
    deps,
    actor,
    id,
    (e) => (back.has(e.itemId) ? { decision: 'returned', returnReason: reasons.get(e.itemId)! } : null),
    false,
  );
  for (const e of changed) await deps.records.release(itemClaimKey(e.itemId), id);
  await recordAudit(deps, actor, ctx, 'transfer.return', id, {
    number: t.number,
    returned: changed.length,
    items: changed.map((e) => e.itemId),
    status: transfer.status,
  });
  return transfer;
}
