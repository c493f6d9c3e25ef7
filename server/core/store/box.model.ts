import type { RetentionPeriod } from '../catalogue/retention.policy';
import type { Item } from '../items/item.model';
import type { StoredRecord } from '../records/record-store.port';
import { conflict, invalid } from '../shared/errors';
import type { BoxType } from './box-type.model';

/**
 * 档案盒 (box): archived items of one fonds, year, class and retention, in 档号 order. A box is 整理中
 * (open: items go in and out) or 已封盒 (sealed: its contents are fixed, its 备考表 filled in); a sealed box
 * may be reopened, and what changes afterwards is noted for the 备考表 (补充, 移出).
 */
export const BOX_STATUSES = ['open', 'sealed'] as const;
export type BoxStatus = (typeof BOX_STATUSES)[number];
export const BOX_STATUS_LABELS: Record<BoxStatus, string> = { open: '整理中', sealed: '已封盒' };

const TRANSITIONS: Record<BoxStatus, readonly BoxStatus[]> = { open: ['sealed'], sealed: ['open'] };

export function assertBoxTransition(from: BoxStatus, to: BoxStatus): void {
  if (!TRANSITIONS[from].includes(to))
    throw conflict(
      'box.bad_transition',
      `A box that is ${BOX_STATUS_LABELS[from]} cannot become ${BOX_STATUS_LABELS[to]}.`,
      {
        from,
        to,
      },
    );
}

/** What a box holds of each item (enough for labels, ranges and capacity without reading the items). */
export interface BoxEntry {
  itemId: string;
  archivalCode: string;
  itemNumber: number;
  pages: number;
  insuranceType: string;
  section: string;
}

/** 备考表: 盒内文件情况说明 (缺损、修改、补充、移出、销毁…), 整理人 and 检查人 with their dates. */
export interface BoxNote {
  description: string;
  arrangedBy: string;
  arrangedOn: string | null;
  checkedBy: string;
  checkedOn: string | null;
}

/** A change after the box was first sealed, for the 备考表. */
export interface BoxLogEntry {
  at: string;
  by: string;
  kind: 'added' | 'removed';
  archivalCodes: string[];
}

export interface BoxGroup {
  fondsCode: string;
  year: number;
  classCode: string;
  retention: RetentionPeriod;
}

export interface Box extends StoredRecord, BoxGroup {
  /** `160|2013|GL|D100`: the group a box belongs to (for listing and numbering). */
  group: string;
  /** 盒号: the n-th box of its group (gap-free, never reused), and as printed (`0001`). */
  boxNo: number;
  boxNumber: string;
  /** `160-2013-GL-D100-盒0001` */
  code: string;
  typeId: string;
  status: BoxStatus;
  entries: BoxEntry[];
  /**
   * Items and pages packed (every entry). Destruction leaves a box's entries alone (a tombstone keeps its
   * place in 起止件号), so these still count destroyed items: the box view and the 备考表 count what the box
   * holds now (`contentsOf`).
   */
  itemCount: number;
  pageCount: number;
  /** 起止件号 (`0001-0020`), null while empty. */
  itemRange: string | null;
  /** Where it stands (a shelf, 层), or null before it is shelved. */
  shelfId: string | null;
  roomId: string | null;
  locationCode: string | null;
  /** Out of the store (调出), by a registered movement. */
  out: { movementId: string; since: string; reason: string; to: string | null } | null;
  note: BoxNote;
  log: BoxLogEntry[];
  everSealed: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  sealedAt: string | null;
  sealedBy: string | null;
}

export function boxGroupKey(g: BoxGroup): string {
  return `${g.fondsCode}|${g.year}|${g.classCode}|${g.retention}`;
}

/** The numbering sequence of a group's 盒号. */
export function boxSequence(g: BoxGroup): string {
  return `box:${boxGroupKey(g)}`;
}

export function formatBoxNumber(n: number): string {
  return String(n).padStart(4, '0');
}

export function boxCode(g: BoxGroup, boxNumber: string): string {
  return `${g.fondsCode}-${g.year}-${g.classCode}-${g.retention}-盒${boxNumber}`;
}

/** A box's group: its fonds, year, class and retention. */
export function groupOf(g: BoxGroup): BoxGroup {
  return { fondsCode: g.fondsCode, year: g.year, classCode: g.classCode, retention: g.retention };
}

