import { ObjectId, type Collection, type Db, type Document, type Filter } from 'mongodb';
import type { StoredRecord } from '../../core/records/record-store.port';
import { StorageError } from '../../core/shared/errors';
import { isDuplicateKey, mongoFailure } from './mongo.database';

/** Revision tickets of workflow records and ingest drafts (items and jobs keep theirs apart). */
export const REVISIONS = 'revisions';
/** How often a read repairs a head that a newer ticket overtook before it gives up (a livelock guard). */
export const MAX_SETTLE_ROUNDS = 50;

/**
 * The latest revision of a document: what `get` and the lists read. `order` is its place in lists (the
 * item repository orders by its own `seq` instead); other fields are derived from `body` by the layout.
 */
export interface Head {
  _id: string;
  order?: ObjectId;
  body: Document;
  [derived: string]: unknown;
}

/**
 * The right to write revision `rev` of document `of`, with that revision (null once superseded). A claim
 * (e.g. an item's 件号 in its group) may sit beside it under a unique index of the ticket collection: then
 * the one insert takes the revision and the claim together, or neither.
 */
export interface RevisionTicket {
  _id: string;
  of: string;
  rev: number;
  body: Document | null;
  [claim: string]: unknown;
}

/**
 * Not written: stale (`current` is the newest revision) or absent (`current` null); or, with
 * `claimTaken`, the revision was free but the claim is another ticket's (nothing written, nothing used).
 */
export type CompareAndSet = { written: true } | { written: false; current: number | null; claimTaken?: true };

/** How a chain's heads hold more than the body: fields derived from it, and work due before a head moves. */
export interface HeadLayout<T> {
  /** Fields written beside `body` with every revision (`unset`: fields the revision must not keep). */
  fields?(doc: T): { set: Document; unset?: readonly string[] };
  /** Runs before a revision is copied onto its head, by its writer or by whoever repairs the head. */
  beforeHead?(doc: T): Promise<void>;
}

/**
 * Documents with a revision, written by compare-and-set without relying on an atomic conditional update.
 *
 * MongoDB applies `updateOne({ _id, revision })` atomically, but FerretDB v1 (the test server) reads the
 * document, applies the update and writes the whole document back in separate steps: twenty concurrent
 * writers of one revision all "win". The one write both servers make atomic is an insert against a
 * unique `_id`, so a writer first inserts a ticket `<of>#<revision>` carrying the new revision: exactly
 * one writer gets each revision, the others learn they are stale. The winner then copies the revision to
 * the head document, which the lists index. Heads may briefly lag (a winner between its two writes) or be
 * overwritten by a slower writer of an older revision; every head writer therefore looks for a newer
 * ticket afterwards and copies the newest one (`latest`), so the head settles on the newest revision, and
 * a writer that died between its two writes is repaired by the next one who reads through `latest`.
 * Superseded tickets keep only their key (the key must stay: it is what refuses a late writer of that
 * revision), so an older revision's content (e.g. a destroyed item's OCR text) is not kept anywhere.
 *
 * Because a head may be rewritten from an older revision for a moment, everything a head holds besides
 * its immutable keys is derived from its body by the layout: whichever revision a head shows, it shows
 * that revision whole.
 */
export class RevisionChain<T extends StoredRecord> {
  private readonly heads: Collection<Head>;
  private readonly tickets: Collection<RevisionTicket>;
  private readonly layout: HeadLayout<T>;

  constructor(
    db: Db,
    private readonly collection: string,
    options: { tickets?: string; layout?: HeadLayout<T> } = {},
  ) {
    this.heads = db.collection<Head>(collection);
    this.tickets = db.collection<RevisionTicket>(options.tickets ?? REVISIONS);
    this.layout = options.layout ?? {};
  }

  private of(id: string): string {
    return `${this.collection}/${id}`;
  }

  /** The key of revision `revision`'s ticket. */
  ticketId(id: string, revision: number): string {
    return `${this.of(id)}#${revision}`;
  }

  /** What a head holds for revision `doc`: the body and the layout's fields (for inserting a head). */
  headOf(doc: T): { body: T } & Document {
    return { body: doc, ...(this.layout.fields?.(doc).set ?? {}) };
  }

  /** Writes the first revision unless the id is taken; returns whether it was written. */
  async insert(doc: T, order: ObjectId = new ObjectId()): Promise<boolean> {
    try {
      await this.layout.beforeHead?.(doc);
      await this.heads.insertOne({ _id: doc.id, order, ...this.headOf(doc) });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw mongoFailure(`Could not write ${this.collection} ${doc.id}.`, e);
    }
  }

