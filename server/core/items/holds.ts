import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { conflict, notFound } from '../shared/errors';
import { requestIndexing } from '../search/request-indexing';
import type { ItemId } from '../shared/ids';
import { viewItem, type ItemView } from './item-view';

/** Places a hold (冻结): while any hold is active the item cannot be destroyed, whatever its dates. */
export async function placeHold(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
  input: { reason: string; authority: string },
): Promise<ItemView> {
  await authorizeAudited(deps, actor, ctx, 'item.hold', 'item.hold', id);
  const item = await deps.items.get(id);
  if (!item) throw notFound('item.not_found', `No item ${id}.`);
  if (item.status === 'destroyed') throw conflict('item.destroyed', 'A destroyed item cannot be held.');
  const at = deps.clock.now().toISOString();
  const hold = {
    id: randomUUID(),
    reason: input.reason,
    authority: input.authority,
    placedBy: actor.username,
    placedAt: at,
  };
  const next = { ...item, holds: [...item.holds, hold], updatedAt: at, revision: item.revision + 1 };
  await deps.items.update(next);
  await recordAudit(deps, actor, ctx, 'item.hold', id, { holdId: hold.id, authority: input.authority });
  await requestIndexing(deps, id);
  return viewItem(next, actor);
}

/** Lifts a hold; the record of it stays on the item. */
export async function liftHold(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
  holdId: string,
): Promise<ItemView> {
  await authorizeAudited(deps, actor, ctx, 'item.hold', 'item.hold_lift', id);
  const item = await deps.items.get(id);
  if (!item) throw notFound('item.not_found', `No item ${id}.`);
  const hold = item.holds.find((h) => h.id === holdId);
  if (!hold) throw notFound('hold.not_found', `Item ${id} has no hold ${holdId}.`);
  if (hold.liftedAt) throw conflict('hold.already_lifted', 'This hold was already lifted.');
  const at = deps.clock.now().toISOString();
  const next = {
    ...item,
    holds: item.holds.map((h) => (h.id === holdId ? { ...h, liftedBy: actor.username, liftedAt: at } : h)),
    updatedAt: at,
    revision: item.revision + 1,
  };
  await deps.items.update(next);
  await recordAudit(deps, actor, ctx, 'item.hold_lift', id, { holdId });
  await requestIndexing(deps, id);
  return viewItem(next, actor);
}
