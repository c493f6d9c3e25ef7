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
import {
  ITEM_REVISIONS,
  ITEMS,
  itemHeadFields,
  itemOf,
  newItemDocument,
  type ItemDocument,
  type NumberClaim,
} from './mongo.items-document';
import { allOf, conditionsOf, decodeCursor, encodeCursor, type ItemQuery } from './mongo.items-filter';
import { tallyItems } from './mongo.items-tally';
import { UnindexedRevisions } from './mongo.items-unindexed';
import { rethrow } from './mongo.shared-errors';
import { RevisionChain, type RevisionTicket } from './mongo.shared-revisions';

/** Items read per round trip when streaming in 档号 order. */
const SCAN_BATCH = 500;
/** How far past the highest number in use accession looks for a free one before it gives up. */
const MAX_NUMBER_PROBES = 100_000;
/** Rounds of the index sweep's look-up when the oldest entries belong to items that do not exist. */
const SWEEP_ROUNDS = 5;

const BODY_ONLY = { projection: { body: 1 } } as const;

const revisionConflict = (id: string, current: number) =>
  conflict('item.revision_conflict', `Item ${id} was changed by someone else (revision ${current}).`, {
    currentRevision: current,
  });

/**
 * Items in MongoDB: one document per item, the item whole beside its derived query fields
 * (mongo.items-document.ts). Lists are newest first by `seq`, paged by a keyset cursor.
 *
 * Only inserts against a unique index decide a race between processes, because they are the one write
 * FerretDB v1 makes atomic (it runs every update as read, change, write-whole-document): `seq`, `_id`,
 * and every revision after the first through a ticket (`RevisionChain` over `item_revisions`), which
 * for accession also carries the 件号. The search index's progress lives beside the items, in
 * `items_unindexed` (see `UnindexedRevisions`), never in the item document a revision rewrites.
 */
export class MongoItemRepository implements ItemRepository {
  private readonly items: Collection<ItemDocument>;
  private readonly tickets: Collection<RevisionTicket & Partial<NumberClaim>>;
  private readonly chain: RevisionChain<Item>;
  private readonly unindexed: UnindexedRevisions;
  /** The next `seq` this process will try; learnt from the collection on first use and after a collision. */
  private nextSeq: number | null = null;
  /** The accession in progress per 档号 group in this process (see `accession`). */
  private readonly accessions = new Map<string, Promise<unknown>>();

  constructor(db: Db) {
    this.items = db.collection<ItemDocument>(ITEMS);
    this.tickets = db.collection<RevisionTicket & Partial<NumberClaim>>(ITEM_REVISIONS);
    this.unindexed = new UnindexedRevisions(db);
    this.chain = new RevisionChain<Item>(db, ITEMS, {
      tickets: ITEM_REVISIONS,
      layout: {
        fields: itemHeadFields,
        // Before the revision is readable, so the sweep never misses a revision a reader may have seen.
        beforeHead: (item) => this.unindexed.add(item.id, item.revision),
      },
    });
  }

  private async highestSeq(): Promise<number> {
    const last = await this.items.findOne({}, { sort: { seq: -1 }, projection: { seq: 1 } });
    return last?.seq ?? 0;
  }

  /**
   * Inserts with the next `seq`. There is no atomic counter on FerretDB, so the unique index on `seq`
   * arbitrates: of two processes that take the same number one insert fails, and it re-reads the highest
   * `seq` and tries again. Within a process the numbers are handed out without a round trip. The item's
   * index backlog entry is made first: an insert that dies after it leaves an entry the sweep drops later,
   * one that dies before it leaves no item.
   */
  async insert(item: Item): Promise<void> {
    try {
      await this.unindexed.add(item.id, item.revision);
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
   * Bulk loading (benchmark seeding, demo fixtures): one unordered `insertMany` of all the items, numbered
   * `seq` in array order after the highest stored, so lists show the last one first, as after one
   * `insert` each. Only for an installation no one else writes to meanwhile: the `seq` range is taken
   * without asking the unique index item by item, so a concurrent `insert` would make this fail. An item
   * whose id or 档号 is taken fails the call after the others are written.
   */
  async insertMany(items: readonly Item[]): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.unindexed.addMany(items);
      const first = (await this.highestSeq()) + 1;
      await this.items.insertMany(
        items.map((item, k) => newItemDocument(item, first + k)),
        { ordered: false },
      );
    } catch (e) {
      rethrow('Could not insert the items.', e);
    } finally {
      this.nextSeq = null;
    }
  }

