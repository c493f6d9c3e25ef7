import type { CoreDeps } from '../deps';
import { DomainError } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import type { Item } from './item.model';

/**
 * Writes `change(item)` over a stored item as a compare-and-set on its revision (revision + 1, updatedAt
 * now), reading it again and re-applying `change` when someone else wrote it in between (a loan marking it
 * out, an edit of its title), `tries` times in all; the last lost race (`item.revision_conflict`) is
 * thrown. `change` returning null leaves the item as it is.
 *
 * Answers the item as it now stands and whether this call wrote it (the caller then requests indexing),
 * or null when there is no such item.
 */
export async function changeItemWithRetry(
  deps: Pick<CoreDeps, 'items' | 'clock'>,
  id: string,
  change: (item: Item) => Item | null,
  tries = 10,
): Promise<{ item: Item; written: boolean } | null> {
  for (let attempt = 1; ; attempt++) {
    const item = await deps.items.get(id as ItemId);
    if (!item) return null;
    const changed = change(item);
    if (!changed) return { item, written: false };
    const next: Item = { ...changed, revision: item.revision + 1, updatedAt: deps.clock.now().toISOString() };
    try {
      await deps.items.update(next);
      return { item: next, written: true };
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'item.revision_conflict') || attempt >= tries) throw e;
    }
  }
}
