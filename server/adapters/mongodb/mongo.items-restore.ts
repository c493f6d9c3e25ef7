import type { Collection, Db } from 'mongodb';
import type { Item } from '../../core/items/item.model';
import type { ItemId } from '../../core/shared/ids';
import { isDuplicateKey } from './mongo.database';
import {
  ITEM_REVISIONS,
  ITEMS,
  newItemDocument,
  type ItemDocument,
  type NumberClaim,
} from './mongo.items-document';
import { UnindexedRevisions } from './mongo.items-unindexed';
import type { RevisionTicket } from './mongo.shared-revisions';

/** An item as another installation stores it: with its revision and its place in the lists. */
export interface RestoredItem {
  item: Item;
  seq: number;
}

/** What a restore found: written now, there already as given, or there with another revision or place. */
export interface RestoreOutcome {
  copied: number;
  present: number;
  differing: ItemId[];
}

/**
 * Migration only (`npm run migrate`, scripts/migrate/): writes items and 档号 numbering as another
 * installation holds them, into a MongoDB installation no one else writes to meanwhile, and reads back
 * what the migration report compares. Nothing of the running archive calls this.
 *
 * The port cannot do it: `insert` gives an item the next `seq` (the source's list order would be lost on a
 * resumed run) and knows nothing of a group's last 件号 (accession numbers a group from the highest 件号
 * a ticket holds, so a migrated group must hold its last number the same way).
 */
export class MongoItemRestore {
  private readonly items: Collection<ItemDocument>;
  private readonly tickets: Collection<RevisionTicket & Partial<NumberClaim>>;
  private readonly unindexed: UnindexedRevisions;

  constructor(db: Db) {
    this.items = db.collection<ItemDocument>(ITEMS);
    this.tickets = db.collection<RevisionTicket & Partial<NumberClaim>>(ITEM_REVISIONS);
    this.unindexed = new UnindexedRevisions(db);
  }

  /**
   * Writes the items missing, each as the head of its chain at its own revision and `seq`, waiting for the
   * search index (the migration then indexes them and calls `markIndexed`). Idempotent: an item stored
   * with the same revision and `seq` is reported present, with another one differing (never overwritten).
   */
  async restoreItems(rows: readonly RestoredItem[]): Promise<RestoreOutcome> {
    const outcome: RestoreOutcome = { copied: 0, present: 0, differing: [] };
    if (rows.length === 0) return outcome;
    const stored = new Map(
      (
        await this.items
          .find({ _id: { $in: rows.map((r) => r.item.id) } }, { projection: { seq: 1, 'body.revision': 1 } })
          .toArray()
      ).map((d) => [d._id, d]),
    );
    const missing = rows.filter((r) => !stored.has(r.item.id));
    for (const r of rows) {
      const d = stored.get(r.item.id);
      if (!d) continue;
      if (d.seq === r.seq && d.body.revision === r.item.revision) outcome.present++;
      else outcome.differing.push(r.item.id);
    }
    if (missing.length === 0) return outcome;
    // The backlog entries first, as `insert` makes them: an item never exists unseen by the sweep.
    await this.unindexed.addMany(missing.map((r) => r.item));
    await this.items.insertMany(
      missing.map((r) => newItemDocument(r.item, r.seq)),
      { ordered: false },
    );
    outcome.copied += missing.length;
    return outcome;
  }

  /**
   * Holds 件号 `last` of `group` as a ticket of no item (`numbering/<group>#<last>`), so the next
   * accession of the group takes `last + 1`. Present when this or a higher number is held already.
   */
  async restoreNumbering(group: string, last: number): Promise<'copied' | 'present'> {
    const highest = await this.highest(group);
    if (highest >= last) return 'present';
    try {
      await this.tickets.insertOne({
        _id: `numbering/${group}#${last}`,
        of: `numbering/${group}`,
        rev: 0,
        body: null,
        numberGroup: group,
        numberInGroup: last,
      });
      return 'copied';
    } catch (e) {
      if (isDuplicateKey(e)) return 'present';
      throw e;
    }
  }

  private async highest(group: string): Promise<number> {
    const top = await this.tickets.findOne(
      { numberGroup: group },
      { sort: { numberInGroup: -1 }, projection: { numberInGroup: 1 } },
    );
    return top?.numberInGroup ?? 0;
  }

  /** The highest 件号 held in each group (FerretDB v1 has no `$max` accumulator: one read per group). */
  async numbering(): Promise<Map<string, number>> {
    const groups = await this.tickets
      .aggregate<{ _id: string }>([
        { $match: { numberGroup: { $exists: true } } },
        { $group: { _id: '$numberGroup' } },
      ])
      .toArray();
    const out = new Map<string, number>();
    for (const { _id: group } of groups) out.set(group, await this.highest(group));
    return out;
  }

  /** The search index holds these revisions (one round trip for a batch; see `markIndexed`). */
  async markIndexed(entries: readonly { id: ItemId; revision: number }[]): Promise<void> {
    await this.unindexed.indexedMany(entries.map((e) => ({ itemId: e.id, rev: e.revision })));
  }

  /** Every item's id, revision and `seq`, in `seq` order, without reading the items. */
  async *revisions(): AsyncIterable<{ id: ItemId; revision: number; seq: number }> {
    const cursor = this.items.find({}, { projection: { seq: 1, 'body.revision': 1 } }).sort({ seq: 1 });
    for await (const d of cursor) yield { id: d._id as ItemId, revision: d.body.revision, seq: d.seq };
  }
}
