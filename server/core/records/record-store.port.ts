/**
 * Workflow records (transfers, boxes, locations, loans, appraisals, destruction lists…): documents with an
 * id and a revision, kept in named collections. Every write is a compare-and-set on the revision, so two
 * people acting on the same record at once cannot both win.
 */
export interface StoredRecord {
  id: string;
  /** 1 on insert; `update` takes the record with its revision already incremented. */
  revision: number;
}

/** Equality on a top-level field, or membership when the field is an array (`{ contains: v }`). */
export type RecordWhere = Record<string, string | number | boolean | null | { contains: string | number }>;

export interface RecordPage<T> {
  records: T[];
  /** Opaque; pass back for the next page. Null on the last page. */
  nextCursor: string | null;
}

export interface RecordCollection<T extends StoredRecord> {
  /** Throws `record.exists` (409) if the id is taken. */
  insert(record: T): Promise<void>;
  /** Writes if the stored revision is `record.revision - 1`; else `record.stale` (409); absent: `record.not_found`. */
  update(record: T): Promise<void>;
  get(id: string): Promise<T | null>;
  /** Newest first, by cursor. */
  list(where: RecordWhere, limit: number, cursor?: string | null): Promise<RecordPage<T>>;
  /** Every record matching, newest first (for registers and reports; collections are small). */
  all(where?: RecordWhere): AsyncIterable<T>;
}

/**
 * Port: the workflow record store.
 *
 * - `collection(kind)`: a named collection of records.
 * - `claim(key, owner)`: takes an exclusive claim on `key` (e.g. `physical:<itemId>`), atomically; returns
 *   the owner that holds it afterwards (the caller's `owner` when it won, or the earlier holder).
 * - `release(key, owner)`: gives a claim up; releasing a claim one does not hold does nothing.
 * - `holder(key)`: who holds a claim, or null.
 * - `claims(prefix, limit, after)`: the claims whose key starts with `prefix`, in key order, at most `limit`,
 *   from the first key after `after` (keyset paging: pass the last key of a page for the next one). For the
 *   repair of claims a killed process left behind (`repair-claims.ts`).
 * - `next(sequence)`: the next number of a named sequence (1, 2, 3 …); never repeats, never goes down.
 */
export interface RecordStore {
  collection<T extends StoredRecord>(kind: string): RecordCollection<T>;
  claim(key: string, owner: string): Promise<string>;
  release(key: string, owner: string): Promise<void>;
  holder(key: string): Promise<string | null>;
  claims(prefix: string, limit: number, after?: string | null): Promise<{ key: string; owner: string }[]>;
  next(sequence: string): Promise<number>;
}