/**
 * The 保管期限 an item was filed under: the one in its 档号. An appraisal (鉴定) that keeps an item longer
 * changes its `retention` and 到期日 but never renumbers it (a 档号 is never reused or rewritten), so the
 * item stays in the 档号 group, the boxes and the 归档文件目录 of the period it was filed under; the first
 * extension's `from` is that period (a numbered item's classification changes by appraisal only).
 */
export function filedRetention(item: Pick<Item, 'retention' | 'appraisals'>): RetentionPeriod {
  return item.appraisals?.[0]?.from ?? item.retention;
}

/** The group of an item's 档号 (and of the boxes it goes into): its fonds, year, class and filed 保管期限. */
export function filedGroupOf(
  item: Pick<Item, 'fondsCode' | 'year' | 'classCode' | 'retention' | 'appraisals'>,
) {
  return groupOf({ ...item, retention: filedRetention(item) });
}

/** A new, empty, open box of `group`, not yet numbered (see `numbered`). */
export function emptyBox(init: { id: string; group: BoxGroup; typeId: string; at: string; by: string }): Box {
  return {
    id: init.id,
    revision: 1,
    ...groupOf(init.group),
    group: boxGroupKey(init.group),
    boxNo: 0,
    boxNumber: '',
    code: '',
    typeId: init.typeId,
    status: 'open',
    entries: [],
    itemCount: 0,
    pageCount: 0,
    itemRange: null,
    shelfId: null,
    roomId: null,
    locationCode: null,
    out: null,
    note: emptyNote(),
    log: [],
    everSealed: false,
    createdAt: init.at,
    createdBy: init.by,
    updatedAt: init.at,
    sealedAt: null,
    sealedBy: null,
  };
}

/** The box with its 盒号: the `boxNo`-th of its group. */
export function numbered<T extends Box>(box: T, boxNo: number): T {
  const boxNumber = formatBoxNumber(boxNo);
  return { ...box, boxNo, boxNumber, code: boxCode(box, boxNumber) };
}

export function sameGroup(a: BoxGroup, b: BoxGroup): boolean {
  return boxGroupKey(a) === boxGroupKey(b);
}

/** Item numbers are printed with at least four digits, as in the 档号. */
function pad(n: number): string {
  return String(n).padStart(4, '0');
}

/** 起止件号 of entries already in 档号 order. */
export function itemRangeOf(entries: readonly BoxEntry[]): string | null {
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (!first || !last) return null;
  return first === last ? pad(first.itemNumber) : `${pad(first.itemNumber)}-${pad(last.itemNumber)}`;
}

/** Item numbers missing inside the range (an item on another box, destroyed, or not yet added). */
export function gapsOf(entries: readonly BoxEntry[]): number[] {
  const have = new Set(entries.map((e) => e.itemNumber));
  const first = entries[0]?.itemNumber;
  const last = entries[entries.length - 1]?.itemNumber;
  const out: number[] = [];
  if (first === undefined || last === undefined) return out;
  for (let n = first; n <= last && out.length < 1000; n++) if (!have.has(n)) out.push(n);
  return out;
}

export function byArchivalOrder(a: BoxEntry, b: BoxEntry): number {
  return a.archivalCode < b.archivalCode
    ? -1
    : a.archivalCode > b.archivalCode
      ? 1
      : a.itemNumber - b.itemNumber;
}

/** The box with `entries` (sorted into 档号 order) and its derived counts and 起止件号. */
export function withEntries<T extends Box>(box: T, entries: readonly BoxEntry[]): T {
  const sorted = [...entries].sort(byArchivalOrder);
  return {
    ...box,
    entries: sorted,
    itemCount: sorted.length,
    pageCount: sorted.reduce((n, e) => n + e.pages, 0),
    itemRange: itemRangeOf(sorted),
  };
}

export function entryOf(item: Item): BoxEntry {
  return {
    itemId: item.id,
    archivalCode: item.archivalCode ?? '',
    itemNumber: item.itemNumber ?? 0,
    pages: item.pages.length,
    insuranceType: item.insuranceType,
    section: item.section,
  };
}

/**
 * Whether `item` may go into `box`: archived and numbered, of the box's group (its 档号's: an item kept
 * longer by appraisal still goes into the boxes of the period it was filed under), in no other box.
 * (Being on loan does not matter: a numbered item is boxed once, and goes back into its box.)
 */
