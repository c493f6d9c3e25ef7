import type { CoreDeps } from '../deps';
import { changeItemWithRetry } from '../items/change-item';
import type { Item } from '../items/item.model';
import { requestIndexing } from '../search/request-indexing';
import { notFound } from '../shared/errors';
import type { ItemId } from '../shared/ids';

/**
 * The items' side of packing. Which box holds an item is decided by an exclusive claim
 * (`box-item:<itemId>`, owned by the box): two archivists putting one item into two boxes at once both
 * ask for the claim, and exactly one gets it. The item's `box` field then follows.
 */
export const boxClaim = (itemId: string) => `box-item:${itemId}`;

/** Loads items by id (each once, in the order asked); a missing one is `item.not_found`. */
export async function loadItems(deps: Pick<CoreDeps, 'items'>, ids: readonly string[]): Promise<Item[]> {
  const out: Item[] = [];
  for (const id of [...new Set(ids)]) {
    const item = await deps.items.get(id as ItemId);
    if (!item) throw notFound('item.not_found', `No item ${id}.`);
    out.push(item);
  }
  return out;
}

/**
 * Takes the claims of `items` for `boxId`, all or none: if any is held by another box, the ones taken
 * here are given back and the holder is answered.
 */
export async function claimItems(
  deps: Pick<CoreDeps, 'records'>,
  boxId: string,
  items: readonly Item[],
): Promise<{ ok: true } | { ok: false; itemId: string; holder: string }> {
  const taken: string[] = [];
  for (const item of items) {
    const holder = await deps.records.claim(boxClaim(item.id), boxId);
    if (holder !== boxId) {
      await releaseItems(deps, boxId, taken);
      return { ok: false, itemId: item.id, holder };
    }
    taken.push(item.id);
  }
  return { ok: true };
}

export async function releaseItems(
  deps: Pick<CoreDeps, 'records'>,
  boxId: string,
  itemIds: readonly string[],
) {
  for (const id of itemIds) await deps.records.release(boxClaim(id), boxId);
}

/**
 * Rewrites an item with `change` (compare-and-set, retried: `changeItemWithRetry`) and has it indexed
 * again when written. `change` returning null leaves the item as it is; a missing item is `item.not_found`.
 */
export async function rewriteItem(
  deps: Pick<CoreDeps, 'items' | 'clock' | 'jobs'>,
  id: string,
  change: (item: Item) => Item | null,
): Promise<Item | null> {
  const result = await changeItemWithRetry(deps, id, change);
  if (!result) throw notFound('item.not_found', `No item ${id}.`);
  if (result.written) await requestIndexing(deps, result.item.id);
  return result.item;
}
