import { activeHolds, itemBlobs, type Item } from '../../core/items/item.model';

/** The collection of items, and the indexes the adapter names (hints; declared in storage-config). */
export const ITEMS = 'items';
export const ITEM_INDEX = {
  tally: 'items_tally',
  outTally: 'items_out_tally',
  dueTally: 'items_due_tally',
} as const;

/**
 * One item as stored: the item whole under `item` (what every read returns), beside the fields the lists,
 * tallies and lookups query, derived from it on every write (the SQLite adapter's columns and side tables).
 * `seq` orders lists newest first; `stale` marks items the search index has not caught up with.
 */
export interface ItemDocument extends QueryFields {
  _id: string;
  seq: number;
  item: Item;
  revision: number;
  indexedRevision: number;
  stale: boolean;
  /** Set by accession only (the unique, sparse index `items_number`): the 件号 within its 档号 group. */
  numberGroup?: string;
  numberInGroup?: number;
}

/**
 * The derived query fields. `archivalCode` is absent (never null) on an unnumbered item, because its unique
 * index is sparse: MongoDB indexes an explicit null, and two of them would collide.
 */
export interface QueryFields {
  fondsCode: string;
  year: number;
  classCode: string;
  retention: string;
  insuranceType: string;
  businessStep: string | null;
  section: string;
  status: string;
  date: string;
  dueDate: string | null;
  archivalCode?: string;
  numbered: boolean;
  held: boolean;
  out: boolean;
  pageCount: number;
  personIds: string[];
  personNames: string[];
  unitCodes: string[];
  unitNames: string[];
  /** Every stored object the item refers to (destruction deletes an object only when no one else uses it). */
  blobs: string[];
}

const distinct = (values: (string | undefined)[]): string[] => [
  ...new Set(values.filter((v): v is string => !!v)),
];

/** The query fields of `item`, as `$set` writes them (an unnumbered item's `archivalCode` is left out). */
export function queryFieldsOf(item: Item): QueryFields {
  const fields: QueryFields = {
    fondsCode: item.fondsCode,
    year: item.year,
    classCode: item.classCode,
    retention: item.retention,
    insuranceType: item.insuranceType,
    businessStep: item.businessStep,
    section: item.section,
    status: item.status,
    date: item.date,
    dueDate: item.dueDate,
    numbered: item.archivalCode !== null,
    held: activeHolds(item).length > 0,
    out: item.out !== undefined && item.out !== null,
    pageCount: item.pages.length,
    personIds: distinct(item.persons.map((p) => p.residentId)),
    personNames: distinct(item.persons.map((p) => p.name)),
    unitCodes: distinct(item.units.flatMap((u) => [u.creditCode, u.socialInsuranceCode])),
    unitNames: distinct(item.units.map((u) => u.name)),
    blobs: itemBlobs(item),
  };
  if (item.archivalCode !== null) fields.archivalCode = item.archivalCode;
  return fields;
}

/** A new item's document. */
export function newItemDocument(item: Item, seq: number): ItemDocument {
  return {
    _id: item.id,
    seq,
    item,
    ...queryFieldsOf(item),
    revision: item.revision,
    indexedRevision: 0,
    stale: item.revision !== 0,
  };
}

/** The item of a stored document (the driver returns a fresh object: callers may change it freely). */
export const itemOf = (doc: Pick<ItemDocument, 'item'>): Item => doc.item;