  async update(item: Item): Promise<void> {
    try {
      const result = await this.chain.compareAndSet(item);
      if (result.written) return;
      if (result.current === null) throw notFound('item.not_found', `No item ${item.id}.`);
      throw revisionConflict(item.id, result.current);
    } catch (e) {
      rethrow('Could not update the item.', e);
    }
  }

  /**
   * 档号 numbering without transactions. The 件号 is claimed by the revision ticket that writes the
   * numbered item: its `numberGroup` and `numberInGroup` sit under the unique index `item_numbers` of the
   * ticket collection, so the one insert takes the revision and the number together or neither. A lost
   * revision race (the ticket's `_id` is taken) consumes no number; a number held by another ticket
   * refuses the insert without taking the revision, and the next number is tried.
   *
   * Gap-free by induction: a number n is only ever tried after n - 1 was seen held (the highest number
   * held, or a refusal at n - 1), and a number is held only by a ticket, which is a revision that was
   * written (the chain copies it to the item; later revisions are made from it and keep the number).
   * Unique: the index refuses a second holder, in any process. Nothing is reserved apart from the ticket,
   * so a crash at any point leaves neither a gap nor a reservation to clean up (a reservation made before
   * the revision is won would have to be released after a lost race, and a concurrent accession could see
   * it held meanwhile and number past it). A number whose 档号 an item stored already numbered carries
   * (bulk-loaded or inserted numbered) counts as held too: the item's unique 档号 could not take it.
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
      const highest = await this.tickets.findOne(
        { numberGroup: group },
        { sort: { numberInGroup: -1 }, projection: { numberInGroup: 1 } },
      );
      const first = (highest?.numberInGroup ?? 0) + 1;
      for (let n = first; n < first + MAX_NUMBER_PROBES; n++) {
        const numbered: Item = { ...item, itemNumber: n, archivalCode: render(n) };
        const holder = await this.items.findOne(
          { archivalCode: numbered.archivalCode! },
          { projection: { _id: 1 } },
        );
        if (holder && holder._id !== item.id) continue;
        const claim: NumberClaim = { numberGroup: group, numberInGroup: n };
        const result = await this.chain.compareAndSet(numbered, { claim });
        if (result.written) return numbered;
        if (result.claimTaken) continue;
        if (result.current === null) throw notFound('item.not_found', `No item ${item.id}.`);
        throw revisionConflict(item.id, result.current);
      }
      throw new StorageError(`No free item number in group ${group}.`, false);
    } catch (e) {
      rethrow('Could not accession the item.', e);
    }
  }

  async get(id: ItemId): Promise<Item | null> {
    try {
      const doc = await this.items.findOne({ _id: id }, BODY_ONLY);
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
        .find(allOf(conditions), { projection: { body: 1, seq: 1 } })
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

  /**
   * The oldest entries of the index backlog, one per item, with the item's revision as stored. An item
   * whose newest entry is ahead of its head has a revision whose writer has not copied it yet (or died
   * before it could): the head is repaired here first, so the sweep also heals what a dead writer left.
   * Entries of an item that does not exist are passed over (an insert on its way), and dropped once old.
   */
  async staleInIndex(limit: number): Promise<{ id: ItemId; revision: number }[]> {
    if (limit < 1) return [];
    try {
      const stale: { id: ItemId; revision: number }[] = [];
      const passed = new Set<string>();
      for (let round = 0; round < SWEEP_ROUNDS && stale.length < limit; round++) {
        const ids = await this.unindexed.oldest(limit - stale.length, passed);
        if (ids.length === 0) break;
        const heads = await this.items
          .find({ _id: { $in: ids } }, { projection: { 'body.revision': 1 } })
          .toArray();
        const stored = new Map(heads.map((h) => [h._id, h.body.revision]));
        const waiting = await this.unindexed.newest(ids);
        for (const id of ids) {
          passed.add(id);
          let revision = stored.get(id);
          if (revision === undefined) {
            await this.unindexed.dropOrphan(id, new Date());
            continue;
          }
          if ((waiting.get(id) ?? 0) > revision)
            revision = (await this.chain.latest(id))?.revision ?? revision;
          stale.push({ id: id as ItemId, revision });
        }
      }
      return stale;
    } catch (e) {
      rethrow('Could not read the search index backlog.', e);
    }
  }

  /** Confirms revision `revision` is indexed: its backlog entries and older ones go, newer ones stay. */
  async markIndexed(id: ItemId, revision: number): Promise<void> {
    try {
      await this.unindexed.indexed(id, revision);
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
        let docs: Pick<ItemDocument, 'body' | 'seq' | 'archivalCode'>[];
        try {
          docs = await this.items
            .find(allOf(conditions), { projection: { body: 1, seq: 1, archivalCode: 1 } })
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