export function assertBoxable(box: Box, item: Item): void {
  if (item.status !== 'archived' || !item.archivalCode || item.itemNumber === null)
    throw conflict(
      'box.item_not_archived',
      `Item ${item.id} is not archived with a 档号; only archived items are boxed.`,
      {
        itemId: item.id,
        status: item.status,
      },
    );
  if (!sameGroup(box, filedGroupOf(item)))
    throw invalid(
      'box.mixed_group',
      `Item ${item.archivalCode} belongs to another fonds, year, class or retention than box ${box.code}.`,
      {
        itemId: item.id,
        item: boxGroupKey(filedGroupOf(item)),
        box: box.group,
      },
    );
  if (item.box)
    throw conflict(
      'box.item_already_boxed',
      `Item ${item.archivalCode} is already in box ${item.box.boxNumber}.`,
      {
        itemId: item.id,
        boxId: item.box.boxId,
      },
    );
}

/**
 * Refuses contents a box of `type` cannot take: more items than its capacity, or more pages when the type
 * limits pages (one item alone may exceed the page capacity: it has to go somewhere, as a box of its own).
 */
export function assertFits(
  type: Pick<BoxType, 'capacityItems' | 'capacityPages' | 'name'>,
  entries: readonly BoxEntry[],
): void {
  const items = entries.length;
  const pages = entries.reduce((n, e) => n + e.pages, 0);
  if (items > type.capacityItems)
    throw conflict(
      'box.over_capacity',
      `A ${type.name} takes at most ${type.capacityItems} items; this would make ${items}.`,
      {
        items,
        capacityItems: type.capacityItems,
      },
    );
  if (type.capacityPages !== null && pages > type.capacityPages && items > 1)
    throw conflict(
      'box.over_capacity',
      `A ${type.name} takes at most ${type.capacityPages} pages; this would make ${pages}.`,
      {
        pages,
        capacityPages: type.capacityPages,
      },
    );
}

/** A box's contents may change only while it is open and in the store. */
export function assertChangeable(box: Box): void {
  if (box.status !== 'open') throw conflict('box.sealed', `Box ${box.code} is sealed: reopen it first.`);
  if (box.out) throw conflict('box.out', `Box ${box.code} is out of the store.`);
}

export function emptyNote(): BoxNote {
  return { description: '', arrangedBy: '', arrangedOn: null, checkedBy: '', checkedOn: null };
}

/**
 * Where a packed item is now: 在盒 (in the box), 借出 / 调出 (out of it on a loan or a movement, still
 * belonging to it), or 已销毁 (destroyed: its entry stays, so 起止件号 remains the box's number range).
 */
export type BoxEntryPresence = 'in_box' | 'on_loan' | 'moved_out' | 'destroyed';
export const BOX_ENTRY_PRESENCE_LABELS: Record<BoxEntryPresence, string> = {
  in_box: '在盒',
  on_loan: '借出',
  moved_out: '调出',
  destroyed: '已销毁',
};

/** An entry's presence, from its item (null: no such item, taken as in the box, as packed). */
export function presenceOf(item: Pick<Item, 'status' | 'out'> | null): BoxEntryPresence {
  if (item?.status === 'destroyed') return 'destroyed';
  if (item?.out) return item.out.reason === 'loan' ? 'on_loan' : 'moved_out';
  return 'in_box';
}

/**
 * What a box holds now, from its entries and their items: the live items (everything packed that is not
 * destroyed, including items out on loan or moved out: they belong to the box and come back to it) with
 * their pages, how many of those are out, and the destroyed ones with the pages they had when destroyed.
 */
export interface BoxContents {
  itemCount: number;
  pageCount: number;
  outCount: number;
  destroyedCount: number;
  destroyedPages: number;
  /** 档号 of the destroyed items and of the live ones that are out, in 档号 order. */
  destroyed: string[];
  out: string[];
}

export function contentsOf(
  entries: readonly BoxEntry[],
  itemOf: (entry: BoxEntry) => Pick<Item, 'status' | 'out' | 'destruction'> | null,
): BoxContents {
  const c: BoxContents = {
    itemCount: 0,
    pageCount: 0,
    outCount: 0,
    destroyedCount: 0,
    destroyedPages: 0,
    destroyed: [],
    out: [],
  };
  for (const e of entries) {
    const item = itemOf(e);
    const presence = presenceOf(item);
    if (presence === 'destroyed') {
      c.destroyedCount++;
      c.destroyedPages += item?.destruction?.pages ?? e.pages;
      c.destroyed.push(e.archivalCode);
      continue;
    }
    c.itemCount++;
    c.pageCount += e.pages;
    if (presence !== 'in_box') {
      c.outCount++;
      c.out.push(e.archivalCode);
    }
  }
  return c;
}
