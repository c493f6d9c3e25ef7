import { activeHolds, itemBlobs, type Item } from '../../core/items/item.model';
import type { HeadLayout } from './mongo.shared-revisions';

/** The collection of items, and the indexes the adapter names (hints; declared in storage-config). */
export const ITEMS = 'items';
/**
 * The items' revision tickets (see `RevisionChain`), apart from the workflow records' because they carry
 * accession's claim on a 件号: `numberGroup` and `numberInGroup` under the unique index `item_numbers`.
 */
export const ITEM_REVISIONS = 'item_revisions';
export const ITEM_INDEX = {
  tally: 'items_tally',
  outTally: 'items_out_tally',
  dueTally: 'items_due_tally',
} as const;

/**
 * One item as stored: the head of its revision chain. The item whole is `body` (what every read returns),
 * beside the fields the lists, tallies and lookups query, derived from it on every write (the SQLite
 * adapter's columns and side tables), and `seq`, which orders lists newest first and never changes.
 * Nothing else lives here: FerretDB rewrites a whole document on every update, so a field written by
 * anyone but the revision's writer could undo a revision or be undone by one (the search index's progress
 * is kept in `items_unindexed`, the 件号 claims on the tickets).
 */
export interface ItemDocument extends QueryFields {
  _id: string;
  seq: number;
  body: Item;
}

/** A 件号 taken by accession, as its ticket carries it. */
export interface NumberClaim {
  numberGroup: string;
  numberInGroup: number;
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

/** How an item's head follows its revisions: the query fields derived from each (see `RevisionChain`). */
export const itemHeadFields: NonNullable<HeadLayout<Item>['fields']> = (item) => ({
  set: queryFieldsOf(item),
  unset: item.archivalCode === null ? ['archivalCode'] : [],
});

/** A new item's document. */
export function newItemDocument(item: Item, seq: number): ItemDocument {
  return { _id: item.id, seq, body: item, ...queryFieldsOf(item) };
}

/** The item of a stored document (the driver returns a fresh object: callers may change it freely). */
export const itemOf = (doc: Pick<ItemDocument, 'body'>): Item => doc.body;
