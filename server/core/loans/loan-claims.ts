import { SYSTEM_ACTOR } from '../access/actor';
import type { CoreDeps } from '../deps';
import type { ItemId } from '../shared/ids';
import { movements, recordMovement } from '../store/movements';
import { changeItem, loanRecords, physicalClaim } from './loan-records';

export const PHYSICAL_PREFIX = physicalClaim('');

/**
 * Whether the claim `physical:<itemId>` held by request `owner` is legitimately held: the request is
 * 借出中 (checked out) with that item not yet returned. The desk claims the items, then writes the request
 * as checked out; a return writes the request, then releases. So a claim whose request is missing, is in
 * any other status (a checkout killed before its write leaves it 已批准), does not list the item, or has
 * the item back, is an orphan (after the grace period of server/core/records/repair-claims.ts).
 */
export async function isLiveClaim(
  deps: Pick<CoreDeps, 'records'>,
  key: string,
  owner: string,
): Promise<boolean> {
  if (!key.startsWith(PHYSICAL_PREFIX)) return true;
  const itemId = key.slice(PHYSICAL_PREFIX.length);
  const loan = await loanRecords(deps).get(owner);
  if (!loan || loan.status !== 'checked_out') return false;
  const li = loan.items.find((i) => i.itemId === itemId);
  return !!li && !li.return;
}

/**
 * Finishes, after an orphaned `physical:` claim is released, what a return killed half-way left: the item
 * still marked out on that request is marked back in its box, and, when the request records the item's
 * return and the 出库 of the loan is still open, the 入库 (归还) is registered (as the system).
 */
export async function settleOrphanClaim(deps: CoreDeps, key: string, owner: string): Promise<void> {
  if (!key.startsWith(PHYSICAL_PREFIX)) return;
  const itemId = key.slice(PHYSICAL_PREFIX.length);
  if (await isLiveClaim(deps, key, owner)) return;
  const item = await changeItem(deps, itemId, (it) =>
    it.out?.reason === 'loan' && it.out.ref === owner
      ? { ...it, out: null, updatedAt: deps.clock.now().toISOString() }
      : null,
  );
  const loan = await loanRecords(deps).get(owner);
  const li = loan?.items.find((i) => i.itemId === itemId);
  if (!loan || !li?.return || !item || item.status === 'destroyed') return;
  const stillOut = movements(deps).all({
    subjectId: itemId,
    direction: 'out',
    reason: 'loan',
    ref: loan.number,
    returnedAt: null,
  });
  for await (const _open of stillOut) {
    await recordMovement(
      deps,
      SYSTEM_ACTOR,
      { requestId: null },
      {
        subject: { kind: 'item', id: itemId as ItemId },
        direction: 'in',
        reason: 'return',
        ref: loan.number,
        from: `借阅 ${loan.number}`,
      },
    );
    return;
  }
}
