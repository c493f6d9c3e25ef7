import type { CoreDeps } from '../deps';
import type { ItemId } from '../shared/ids';

export const INDEX_ITEM_JOB = 'search.index-item';

/**
 * Asks the worker to bring an item's index entry up to date. The write that changed the item has
 * already committed: if this enqueue is lost (a crash in between), the indexer's catch-up sweep finds
 * the item by its revision, so the index is never left behind for good and never blocks a write.
 */
export async function requestIndexing(deps: Pick<CoreDeps, 'jobs'>, itemId: ItemId): Promise<void> {
  await deps.jobs
    .enqueue(INDEX_ITEM_JOB, { itemId }, { key: `index:${itemId}`, maxAttempts: 10 })
    .catch(() => undefined);
}
