import type { CoreDeps } from '../deps';
import { appraisalClaim } from './appraisal.model';
import { rowSettled } from './destruction.model';
import { appraisals, destructionLists } from './records';

export const APPRAISAL_PREFIX = appraisalClaim('');

/**
 * Whether the claim `appraisal:<itemId>` held by appraisal `owner` is legitimately held:
 *
 * - the appraisal is open (鉴定中) and the item is one of its entries, not released from it;
 * - or it is closed with the item decided for destruction (not released), and the item is not yet
 *   settled by its 销毁清册: the list is still to be made (closing makes it; after a crash between the two
 *   the archivist makes it again), or it is a draft, approved, or executing with the item's row neither
 *   destroyed nor skipped.
 *
 * Anything else is an orphan: no such appraisal (a crash between the claims and the insert), an item
 * released or kept (延长保管; released when the appraisal closes), a list refused or executed, or a row
 * left off the list or settled. The loan desk and the due list already treat a claim without its appraisal
 * as free; the repair (server/core/records/repair-claims.ts) releases every orphan for good.
 */
export async function isLiveClaim(
  deps: Pick<CoreDeps, 'records'>,
  key: string,
  owner: string,
): Promise<boolean> {
  if (!key.startsWith(APPRAISAL_PREFIX)) return true;
  const itemId = key.slice(APPRAISAL_PREFIX.length);
  const a = await appraisals(deps).get(owner);
  const entry = a?.entries.find((e) => e.itemId === itemId);
  if (!a || !entry || entry.released) return false;
  if (a.status === 'open') return true;
  if (entry.outcome?.decision !== 'destroy') return false;
  // The list's id is linked on the appraisal, or (a crash before the link) held by its own claim.
  const listId = a.destructionListId ?? (await deps.records.holder(`destruction-list:${a.id}`));
  const list = listId ? await destructionLists(deps).get(listId) : null;
  if (!list) return true;
  if (list.status === 'refused' || list.status === 'executed') return false;
  if (!list.rows.some((r) => r.itemId === itemId)) return false;
  return !(list.execution && rowSettled(list.execution, itemId));
}
