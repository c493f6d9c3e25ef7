import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { conflict, invalid } from '../shared/errors';
import type { Box } from './box.model';
import { boxes, loadBox } from './boxes';
import { addToShelf, loadLocation, removeFromShelf } from './locations';
import { assertShelf, type Location } from './location.model';
import { recordMovement } from './movements';
import type { PlaceBoxInput } from './store.schemas';

/**
 * Puts `box` on shelf `shelfId`: the shelf place is taken first (compare-and-set on the shelf's boxes, so
 * its capacity holds under concurrent use), then the box is written (compare-and-set on the box; if
 * someone changed it meanwhile, the shelf place is given back). Answers the box and the shelf.
 */
async function shelve(deps: CoreDeps, box: Box, shelfId: string): Promise<{ next: Box; shelf: Location }> {
  const shelf = await loadLocation(deps, shelfId);
  assertShelf(shelf);
  await addToShelf(deps, shelf.id, box.id);
  const next: Box = {
    ...box,
    revision: box.revision + 1,
    shelfId: shelf.id,
    roomId: shelf.roomId,
    locationCode: shelf.code,
    updatedAt: deps.clock.now().toISOString(),
  };
  try {
    await boxes(deps).update(next);
  } catch (e) {
    await removeFromShelf(deps, shelf.id, box.id);
    throw e;
  }
  return { next, shelf };
}

/**
 * 上架: a packed box goes onto a shelf (its first place in the store), registered as an 入库; if someone
 * placed it meanwhile, the shelf place is given back.
 */
export async function placeBox(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: PlaceBoxInput,
): Promise<Box> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.place', id);
  const box = await loadBox(deps, id);
  if (box.shelfId)
    throw conflict('box.already_shelved', `Box ${box.code} is on ${box.locationCode}: move it instead.`);
  if (box.out) throw conflict('box.out', `Box ${box.code} is out of the store.`);
  if (!box.entries.length) throw conflict('box.empty', `Box ${box.code} is empty.`);
  const { next, shelf } = await shelve(deps, box, input.shelfId);
  await recordMovement(deps, actor, ctx, {
    subject: { kind: 'box', id: box.id },
    direction: 'in',
    reason: 'shelving',
    from: null,
    to: shelf.code,
    note: input.note,
  });
  await recordAudit(deps, actor, ctx, 'box.place', box.id, { code: box.code, shelf: shelf.code });
  return next;
}

/** 移位: a shelved box moves to another shelf, registered in the 异动 register with from and to. */
export async function moveBox(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: PlaceBoxInput,
): Promise<Box> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.move', id);
  const box = await loadBox(deps, id);
  if (!box.shelfId || !box.locationCode)
    throw conflict('box.not_shelved', `Box ${box.code} is not on a shelf: place it first.`);
  if (box.out) throw conflict('box.out', `Box ${box.code} is out of the store.`);
  if (box.shelfId === input.shelfId)
    throw invalid('box.same_shelf', `Box ${box.code} is already on that shelf.`);
  const { next, shelf } = await shelve(deps, box, input.shelfId);
  await removeFromShelf(deps, box.shelfId, box.id);
  await recordMovement(deps, actor, ctx, {
    subject: { kind: 'box', id: box.id },
    direction: 'move',
    reason: 'relocation',
    from: box.locationCode,
    to: shelf.code,
    note: input.note,
  });
  await recordAudit(deps, actor, ctx, 'box.move', box.id, {
    code: box.code,
    from: box.locationCode,
    to: shelf.code,
  });
  return next;
}
