import type { Actor } from '../../server/core/access/actor';
import { authorizeAudited, recordAudit } from '../../server/core/audit/record-audit';
import type { CoreDeps, RequestContext } from '../../server/core/deps';
import { requestIndexing } from '../../server/core/search/request-indexing';
import type { ItemId } from '../../server/core/shared/ids';

/**
 * Moves a filed item into its monthly volume (预立卷, `pre_archived`). The core has no use case for
 * this transition yet, so the demo does what one would: a revision-checked write through the item
 * port, an audit entry (`item.status`, from/to) and an index request. Replace with the core use case
 * once there is one.
 */
export async function markPreArchived(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
): Promise<void> {
  await authorizeAudited(deps, actor, ctx, 'item.update', 'item.status', id);
  const item = await deps.items.get(id);
  if (!item) throw new Error(`No item ${id}.`);
  if (item.status !== 'filed') throw new Error(`Item ${id} is ${item.status}, not filed.`);
  await deps.items.update({
    ...item,
    status: 'pre_archived',
    updatedAt: deps.clock.now().toISOString(),
    revision: item.revision + 1,
  });
  await recordAudit(deps, actor, ctx, 'item.status', id, { from: 'filed', to: 'pre_archived' });
  await requestIndexing(deps, id);
}
