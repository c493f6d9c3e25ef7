import type { CoreDeps } from '../deps';
import type { ItemId } from '../shared/ids';
import { boxClaim, rewriteItem } from './box-items';
import { boxes } from './boxes';
import { locations } from './locations';

/**
 * When the store's claims are legitimately held (for the repair of claims a killed process left behind,
 * server/core/records/repair-claims.ts):
 *
 * - `box-item:<itemId>`, owned by a box: while that box lists the item among its entries. A box packs an
 *   item by claiming it, then writing the box (a box that is missing, or does not list the item, is a
 *   packing that never got written, or a removal whose box was written but whose claim was not released).
 *   Destroyed items keep their entry (a tombstone), and their claim with it.
 * - `location:<code>`, owned by a place (库房, 列, 节, 层): while that place exists (places are never
 *   deleted; a claim without its place is a creation killed between the claim and the insert).
 */
export const BOX_ITEM_PREFIX = boxClaim('');
export const LOCATION_PREFIX = 'location:';

export async function isLiveClaim(
  deps: Pick<CoreDeps, 'records'>,
  key: string,
  owner: string,
): Promise<boolean> {
  if (key.startsWith(BOX_ITEM_PREFIX)) {
    const itemId = key.slice(BOX_ITEM_PREFIX.length);
    const box = await boxes(deps).get(owner);
    return !!box && box.entries.some((e) => e.itemId === itemId);
  }
  if (key.startsWith(LOCATION_PREFIX)) {
    const place = await locations(deps).get(owner);
    return !!place && place.code === key.slice(LOCATION_PREFIX.length);
  }
  return true;
}

/**
 * Finishes, after an orphaned `box-item:` claim is released, what the killed removal left: an item whose
 * `box` still names the box that no longer lists it is marked as in no box (so it can be packed again).
 */
export async function settleOrphanClaim(deps: CoreDeps, key: string, owner: string): Promise<void> {
  if (!key.startsWith(BOX_ITEM_PREFIX)) return;
  const itemId = key.slice(BOX_ITEM_PREFIX.length);
  const item = await deps.items.get(itemId as ItemId);
  if (item?.box?.boxId !== owner) return;
  if (await isLiveClaim(deps, key, owner)) return;
  await rewriteItem(deps, itemId, (i) => (i.box?.boxId === owner ? { ...i, box: null } : null));
}
