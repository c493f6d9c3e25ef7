import type { Collection, Db, Filter } from 'mongodb';
import type {
  ItemFilters,
  ItemListPage,
  ItemRepository,
  TallyKey,
  TallyRow,
} from '../../core/items/item-repository.port';
import type { Item } from '../../core/items/item.model';
import type { ItemId } from '../../core/shared/ids';
import { conflict, notFound, StorageError } from '../../core/shared/errors';
import { isDuplicateKey } from './mongo.database';
import { ITEMS, itemOf, newItemDocument, queryFieldsOf, type ItemDocument } from './mongo.items-document';
import { allOf, conditionsOf, decodeCursor, encodeCursor, type ItemQuery } from './mongo.items-filter';
import { tallyItems } from './mongo.items-tally';
import { isUniqueViolation, rethrow } from './mongo.shared-errors';

/** Items read per round trip when streaming in 档号 order. */
const SCAN_BATCH = 500;
/** How far past the highest number in use accession looks for a free one before it gives up. */
const MAX_NUMBER_PROBES = 100_000;

const ITEM_ONLY = { projection: { item: 1 } } as const;

/**
 * Items in MongoDB: one document per item, the item whole beside its derived query fields
 * (mongo.items-document.ts). Lists are newest first by `seq`, paged by a keyset cursor.
 *
 * Only what MongoDB and FerretDB v1 both do atomically decides a race between processes: an insert under a
 * unique index (`seq`, `_id`, the 件号 of a group), and on MongoDB a single-document conditional update
 * (the revision compare-and-set). FerretDB v1 runs an update as read-then-write, so there two writers of
 * the *same* item may both pass the revision check (FerretDB issue #3040); production runs MongoDB.
 */
export class MongoItemRepository implements ItemRepository {
  private readonly items: Collection<ItemDocument>;
  /** The next `seq` this process will try; learnt from the collection on first use and after a collision. */
  private nextSeq: number | null = null;
  /** The accession in progress per 档号 group in this process (see `accession`). */
  private readonly accessions = new Map<string, Promise<unknown>>();

  constructor(db: Db) {
    this.items = db.collection<ItemDocument>(ITEMS);
  }

  private async highestSeq(): Promise<number> {
    const last = await this.items.findOne({}, { sort: { seq: -1 }, projection: { seq: 1 } });
    return last?.seq ?? 0;
  }

  /**
   * Inserts with the next `seq`. There is no atomic counter on FerretDB, so the unique index on `seq`
   * arbitrates: of two processes that take the same number one insert fails, and it re-reads the highest
   * `seq` and tries again. Within a process the numbers are handed out without a round trip.
   */
  async insert(item: Item): Promise<void> {
    try {
      for (;;) {
        if (this.nextSeq === null) {
          const highest = await this.highestSeq();
          this.nextSeq ??= highest + 1; // unless a concurrent insert of this process learnt it first
        }
        const seq = this.nextSeq++;
        try {
          await this.items.insertOne(newItemDocument(item, seq));
          return;
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          if (await this.items.findOne({ _id: item.id }, { projection: { _id: 1 } }))
            throw conflict('item.exists', `Item ${item.id} already exists.`);
          if (item.archivalCode && (await this.items.findOne({ archivalCode: item.archivalCode })))
            throw conflict('item.exists', `An item with 档号 ${item.archivalCode} already exists.`);
          this.nextSeq = Math.max(this.nextSeq ?? 0, (await this.highestSeq()) + 1);
        }
      }
    } catch (e) {
      rethrow('Could not insert the item.', e);
    }
  }