  /** The head as stored (one read; may lag a write in progress by a moment). */
  async get(id: string): Promise<T | null> {
    const head = await this.heads.findOne({ _id: id }, { projection: { body: 1 } });
    return head ? (head.body as T) : null;
  }

  /** The newest revision, copied to the head first when a newer ticket overtook it. */
  async latest(id: string): Promise<T | null> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      const head = await this.heads.findOne({ _id: id }, { projection: { body: 1 } });
      if (!head) return null;
      const body = head.body as T;
      const newer = await this.tickets.findOne(
        { of: this.of(id), rev: { $gt: body.revision } },
        { sort: { rev: -1 } },
      );
      if (!newer) return body;
      // A superseded ticket has no body: an even newer one exists, so read again.
      if (newer.body) await this.advanceHead(id, newer.body as T);
    }
    throw new StorageError(`${this.collection} ${id} keeps changing; try again.`, true);
  }

  /**
   * Writes `doc` (revision already incremented) if the newest stored revision is `doc.revision - 1`.
   * `claim` goes on the ticket, so a unique index of the ticket collection decides it with the revision.
   * `headDecides`: a head showing another revision ends the attempt at once (`current` is the head's), for
   * a caller that read `doc` from the head a moment ago and has other documents to try (a job claim):
   * looking past the head costs reads, and any writer that moved the head has settled it already.
   */
  async compareAndSet(
    doc: T,
    options: { claim?: Document; headDecides?: boolean } = {},
  ): Promise<CompareAndSet> {
    const { claim } = options;
    const head = await this.heads.findOne({ _id: doc.id }, { projection: { 'body.revision': 1 } });
    if (!head) return { written: false, current: null };
    const stored = (head.body as StoredRecord).revision;
    if (stored !== doc.revision - 1) {
      if (options.headDecides) return { written: false, current: stored };
      const current = await this.latest(doc.id);
      if (!current) return { written: false, current: null };
      if (current.revision !== doc.revision - 1) return { written: false, current: current.revision };
    }
    const ticket = this.ticketId(doc.id, doc.revision);
    try {
      await this.tickets.insertOne({
        ...claim,
        _id: ticket,
        of: this.of(doc.id),
        rev: doc.revision,
        body: doc,
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw mongoFailure(`Could not write ${this.collection} ${doc.id}.`, e);
      // With a claim, the refusal may be the claim's: then the revision is still free.
      if (claim && !(await this.tickets.findOne({ _id: ticket }, { projection: { _id: 1 } })))
        return { written: false, current: doc.revision - 1, claimTaken: true };
      const current = await this.latest(doc.id);
      return { written: false, current: current?.revision ?? doc.revision };
    }
    await this.advanceHead(doc.id, doc);
    await this.latest(doc.id);
    await this.forgetEarlier(doc.id, doc.revision);
    return { written: true };
  }

  /**
   * Copies a revision to the head unless the head holds a newer one. MongoDB checks that atomically, so
   * there a head never goes back; FerretDB checks it on its own earlier read, so a slow writer may still
   * put an older revision back for a moment, until its `latest` (or the newer writer's) copies the newest.
   */
  private async advanceHead(id: string, doc: T): Promise<void> {
    await this.layout.beforeHead?.(doc);
    const fields = this.layout.fields?.(doc);
    const unset = fields?.unset ?? [];
    await this.heads.updateOne(
      { _id: id, 'body.revision': { $lt: doc.revision } },
      {
        $set: { body: doc, ...fields?.set },
        ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) } : {}),
      },
    );
  }

  /** Drops the content of the tickets before `revision` (their keys stay and keep refusing late writers). */
  async forgetEarlier(id: string, revision: number): Promise<void> {
    await this.tickets.updateMany(
      { of: this.of(id), rev: { $lt: revision }, body: { $ne: null } },
      { $set: { body: null } },
    );
  }

  /** Heads matching `filter` in list order (`order` descending when `newestFirst`), after `after`. */
  async page(
    filter: Filter<Head>,
    limit: number,
    after: ObjectId | null,
    newestFirst: boolean,
  ): Promise<{ docs: T[]; last: ObjectId | null; more: boolean }> {
    const where: Filter<Head> = after
      ? { ...filter, order: newestFirst ? { $lt: after } : { $gt: after } }
      : filter;
    const rows = await this.heads
      .find(where, { projection: { order: 1, body: 1 } })
      .sort({ order: newestFirst ? -1 : 1 })
      .limit(limit + 1)
      .toArray();
    const page = rows.slice(0, limit);
    return {
      docs: page.map((r) => r.body as T),
      last: page[page.length - 1]?.order ?? null,
      more: rows.length > limit,
    };
  }
}
