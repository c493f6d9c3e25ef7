import type { Actor } from '../access/actor';
import { authorizeAudited } from '../audit/record-audit';
import { currentRetentionTable, schemeFor } from '../catalogue/catalogue-service';
import type { SchemeAxis } from '../catalogue/catalogue.schemas';
import type { CoreDeps, RequestContext } from '../deps';
import { invalid } from '../shared/errors';
import type { Box } from './box.model';
import { boxes } from './boxes';
import type { Location } from './location.model';
import { loadLocation, locations } from './locations';
import { AXIS_LABELS, arrangementKey, buildStorageMap, type StorageMap } from './storage-map.policy';

/** The sources' shelving order [001:319], used where a fonds' scheme cannot be read. */
const SOURCE_ORDER: SchemeAxis[] = ['year', 'class', 'retention', 'insuranceType'];

/**
 * GET the storage map of a store room: rows, sections and shelves with their occupancy, the boxes on
 * each (fonds, year, class, retention, 盒号 and 起止件号) in the arrangement order of each box's
 * classification scheme (年度—类别—保管期限—险种 by default; the legacy 科室—险种 for 2011 and earlier).
 */
export async function storageMap(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  roomId: string,
): Promise<StorageMap> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'location.map', roomId);
  const room = await loadLocation(deps, roomId);
  if (room.kind !== 'room') throw invalid('location.not_a_room', `${room.code} is not a store room (库房).`);
  const places: Location[] = [];
  for await (const l of locations(deps).all({ roomId })) places.push(l);
  const standing: Box[] = [];
  for await (const b of boxes(deps).all({ roomId })) standing.push(b);

  const table = await currentRetentionTable(deps).catch(() => null);
  const ordinals = new Map(table?.body.classes.map((c) => [c.code, c.ordinal]) ?? []);
  const classOrdinal = (code: string) => ordinals.get(code) ?? 99;
  const axesCache = new Map<string, SchemeAxis[]>();
  const axesOf = async (fondsCode: string, year: number) => {
    const k = `${fondsCode}|${year}`;
    let axes = axesCache.get(k);
    if (!axes) {
      axes = await schemeFor(deps, fondsCode, year)
        .then((s) => s.version.body.arrangement)
        .catch(() => SOURCE_ORDER);
      axesCache.set(k, axes);
    }
    return axes;
  };
  const keys = new Map<string, string>();
  for (const b of standing)
    keys.set(b.id, arrangementKey(b, await axesOf(b.fondsCode, b.year), classOrdinal));
  const orders = new Set<string>();
  for (const axes of axesCache.values()) orders.add(axes.map((a) => AXIS_LABELS[a]).join('—'));
  const order = orders.size ? [...orders].join('；') : SOURCE_ORDER.map((a) => AXIS_LABELS[a]).join('—');
  return buildStorageMap(room, places, standing, (b) => keys.get(b.id) ?? '', order);
}