  /**
   * Writes `item` over revision `item.revision - 1` in one conditional update; `number` adds accession's
   * group and 件号 (kept by every later write, which never names them).
   */
  private async writeIfRevision(
    item: Item,
    number?: { numberGroup: string; numberInGroup: number },
  ): Promise<void> {
    const fields = queryFieldsOf(item);
    const { matchedCount } = await this.items.updateOne(
      { _id: item.id, revision: item.revision - 1 },
      {
        $set: { item, ...fields, ...number, revision: item.revision, stale: true },
        ...(fields.archivalCode === undefined ? { $unset: { archivalCode: '' } } : {}),
      },
    );
    if (matchedCount === 1) return;
    const stored = await this.items.findOne({ _id: item.id }, { projection: { revision: 1 } });
    if (!stored) throw notFound('item.not_found', `No item ${item.id}.`);
    throw conflict(
      'item.revision_conflict',
      `Item ${item.id} was changed by someone else (revision ${stored.revision}).`,
      { currentRevision: stored.revision },
    );
  }

  async update(item: Item): Promise<void> {
    try {
      await this.writeIfRevision(item);
    } catch (e) {
      rethrow('Could not update the item.', e);
    }
  }

  /**
   * 档号 numbering without transactions. The 件号 lives on the item itself (`numberGroup`, `numberInGroup`)
   * under a unique sparse index, and the numbered item is written in one conditional update: the write
   * either lands with its number, or fails whole (a lost revision race consumes nothing), or is refused by
   * the unique index because another item holds that number, and then the next number is tried.
   *
   * Gap-free by induction: a number n is only ever tried after n - 1 was seen held by a written item (the
   * highest number in use, or a refusal at n - 1), and a number is held only by an item written with it,
   * which never gives it up. Unique: the index refuses a second holder, in any process. Nothing is reserved
   * apart from the item, so a crash at any point leaves neither a gap nor a reservation to clean up (the
   * reservation-collection design would have to release a number after a lost revision race, and a
   * concurrent accession of the same item could then still write that number).
   */
  accession(item: Item, group: string, render: (n: number) => string): Promise<Item> {
    // One at a time per group within this process: concurrent callers here would only collide on the same
    // number and retry; the unique index still decides between processes.
    const previous = this.accessions.get(group) ?? Promise.resolve();
    const done = previous.then(() => this.accessionNow(item, group, render));
    const settled = done.catch(() => undefined);
    this.accessions.set(group, settled);
    void settled.then(() => {
      if (this.accessions.get(group) === settled) this.accessions.delete(group);
    });
    return done;
  }

  private async accessionNow(item: Item, group: string, render: (n: number) => string): Promise<Item> {
    try {
      const highest = await this.items.findOne(
        { numberGroup: group },
        { sort: { numberInGroup: -1 }, projection: { numberInGroup: 1 } },
      );
      const first = (highest?.numberInGroup ?? 0) + 1;
      for (let n = first; n < first + MAX_NUMBER_PROBES; n++) {
        const numbered: Item = { ...item, itemNumber: n, archivalCode: render(n) };
        try {
          await this.writeIfRevision(numbered, { numberGroup: group, numberInGroup: n });
          return numbered;
        } catch (e) {
          // Taken (the group's 件号, or the 档号 of an item stored already numbered): try the next.
          if (!isUniqueViolation(e)) throw e;
        }
      }
      throw new StorageError(`No free item number in group ${group}.`, false);
    } catch (e) {
      rethrow('Could not accession the item.', e);
    }
  }

  async get(id: ItemId): Promise<Item | null> {
    try {
      const doc = await this.items.findOne({ _id: id }, ITEM_ONLY);
      return doc ? itemOf(doc) : null;
    } catch (e) {
      rethrow('Could not read the item.', e);
    }
  }

