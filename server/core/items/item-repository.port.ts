import type { ItemId } from '../shared/ids';
import type { Item, ItemStatus } from './item.model';
import type { RetentionPeriod } from '../catalogue/retention.policy';

export interface ItemFilters {
  fondsCode?: string;
  year?: number;
  classCode?: string;
  insuranceType?: string;
  businessStep?: string;
  retention?: RetentionPeriod;
  status?: ItemStatus;
  /** Only these sections (a clerk's scope); undefined means all. */
  sections?: string[];
  /** A person's 公民身份号码 (exact) or name (exact). */
  personResidentId?: string;
  personName?: string;
  /** A unit's 统一社会信用代码 / 社会保险编码 (exact) or name (exact). */
  unitCode?: string;
  unitName?: string;
  /** 日期 starting with this (e.g. `201305` for May 2013: a monthly volume). */
  datePrefix?: string;
  /** 到期日 on or before this ISO date (retention: items falling due). */
  dueOnOrBefore?: string;
  /** 档号 assigned or not. */
  numbered?: boolean;
  /** Under an active hold (冻结) or not. */
  held?: boolean;
  /** Out of its box (`item.out` set: on loan or moved out) or not. */
  out?: boolean;
}

/** Columns statistics may group by. */
export const TALLY_KEYS = [
  'fondsCode',
  'year',
  'classCode',
  'retention',
  'insuranceType',
  'section',
  'status',
] as const;
export type TallyKey = (typeof TALLY_KEYS)[number];

export interface TallyRow {
  key: Partial<Record<TallyKey, string | number>>;
  /** 件数 and 页数 */
  items: number;
  pages: number;
}

export interface ItemListPage<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Null on the last page. */
  nextCursor: string | null;
}

/**
 * Port: the catalogue of items. Lists are newest first and paged by cursor (never by offset).
 * Writes are atomic: an item with its persons, units and pages is written whole or not at all.
 */
export interface ItemRepository {
  insert(item: Item): Promise<void>;
  /** Writes `item` (whose revision is already incremented) if the stored revision is `item.revision - 1`. */
  update(item: Item): Promise<void>;
  get(id: ItemId): Promise<Item | null>;
  list(filters: ItemFilters, limit: number, cursor: string | null): Promise<ItemListPage<Item>>;
  /**
   * Accession: atomically takes the next item number of `group`, renders the 档号 with `render(n)`, and
   * writes the item (revision check as in update). Numbers are gap-free per group and never reused.
   */
  accession(item: Item, group: string, render: (n: number) => string): Promise<Item>;
  /** Items whose search-index entry is older than the item (for the indexer's catch-up sweep). */
  staleInIndex(limit: number): Promise<{ id: ItemId; revision: number }[]>;
  markIndexed(id: ItemId, revision: number): Promise<void>;
  count(): Promise<number>;
  /** Items matching, in 档号 order (unnumbered items last, oldest first), streamed in batches. */
  scanInArchivalOrder(filters: ItemFilters): AsyncIterable<Item>;
  /** Counts of items and pages grouped by `groupBy` (statistics), for years `fromYear`..`toYear`. */
  tally(
    filters: Omit<ItemFilters, 'personResidentId' | 'personName' | 'unitCode' | 'unitName'> & {
      fromYear?: number;
      toYear?: number;
    },
    groupBy: readonly TallyKey[],
  ): Promise<TallyRow[]>;
  /** Items that refer to a stored object (destruction deletes an object only when no one else uses it). */
  blobUsers(sha256: string): Promise<ItemId[]>;
}
