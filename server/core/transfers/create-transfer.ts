import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { inScope } from '../items/item-view';
import { pageCount, type Item } from '../items/item.model';
import { conflict, invalid, notFound } from '../shared/errors';
import { newId, type ItemId } from '../shared/ids';
import { allItems, archivalOrder } from './pre-archive';
import { loadVolume, ownSection, transfers, volumes } from './transfer-access';
import { isLiveClaim } from './transfer-claims';
import { itemClaimKey, transferNumber, type Transfer, type TransferItem } from './transfer.model';
import type { TransferInput } from './transfer.schemas';

/** Items a transfer may take: pre-archived ones, and returned ones being handed over again. */
const TRANSFERABLE = ['pre_archived', 'returned'] as const;
const MAX_ITEMS = 5000;

/**
 * Takes the claim that keeps an item in one open transfer. A claim left by a transfer that was
 * cancelled, or that returned the item, is stale: it is released and taken again.
 */
export async function claimItem(deps: CoreDeps, itemId: string, transferId: string): Promise<string> {
  const key = itemClaimKey(itemId);
  const owner = await deps.records.claim(key, transferId);
  if (owner === transferId || (await claimHolderIsLive(deps, itemId, owner))) return owner;
  await deps.records.release(key, owner);
  return deps.records.claim(key, transferId);
}

export function transferItemOf(item: Item, volumeId: string | null): TransferItem {
  return {
    itemId: item.id,
    volumeId,
    year: item.year,
    date: item.date,
    classCode: item.classCode,
    retention: item.retention,
    insuranceType: item.insuranceType,
    pages: pageCount(item),
    decision: 'pending',
  };
}

/** The volume each item was last put in (newest volume first). */
async function volumeOfItems(deps: CoreDeps, section: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const v of volumes(deps).all({ section }))
    for (const id of v.itemIds) if (!out.has(id)) out.set(id, v.id);
  return out;
}

/**
 * A section creates a transfer (移交, a draft) from its pre-archived items: all of a year (and month), the
 * items of some volumes, or items named one by one. Each item is claimed, so it is in one open transfer
 * at a time; items of a month already in another open transfer are left out, named ones are refused.
 */
export async function createTransfer(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: TransferInput,
): Promise<Transfer> {
  await authorizeAudited(deps, actor, ctx, 'transfer.prepare', 'transfer.create', null);
  const section = ownSection(actor);
  let items: Item[] = [];
  const explicit = !!input.itemIds || !!input.volumeIds;
  if (input.itemIds) {
    for (const id of new Set(input.itemIds)) {
      const item = await deps.items.get(id as ItemId);
      if (!item || !inScope(actor, item) || item.section !== section)
        throw notFound('item.not_found', `No item ${id}.`);
      items.push(item);
    }
  } else if (input.volumeIds) {
    const seen = new Set<string>();
    for (const vid of new Set(input.volumeIds)) {
      const v = await loadVolume(deps, actor, vid);
      for (const id of v.itemIds) {
        if (seen.has(id)) continue;
        seen.add(id);
        const item = await deps.items.get(id as ItemId);
        if (item && item.section === section && (TRANSFERABLE as readonly string[]).includes(item.status))
          items.push(item);
      }
    }
  } else {
    const mm = input.month ? String(input.month).padStart(2, '0') : '';
    for (const status of TRANSFERABLE)
      items.push(
        ...(await allItems(deps, {
          sections: [section],
          year: input.year,
          ...(mm ? { datePrefix: `${input.year}${mm}` } : {}),
          status,
        })),
      );
  }
  const notReady = items.filter((i) => !(TRANSFERABLE as readonly string[]).includes(i.status));
  if (notReady.length > 0)
    throw conflict('transfer.item_not_ready', 'Only pre-archived (or returned) items can be transferred.', {
      items: notReady.map((i) => ({ itemId: i.id, status: i.status })),
    });
  if (items.length > MAX_ITEMS)
    throw invalid('transfer.too_many_items', `A transfer holds at most ${MAX_ITEMS} items.`);

  // Items already in another open transfer: refused when named, left out when selected by month.
  const taken: { itemId: string; transferId: string }[] = [];
  for (const item of items) {
    const holder = await deps.records.holder(itemClaimKey(item.id));
    if (holder) {
      const owner = await claimHolderIsLive(deps, item.id, holder);
      if (owner) taken.push({ itemId: item.id, transferId: owner });
    }
  }
  if (taken.length > 0 && explicit)
    throw conflict('transfer.item_taken', 'Some items are already in another open transfer.', {
      items: taken,
    });
  const takenIds = new Set(taken.map((t) => t.itemId));
  items = items.filter((i) => !takenIds.has(i.id));
  if (items.length === 0)
    throw invalid('transfer.no_items', 'There are no pre-archived items to transfer.', {
      ...(input.year ? { year: input.year, month: input.month ?? null } : {}),
    });
  const fonds = new Set(items.map((i) => i.fondsCode));
  if (fonds.size > 1)
    throw invalid('transfer.mixed_fonds', 'A transfer holds the items of one fonds (全宗).', {
      fonds: [...fonds],
    });
  items.sort(archivalOrder);

  const volumeOf = await volumeOfItems(deps, section);
  const now = deps.clock.now();
  const id = newId('trf', now);
  const year = now.getUTCFullYear();
  const t: Transfer = {
    id,
    revision: 1,
    number: transferNumber(year, await deps.records.next(`transfer:${year}`)),
    fondsCode: items[0]!.fondsCode,
    section,
    status: 'draft',
    items: items.map((i) => transferItemOf(i, volumeOf.get(i.id) ?? null)),
    volumeIds: [...new Set(items.map((i) => volumeOf.get(i.id)).filter((v): v is string => !!v))],
    declared: null,
    createdBy: actor.username,
    createdAt: now.toISOString(),
    submittedBy: null,
    submittedByName: null,
    submittedAt: null,
    sectionHead: null,
    sectionHeadName: null,
    check: null,
    reconciliation: null,
    receipts: [],
    receivedBy: null,
    receivedByName: null,
    closedAt: null,
    updatedAt: now.toISOString(),
  };
  // The record first, then the claims: a claim always names a transfer that exists.
  await transfers(deps).insert(t);
  const lost: string[] = [];
  for (const i of t.items) if ((await claimItem(deps, i.itemId, id)) !== id) lost.push(i.itemId);
  let saved = t;
  if (lost.length > 0) {
    // Someone took these between the look and the claim.
    if (explicit || lost.length === t.items.length) {
      for (const i of t.items) await deps.records.release(itemClaimKey(i.itemId), id);
      await transfers(deps).update({ ...t, status: 'cancelled', revision: 2, closedAt: now.toISOString() });
      throw conflict('transfer.item_taken', 'Some items were just put in another open transfer.', {
        items: lost.map((itemId) => ({ itemId })),
      });
    }
    saved = { ...t, items: t.items.filter((i) => !lost.includes(i.itemId)), revision: 2 };
    await transfers(deps).update(saved);
  }
  await recordAudit(deps, actor, ctx, 'transfer.create', id, {
    number: saved.number,
    section,
    items: saved.items.length,
  });
  return saved;
}

/** The open transfer that holds an item's claim, or null when the claim is stale. */
async function claimHolderIsLive(deps: CoreDeps, itemId: string, holder: string): Promise<string | null> {
  return (await isLiveClaim(deps, itemClaimKey(itemId), holder)) ? holder : null;
}
