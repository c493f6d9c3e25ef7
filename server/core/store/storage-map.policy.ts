import { RETENTION_PERIODS } from '../catalogue/retention.policy';
import type { SchemeAxis } from '../catalogue/catalogue.schemas';
import type { Box } from './box.model';
import type { Location } from './location.model';

/**
 * The storage map (档案存放示意图): each row, section and shelf of a store room, what stands where, and
 * whether the boxes follow the arrangement order (the sources': 年度—类别—保管期限—险种 for 2012 and
 * later) walking the room row by row, section by section, shelf by shelf.
 */
export const AXIS_LABELS: Record<SchemeAxis, string> = {
  year: '年度',
  class: '类别',
  retention: '保管期限',
  insuranceType: '险种',
  businessStep: '业务环节',
  section: '科室',
};

/** What a box contributes to the order: its group, and its items' (first) 险种 and 科室. */
function axisValue(box: Box, axis: SchemeAxis, classOrdinal: (code: string) => number): string {
  switch (axis) {
    case 'year':
      return String(box.year).padStart(4, '0');
    case 'class':
      return String(classOrdinal(box.classCode)).padStart(3, '0') + box.classCode;
    case 'retention':
      return String(RETENTION_PERIODS.indexOf(box.retention)).padStart(2, '0');
    case 'insuranceType':
      return box.entries[0]?.insuranceType ?? '';
    case 'section':
      return box.entries[0]?.section ?? '';
    case 'businessStep':
      return '';
  }
}

/** A sortable key: 全宗号, the arrangement axes, then the box's place in its group (盒号). */
export function arrangementKey(
  box: Box,
  axes: readonly SchemeAxis[],
  classOrdinal: (code: string) => number,
): string {
  const parts = [box.fondsCode, ...axes.map((a) => axisValue(box, a, classOrdinal))];
  // Axes the arrangement leaves out still separate groups, so that a group's boxes stay together.
  if (!axes.includes('year')) parts.push(String(box.year));
  if (!axes.includes('class')) parts.push(box.classCode);
  if (!axes.includes('retention')) parts.push(box.retention);
  parts.push(String(box.boxNo).padStart(6, '0'));
  return parts.join('\u0001');
}

export interface MapBox {
  id: string;
  code: string;
  boxNumber: string;
  fondsCode: string;
  year: number;
  classCode: string;
  retention: string;
  itemRange: string | null;
  itemCount: number;
  status: string;
  out: boolean;
  /** Stands before a box that comes earlier in the arrangement order. */
  outOfOrder: boolean;
}

export interface MapShelf {
  id: string;
  code: string;
  number: number;
  capacity: number;
  occupied: number;
  free: number;
  boxes: MapBox[];
  /** What the shelf holds, group by group: `160 2013 GL D100 盒0001–0012（件号 0001-0240）`. */
  ranges: string[];
}

export interface MapSection {
  id: string;
  code: string;
  number: number;
  shelves: MapShelf[];
}
export interface MapRow {
  id: string;
  code: string;
  number: number;
  name: string;
  note: string;
  capacity: number;
  occupied: number;
  sections: MapSection[];
}

export interface StorageMap {
  room: { id: string; code: string; name: string; note: string };
  /** The arrangement the order is checked against, e.g. 年度—类别—保管期限—险种. */
  order: string;
  rows: MapRow[];
  totals: {
    shelves: number;
    capacity: number;
    occupied: number;
    free: number;
    boxes: number;
    outOfOrder: number;
  };
}

const byNumber = (a: Location, b: Location) => a.number - b.number;

function rangesOf(boxes: readonly MapBox[]): string[] {
  const out: string[] = [];
  let run: MapBox[] = [];
  const flush = () => {
    const a = run[0];
    const z = run[run.length - 1];
    if (!a || !z) return;
    const nums = a === z ? `盒${a.boxNumber}` : `盒${a.boxNumber}–${z.boxNumber}`;
    const first = a.itemRange?.split('-')[0];
    const last = z.itemRange?.split('-').pop();
    const items = first && last ? `（件号 ${first === last ? first : `${first}-${last}`}）` : '';
    out.push(`${a.fondsCode} ${a.year} ${a.classCode} ${a.retention} ${nums}${items}`);
    run = [];
  };
  for (const b of boxes) {
    const prev = run[run.length - 1];
    if (
      prev &&
      (prev.fondsCode !== b.fondsCode ||
        prev.year !== b.year ||
        prev.classCode !== b.classCode ||
        prev.retention !== b.retention)
    )
      flush();
    run.push(b);
  }
  flush();
  return out;
}

/**
 * Builds the map of `room` from its places and the boxes standing in it; `keyOf` gives each box's
 * arrangement key. Boxes on a shelf are listed in arrangement order; a box whose key is lower than a box
 * on an earlier shelf is out of order.
 */
export function buildStorageMap(
  room: Location,
  places: readonly Location[],
  boxes: readonly Box[],
  keyOf: (box: Box) => string,
  order: string,
): StorageMap {
  const children = new Map<string, Location[]>();
  for (const p of places) {
    if (!p.parentId) continue;
    const list = children.get(p.parentId) ?? [];
    list.push(p);
    children.set(p.parentId, list);
  }
  const boxById = new Map(boxes.map((b) => [b.id, b]));
  const totals = { shelves: 0, capacity: 0, occupied: 0, free: 0, boxes: 0, outOfOrder: 0 };
  let highest = '';
  const rows: MapRow[] = (children.get(room.id) ?? []).sort(byNumber).map((row) => {
    const r: MapRow = {
      id: row.id,
      code: row.code,
      number: row.number,
      name: row.name,
      note: row.note,
      capacity: 0,
      occupied: 0,
      sections: [],
    };
    for (const section of (children.get(row.id) ?? []).sort(byNumber)) {
      const s: MapSection = { id: section.id, code: section.code, number: section.number, shelves: [] };
      for (const shelf of (children.get(section.id) ?? []).sort(byNumber)) {
        const standing = shelf.boxes
          .map((id) => boxById.get(id))
          .filter((b): b is Box => !!b)
          .map((b) => ({ box: b, key: keyOf(b) }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        const shelfHighest = highest;
        const mapBoxes = standing.map(({ box, key }) => {
          const outOfOrder = key < shelfHighest;
          if (outOfOrder) totals.outOfOrder++;
          if (key > highest) highest = key;
          return {
            id: box.id,
            code: box.code,
            boxNumber: box.boxNumber,
            fondsCode: box.fondsCode,
            year: box.year,
            classCode: box.classCode,
            retention: box.retention,
            itemRange: box.itemRange,
            itemCount: box.itemCount,
            status: box.status,
            out: !!box.out,
            outOfOrder,
          };
        });
        const capacity = shelf.capacity ?? 0;
        const occupied = shelf.boxes.length;
        s.shelves.push({
          id: shelf.id,
          code: shelf.code,
          number: shelf.number,
          capacity,
          occupied,
          free: Math.max(0, capacity - occupied),
          boxes: mapBoxes,
          ranges: rangesOf(mapBoxes),
        });
        r.capacity += capacity;
        r.occupied += occupied;
        totals.shelves++;
        totals.capacity += capacity;
        totals.occupied += occupied;
        totals.boxes += mapBoxes.length;
      }
      r.sections.push(s);
    }
    return r;
  });
  totals.free = Math.max(0, totals.capacity - totals.occupied);
  return { room: { id: room.id, code: room.code, name: room.name, note: room.note }, order, rows, totals };
}