  async list(f: ItemFilters, limit: number, cursor: string | null): Promise<ItemListPage<Item>> {
    const conditions = conditionsOf(f);
    if (cursor) conditions.push({ seq: { $lt: decodeCursor(cursor) } });
    try {
      const docs = await this.items
        .find(allOf(conditions), { projection: { item: 1, seq: 1 } })
        .sort({ seq: -1 })
        .limit(limit + 1)
        .toArray();
      const page = docs.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(itemOf),
        nextCursor: docs.length > limit && last ? encodeCursor(last.seq) : null,
      };
    } catch (e) {
      rethrow('Could not list items.', e);
    }
  }

  async staleInIndex(limit: number): Promise<{ id: ItemId; revision: number }[]> {
    if (limit < 1) return []; // MongoDB reads `limit(0)` as no limit at all
    try {
      const docs = await this.items
        .find({ stale: true }, { projection: { revision: 1 } })
        .sort({ seq: 1 })
        .limit(limit)
        .toArray();
      return docs.map((d) => ({ id: d._id as ItemId, revision: d.revision }));
    } catch (e) {
      rethrow('Could not read the search index backlog.', e);
    }
  }

  /**
   * `indexedRevision` only moves up (a late, older confirmation is ignored), and `stale` stays
   * `revision ≠ indexedRevision`: one conditional update for each side of that comparison, so no pipeline
   * update is needed (FerretDB v1 has none).
   */
  async markIndexed(id: ItemId, revision: number): Promise<void> {
    try {
      const older = { _id: id, indexedRevision: { $lt: revision } };
      await this.items.updateOne(
        { ...older, revision },
        { $set: { indexedRevision: revision, stale: false } },
      );
      await this.items.updateOne(
        { ...older, revision: { $ne: revision } },
        { $set: { indexedRevision: revision, stale: true } },
      );
    } catch (e) {
      rethrow('Could not mark the item indexed.', e);
    }
  }

  /** From the collection's metadata: exact on a cleanly running server, without reading a million items. */
  async count(): Promise<number> {
    try {
      return await this.items.estimatedDocumentCount();
    } catch (e) {
      rethrow('Could not count items.', e);
    }
  }

  /**
   * Numbered items in 档号 order, then unnumbered ones oldest first; each phase is a keyset walk over
   * (`archivalCode`, `seq`) in batches, so memory stays bounded and no offset is skipped over.
   */
  async *scanInArchivalOrder(f: ItemFilters): AsyncIterable<Item> {
    const base = conditionsOf(f);
    for (const numbered of [true, false]) {
      if (f.numbered !== undefined && f.numbered !== numbered) continue;
      let after: { code: string | undefined; seq: number } | null = null;
      for (;;) {
        const conditions: Filter<ItemDocument>[] = [...base, { numbered }];
        if (after)
          conditions.push(
            after.code === undefined
              ? { seq: { $gt: after.seq } }
              : {
                  $or: [
                    { archivalCode: { $gt: after.code } },
                    { archivalCode: after.code, seq: { $gt: after.seq } },
                  ],
                },
          );
        let docs: Pick<ItemDocument, 'item' | 'seq' | 'archivalCode'>[];
        try {
          docs = await this.items
            .find(allOf(conditions), { projection: { item: 1, seq: 1, archivalCode: 1 } })
            .sort({ archivalCode: 1, seq: 1 })
            .limit(SCAN_BATCH)
            .toArray();
        } catch (e) {
          rethrow('Could not scan items.', e);
        }
        for (const d of docs) yield itemOf(d);
        const last = docs[docs.length - 1];
        if (!last || docs.length < SCAN_BATCH) break;
        after = { code: last.archivalCode, seq: last.seq };
      }
    }
  }

  async tally(f: ItemQuery, groupBy: readonly TallyKey[]): Promise<TallyRow[]> {
    try {
      return await tallyItems(this.items, f, groupBy);
    } catch (e) {
      rethrow('Could not tally items.', e);
    }
  }

  async blobUsers(sha256: string): Promise<ItemId[]> {
    try {
      const docs = await this.items
        .find({ blobs: sha256 }, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .toArray();
      return docs.map((d) => d._id as ItemId);
    } catch (e) {
      rethrow('Could not look up who uses a stored object.', e);
    }
  }
}
