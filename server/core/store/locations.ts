import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { conflict, invalid, notFound } from '../shared/errors';
import { newId } from '../shared/ids';
import {
  CHILD_KIND,
  assertChildKind,
  assertRoomFor,
  assertShelf,
  locationCode,
  type Location,
  type LocationKind,
} from './location.model';
import { assertRevision, retryStale } from './store-records';
import type { LocationInput, LocationPatch } from './store.schemas';

type Deps = CoreDeps;

export const locations = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<Location>('location');

export async function loadLocation(deps: Pick<CoreDeps, 'records'>, id: string): Promise<Location> {
  const l = await locations(deps).get(id);
  if (!l) throw notFound('location.not_found', `No location ${id}.`);
  return l;
}

interface Layout {
  rows?: number | undefined;
  sections?: number | undefined;
  shelves: number;
  capacity: number;
}

/** Inserts one place, its address unique in the store (claimed: two people creating 1库 cannot both). */
async function insertPlace(
  deps: Deps,
  parent: Location | null,
  kind: LocationKind,
  fields: { number: number; name: string; note: string; capacity: number | null },
): Promise<Location> {
  const id = newId('loc');
  const code = locationCode(parent?.code ?? null, kind, fields.number);
  const holder = await deps.records.claim(`location:${code}`, id);
  if (holder !== id) throw conflict('location.exists', `There is already a ${code}.`, { code, id: holder });
  const at = deps.clock.now().toISOString();
  const place: Location = {
    id,
    revision: 1,
    kind,
    roomId: parent?.roomId ?? id,
    parentId: parent?.id ?? null,
    number: fields.number,
    code,
    name: fields.name,
    note: fields.note,
    capacity: kind === 'shelf' ? fields.capacity : null,
    boxes: [],
    createdAt: at,
    updatedAt: at,
  };
  try {
    await locations(deps).insert(place);
  } catch (e) {
    await deps.records.release(`location:${code}`, id);
    throw e;
  }
  return place;
}

/** Builds the children of `parent` from a layout (rows → sections → shelves), numbered from 1. */
async function build(deps: Deps, parent: Location, layout: Layout): Promise<number> {
  const kind = CHILD_KIND[parent.kind];
  if (!kind) return 0;
  const count = kind === 'row' ? layout.rows : kind === 'section' ? layout.sections : layout.shelves;
  if (count === undefined)
    throw invalid('location.bad_layout', `The layout needs the number of ${kind}s.`, { missing: kind });
  let made = 0;
  for (let n = 1; n <= count; n++) {
    const child = await insertPlace(deps, parent, kind, {
      number: n,
      name: '',
      note: '',
      capacity: kind === 'shelf' ? layout.capacity : null,
    });
    made += 1 + (await build(deps, child, layout));
  }
  return made;
}

/**
 * A store room, row, section or shelf; with `layout`, its whole inside at once (a room of 9 rows of 6
 * sections of 5 shelves of 12 boxes is one request).
 */
export async function createLocation(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  input: LocationInput,
): Promise<{ location: Location; created: number }> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'location.create', input.parentId ?? null);
  let parent: Location | null = null;
  if (input.kind === 'room') {
    if (input.parentId) throw invalid('location.bad_parent', 'A store room (库房) has no parent.');
  } else {
    if (!input.parentId) throw invalid('location.bad_parent', `A ${input.kind} needs its parent.`);
    parent = await loadLocation(deps, input.parentId);
    assertChildKind(parent, input.kind);
  }
  const capacity = input.kind === 'shelf' ? (input.capacity ?? input.layout?.capacity ?? null) : null;
  if (input.kind === 'shelf' && capacity === null)
    throw invalid('location.capacity_required', 'A shelf (层) needs its capacity in boxes.');
  const location = await insertPlace(deps, parent, input.kind, {
    number: input.number,
    name: input.name,
    note: input.note,
    capacity,
  });
  const created = 1 + (input.layout ? await build(deps, location, input.layout) : 0);
  await recordAudit(deps, actor, ctx, 'location.create', location.id, { code: location.code, created });
  return { location, created };
}

export async function updateLocation(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  patch: LocationPatch,
): Promise<Location> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'location.update', id);
  const current = await loadLocation(deps, id);
  const { revision, ...fields } = patch;
  assertRevision(current, revision, current.code);
  if (fields.capacity !== undefined) {
    assertShelf(current);
    if (fields.capacity < current.boxes.length)
      throw conflict('location.capacity_below_use', `${current.code} holds ${current.boxes.length} boxes.`, {
        boxes: current.boxes.length,
      });
  }
  const next: Location = {
    ...current,
    ...fields,
    revision: current.revision + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  await locations(deps).update(next);
  await recordAudit(deps, actor, ctx, 'location.update', id, { fields: Object.keys(fields) });
  return next;
}

/** Store rooms, or the children of a place, by number. */
export async function listLocations(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  parentId: string | undefined,
): Promise<Location[]> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'location.list', parentId ?? null);
  const out: Location[] = [];
  const where: Record<string, string> = parentId ? { parentId } : { kind: 'room' };
  for await (const l of locations(deps).all(where)) out.push(l);
  return out.sort((a, b) => a.number - b.number);
}

export async function getLocation(deps: Deps, actor: Actor, ctx: RequestContext, id: string) {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'location.read', id);
  return loadLocation(deps, id);
}

/** Puts a box on a shelf (compare-and-set on the shelf: two boxes cannot take its last place). */
export async function addToShelf(deps: Deps, shelfId: string, boxId: string): Promise<Location> {
  return retryStale(async () => {
    const shelf = await loadLocation(deps, shelfId);
    assertShelf(shelf);
    if (shelf.boxes.includes(boxId)) return shelf;
    assertRoomFor(shelf);
    const next = {
      ...shelf,
      boxes: [...shelf.boxes, boxId],
      revision: shelf.revision + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    await locations(deps).update(next);
    return next;
  });
}

export async function removeFromShelf(deps: Deps, shelfId: string, boxId: string): Promise<void> {
  await retryStale(async () => {
    const shelf = await loadLocation(deps, shelfId);
    if (!shelf.boxes.includes(boxId)) return;
    await locations(deps).update({
      ...shelf,
      boxes: shelf.boxes.filter((b) => b !== boxId),
      revision: shelf.revision + 1,
      updatedAt: deps.clock.now().toISOString(),
    });
  });
}
