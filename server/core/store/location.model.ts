import type { StoredRecord } from '../records/record-store.port';
import { conflict, invalid } from '../shared/errors';

/**
 * 位置: store room (库房) → mobile-shelf row (密集架 列) → section (节) → shelf (层). Boxes stand on
 * shelves; a shelf takes a number of boxes. Each place has an address such as `1库-03列-2节-4层`.
 */
export const LOCATION_KINDS = ['room', 'row', 'section', 'shelf'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export const LOCATION_KIND_LABELS: Record<LocationKind, string> = {
  room: '库房',
  row: '列',
  section: '节',
  shelf: '层',
};

export const CHILD_KIND: Record<LocationKind, LocationKind | null> = {
  room: 'row',
  row: 'section',
  section: 'shelf',
  shelf: null,
};

export interface Location extends StoredRecord {
  kind: LocationKind;
  /** The room this place is in (a room's own id for a room). */
  roomId: string;
  parentId: string | null;
  /** Its number within its parent (1库, 03列, 2节, 4层). */
  number: number;
  code: string;
  /** A room's name (业务档案库房); a row's use (2012年及以后社保业务档案, 备用). */
  name: string;
  note: string;
  /** Shelves only: how many boxes it takes, and the boxes on it, in the order they stand. */
  capacity: number | null;
  boxes: string[];
  createdAt: string;
  updatedAt: string;
}

/** One step of an address: `1库`, `03列`, `2节`, `4层`. */
export function segment(kind: LocationKind, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999)
    throw invalid('location.bad_number', 'Location numbers run from 1 to 999.');
  if (kind === 'row') return `${String(n).padStart(2, '0')}列`;
  return `${n}${kind === 'room' ? '库' : LOCATION_KIND_LABELS[kind]}`;
}

export function locationCode(parentCode: string | null, kind: LocationKind, n: number): string {
  return parentCode ? `${parentCode}-${segment(kind, n)}` : segment(kind, n);
}

/** Numbers of each step of an address (`1库-03列-2节-4层` → room 1, row 3, section 2, shelf 4). */
export function parseLocationCode(code: string): Partial<Record<LocationKind, number>> | null {
  const m = /^(\d{1,3})库(?:-(\d{1,3})列(?:-(\d{1,3})节(?:-(\d{1,3})层)?)?)?$/.exec(code);
  if (!m) return null;
  const out: Partial<Record<LocationKind, number>> = { room: Number(m[1]) };
  if (m[2]) out.row = Number(m[2]);
  if (m[3]) out.section = Number(m[3]);
  if (m[4]) out.shelf = Number(m[4]);
  return out;
}

export function assertChildKind(parent: Location, kind: LocationKind): void {
  if (CHILD_KIND[parent.kind] !== kind)
    throw invalid(
      'location.bad_parent',
      `A ${LOCATION_KIND_LABELS[kind]} does not go inside a ${LOCATION_KIND_LABELS[parent.kind]}.`,
      {
        parent: parent.kind,
        kind,
      },
    );
}

/** Free places on a shelf. */
export function freeOn(shelf: Location): number {
  return Math.max(0, (shelf.capacity ?? 0) - shelf.boxes.length);
}

export function assertShelf(location: Location): void {
  if (location.kind !== 'shelf')
    throw invalid(
      'location.not_a_shelf',
      `${location.code} is a ${LOCATION_KIND_LABELS[location.kind]}: boxes stand on a shelf (层).`,
    );
}

export function assertRoomFor(shelf: Location): void {
  if (freeOn(shelf) < 1)
    throw conflict('location.full', `Shelf ${shelf.code} is full (${shelf.capacity} boxes).`, {
      shelfId: shelf.id,
      capacity: shelf.capacity,
    });
}
