import { MongoBulkWriteError, ObjectId, type Collection, type Db } from 'mongodb';
import { isDuplicateKey } from './mongo.database';

export const ITEMS_UNINDEXED = 'items_unindexed';

/** A pending index entry may be an insert still on its way, or one that failed, for this long. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;
/** Up to this revision `indexed` names an item's entries by key; beyond, it deletes by range. */
const MAX_KEYED_REVISION = 1000;

/** Revision `rev` of item `itemId` is written (or about to be) and not yet in the search index. */
interface UnindexedDoc {
  /** `<item id>#<revision>`: one entry per revision, whoever writes it. */
  _id: string;
  itemId: string;
  rev: number;
  /** When the entry was made: the sweep takes the oldest first. */
  order: ObjectId;
}

const entryOf = (itemId: string, rev: number): UnindexedDoc => ({
  _id: `${itemId}#${rev}`,
  itemId,
  rev,
  order: new ObjectId(),
});

/**
 * The search index's backlog: one small document per item revision the index has not confirmed, made by
 * whoever writes the revision to the item (before the write) and deleted by `markIndexed`.
 *
 * Why not an `indexedRevision` on the item, or one mark per item: both need a conditional update ("move
 * up only") that FerretDB v1 runs as read-then-write, and a write to the item document rewrites it whole,
 * undoing a concurrent revision. Here each step is atomic on both servers: an insert against a unique
 * `_id` (a second writer of the same revision finds its entry made), and a delete of the entries at or
 * below the indexed revision. A late, older confirmation deletes nothing newer, so the indexed revision
 * never moves back; an entry made after its revision was indexed only costs one more indexing. The
 * backlog holds only what the index lacks, so the sweep reads a few entries however large the archive.
 */
export class UnindexedRevisions {
  private readonly entries: Collection<UnindexedDoc>;

  constructor(db: Db) {
    this.entries = db.collection<UnindexedDoc>(ITEMS_UNINDEXED);
  }

  /** Revision 0 is what "nothing indexed yet" stands for: an item at revision 0 is not behind. */
  async add(itemId: string, rev: number): Promise<void> {
    if (rev <= 0) return;
    try {
      await this.entries.insertOne(entryOf(itemId, rev));
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }

  /** Bulk loading: one entry per item, in array order (entries made already are kept). */
  async addMany(items: readonly { id: string; revision: number }[]): Promise<void> {
    const docs = items.filter((i) => i.revision > 0).map((i) => entryOf(i.id, i.revision));
    if (docs.length === 0) return;
    try {
      await this.entries.insertMany(docs, { ordered: false });
    } catch (e) {
      const failures = e instanceof MongoBulkWriteError ? [e.writeErrors].flat() : [];
      if (failures.length === 0 || failures.some((f) => f.code !== 11000)) throw e;
    }
  }

  /**
   * The index holds revision `rev` of the item: every entry up to it is done. The entries are named by
   * their keys (`<item>#1` … `<item>#rev`: all an item can have up to `rev`), so the delete goes through
   * the `_id` index on both servers (FerretDB v1 scans the collection for a filter on other fields).
   */
  async indexed(itemId: string, rev: number): Promise<void> {
    await this.indexedMany([{ itemId, rev }]);
  }

  /** `indexed` for many items in one round trip (migration: after a bulk load of the search index). */
  async indexedMany(entries: readonly { itemId: string; rev: number }[]): Promise<void> {
    const keys: string[] = [];
    const ranged: { itemId: string; rev: number }[] = [];
    for (const e of entries) {
      if (e.rev > MAX_KEYED_REVISION) ranged.push(e);
      else for (let r = 1; r <= e.rev; r++) keys.push(`${e.itemId}#${r}`);
    }
    if (keys.length > 0) await this.entries.deleteMany({ _id: { $in: keys } });
    for (const e of ranged) await this.entries.deleteMany({ itemId: e.itemId, rev: { $lte: e.rev } });
  }

  /** Items with entries, oldest entry first, at most `limit` distinct items, passing over `skip`. */
  async oldest(limit: number, skip: ReadonlySet<string>): Promise<string[]> {
    const found: string[] = [];
    const seen = new Set<string>();
    const cursor = this.entries
      .find({}, { projection: { itemId: 1 } })
      .sort({ order: 1 })
      .batchSize(Math.min(1000, limit * 2));
    try {
      for await (const e of cursor) {
        if (seen.has(e.itemId)) continue;
        seen.add(e.itemId);
        if (skip.has(e.itemId)) continue;
        found.push(e.itemId);
        if (found.length >= limit) break;
      }
    } finally {
      await cursor.close();
    }
    return found;
  }

  /** The highest revision waiting of each of `itemIds`. */
  async newest(itemIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.entries
      .find({ itemId: { $in: [...itemIds] } }, { projection: { itemId: 1, rev: 1 } })
      .toArray();
    const newest = new Map<string, number>();
    for (const r of rows) newest.set(r.itemId, Math.max(newest.get(r.itemId) ?? 0, r.rev));
    return newest;
  }

  /** Drops the entries of an item that does not exist, once they are old enough to be left by a failure. */
  async dropOrphan(itemId: string, now: Date): Promise<void> {
    const before = ObjectId.createFromTime(Math.floor((now.getTime() - ORPHAN_AFTER_MS) / 1000));
    await this.entries.deleteMany({ itemId, order: { $lt: before } });
  }
}
