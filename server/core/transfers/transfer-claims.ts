import type { CoreDeps } from '../deps';
import { transfers } from './transfer-access';
import { itemClaimKey } from './transfer.model';

export const TRANSFER_ITEM_PREFIX = itemClaimKey('');

/**
 * Whether the claim `transfer-item:<itemId>` held by transfer `owner` is legitimately held: the transfer
 * exists, is not cancelled (撤销), lists the item, and has not returned it (退回补正). An accepted item
 * keeps its claim (it is archived: never transferred again). A transfer is written before it claims its
 * items, so a claim naming a missing transfer, or one that no longer holds the item (cancelled or
 * returned, and killed before the release), is an orphan. `createTransfer` already takes such a claim
 * over; the repair (server/core/records/repair-claims.ts) releases it for good.
 */
export async function isLiveClaim(
  deps: Pick<CoreDeps, 'records'>,
  key: string,
  owner: string,
): Promise<boolean> {
  if (!key.startsWith(TRANSFER_ITEM_PREFIX)) return true;
  const itemId = key.slice(TRANSFER_ITEM_PREFIX.length);
  const t = await transfers(deps).get(owner);
  if (!t || t.status === 'cancelled') return false;
  const entry = t.items.find((i) => i.itemId === itemId);
  return !!entry && entry.decision !== 'returned';
}
