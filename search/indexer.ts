import type { CoreDeps } from '../server/core/deps';
import type { Job } from '../server/core/jobs/job-queue.port';
import { INDEX_ITEM_JOB } from '../server/core/search/request-indexing';
import type { ItemId } from '../server/core/shared/ids';
import { projectItem } from './project';

type Deps = Pick<CoreDeps, 'items' | 'search' | 'jobs'>;

/** Brings one item's index entry up to date (idempotent: run it twice, same index). */
export async function indexItem(deps: Deps, itemId: ItemId): Promise<void> {
  const item = await deps.items.get(itemId);
  if (!item || item.status === 'destroyed') {
    await deps.search.remove(itemId);
    return;
  }
  await deps.search.upsert(projectItem(item));
  await deps.items.markIndexed(item.id, item.revision);
}

/** The job handler for `search.index-item`. */
export function indexItemHandler(deps: Deps) {
  return async (job: Job): Promise<void> => {
    const { itemId } = job.payload as { itemId: ItemId };
    await indexItem(deps, itemId);
  };
}

/**
 * Catch-up sweep: items whose index entry is older than the item (an enqueue lost to a crash, an index
 * outage) are queued again. Run at worker start and periodically.
 */
export async function sweepStaleIndex(deps: Deps, batch = 1000): Promise<number> {
  const stale = await deps.items.staleInIndex(batch);
  for (const s of stale)
    await deps.jobs.enqueue(INDEX_ITEM_JOB, { itemId: s.id }, { key: `index:${s.id}`, maxAttempts: 10 });
  return stale.length;
}
