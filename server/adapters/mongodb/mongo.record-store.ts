import { ObjectId, type Collection, type Db, type Document, type Filter } from 'mongodb';
import type {
  RecordCollection,
  RecordPage,
  RecordStore,
  RecordWhere,
  StoredRecord,
} from '../../core/records/record-store.port';
import { conflict, DomainError, invalid, notFound, StorageError } from '../../core/shared/errors';
import { isDuplicateKey, mongoFailure } from './mongo.database';

/** The collection that holds the records of one kind: one per kind, so each kind has its own indexes. */
export const recordCollectionName = (kind: string) => `records_${kind}`;
/** Revision tickets of every revisioned document (workflow records and ingest drafts). */
export const REVISIONS = 'revisions';
export const CLAIMS = 'claims';
export const SEQUENCES = 'sequences';

const KIND = /^[A-Za-z0-9_-]{1,100}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** How often a read repairs a head that a newer ticket overtook before it gives up (a livelock guard). */
const MAX_SETTLE_ROUNDS = 50;

/** The latest revision of a document: what `get` and the lists read. `order` is its place in lists. */
interface Head {
  _id: string;
  order: ObjectId;
  body: Document;
}

/** The right to write revision `rev` of document `of`, with that revision (null once superseded). */
interface RevisionTicket {
  _id: string;
  of: string;
  rev: number;
  body: Document | null;
}

export type CompareAndSet = { written: true } | { written: false; current: number | null };

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
 */
export class RevisionChain<T extends StoredRecord> {
  private readonly heads: Collection<Head>;
  private readonly tickets: Collection<RevisionTicket>;

  constructor(
    db: Db,
    private readonly collection: string,
  ) {
    this.heads = db.collection<Head>(collection);
    this.tickets = db.collection<RevisionTicket>(REVISIONS);
  }

  private of(id: string): string {
    return `${this.collection}/${id}`;
  }

  /** Writes the first revision unless the id is taken; returns whether it was written. */
  async insert(doc: T): Promise<boolean> {
    try {
      await this.heads.insertOne({ _id: doc.id, order: new ObjectId(), body: doc });
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

  /** Writes `doc` (revision already incremented) if the newest stored revision is `doc.revision - 1`. */
  async compareAndSet(doc: T): Promise<CompareAndSet> {
    const head = await this.heads.findOne({ _id: doc.id }, { projection: { 'body.revision': 1 } });
    if (!head) return { written: false, current: null };
    if ((head.body as StoredRecord).revision !== doc.revision - 1) {
      const current = await this.latest(doc.id);
      if (!current) return { written: false, current: null };
      if (current.revision !== doc.revision - 1) return { written: false, current: current.revision };
    }
    try {
      await this.tickets.insertOne({
        _id: `${this.of(doc.id)}#${doc.revision}`,
        of: this.of(doc.id),
        rev: doc.revision,
        body: doc,
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw mongoFailure(`Could not write ${this.collection} ${doc.id}.`, e);
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
    await this.heads.updateOne({ _id: id, 'body.revision': { $lt: doc.revision } }, { $set: { body: doc } });
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

const encodeCursor = (order: ObjectId) => Buffer.from(`r${order.toHexString()}`).toString('base64url');
function decodeCursor(cursor: string): ObjectId {
  const m = /^r([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid('request.bad_cursor', 'The cursor is not one this server issued.');
  return new ObjectId(m[1]);
}

/**
 * The port's filter as a MongoDB query on the record body. Equality on an array field would also match
 * an element, which the core never asks for; `{ contains }` is exactly that membership; `null` matches a
 * missing field too, as SQLite's `json_extract(...) IS NULL` does.
 */
function whereFilter(where: RecordWhere): Filter<Head> {
  const filter: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(where)) {
    if (!FIELD.test(field)) throw invalid('record.bad_field', `Cannot filter on "${field}".`);
    filter[`body.${field}`] = value !== null && typeof value === 'object' ? value.contains : value;
  }
  return filter as Filter<Head>;
}

class MongoRecordCollection<T extends StoredRecord> implements RecordCollection<T> {
  private readonly chain: RevisionChain<T>;

  constructor(
    db: Db,
    private readonly kind: string,
  ) {
    this.chain = new RevisionChain<T>(db, recordCollectionName(kind));
  }

  async insert(record: T): Promise<void> {
    if (!(await this.chain.insert(record)))
      throw conflict('record.exists', `${this.kind} ${record.id} already exists.`);
  }

  async update(record: T): Promise<void> {
    const result = await guard(`Could not write ${this.kind} ${record.id}.`, () =>
      this.chain.compareAndSet(record),
    );
    if (result.written) return;
    if (result.current === null) throw notFound('record.not_found', `No ${this.kind} ${record.id}.`);
    throw conflict(
      'record.stale',
      `${this.kind} ${record.id} was changed by someone else; reload and retry.`,
      {
        currentRevision: result.current,
      },
    );
  }

  async get(id: string): Promise<T | null> {
    return guard(`Could not read ${this.kind} ${id}.`, () => this.chain.get(id));
  }

  async list(where: RecordWhere, limit: number, cursor: string | null = null): Promise<RecordPage<T>> {
    const filter = whereFilter(where);
    const after = cursor ? decodeCursor(cursor) : null;
    const page = await guard(`Could not list ${this.kind}.`, () =>
      this.chain.page(filter, limit, after, true),
    );
    return { records: page.docs, nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  }

  async *all(where: RecordWhere = {}): AsyncIterable<T> {
    let cursor: string | null = null;
    do {
      const page: RecordPage<T> = await this.list(where, 500, cursor);
      yield* page.records;
      cursor = page.nextCursor;
    } while (cursor);
  }
}

/** Runs a storage step, passing domain errors through and wrapping driver failures. */
export async function guard<R>(message: string, step: () => Promise<R>): Promise<R> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof DomainError || e instanceof StorageError) throw e;
    throw mongoFailure(message, e);
  }
}

interface ClaimDoc {
  _id: string;
  owner: string;
}

/** One issued number of a sequence: `_id` `<sequence>#<n>` makes each number issuable once. */
interface SequenceNumber {
  _id: string;
  sequence: string;
  n: number;
}

/**
 * Workflow records, claims and sequences in MongoDB: one collection per record kind
 * (`records_<kind>`, see `RevisionChain`), `claims` (`_id` = key), `sequences` (one document per number).
 * Every exclusive step is an insert against a unique `_id`, the one write FerretDB v1 makes atomic too.
 */
export class MongoRecordStore implements RecordStore {
  private readonly claimDocs: Collection<ClaimDoc>;
  private readonly numbers: Collection<SequenceNumber>;
  /** Per sequence, the last `next` of this process still running (see `next`). */
  private readonly numbering = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {
    this.claimDocs = db.collection<ClaimDoc>(CLAIMS);
    this.numbers = db.collection<SequenceNumber>(SEQUENCES);
  }

  collection<T extends StoredRecord>(kind: string): RecordCollection<T> {
    if (!KIND.test(kind)) throw invalid('record.bad_kind', `No record collection "${kind}".`);
    return new MongoRecordCollection<T>(this.db, kind);
  }

  async claim(key: string, owner: string): Promise<string> {
    return guard(`Could not claim ${key}.`, async () => {
      // Insert-if-absent; a holder that let go between our insert and our read means: try again.
      for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
        try {
          await this.claimDocs.insertOne({ _id: key, owner });
          return owner;
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
        }
        const held = await this.claimDocs.findOne({ _id: key });
        if (held) return held.owner;
      }
      throw new StorageError(`The claim on ${key} keeps changing hands; try again.`, true);
    });
  }

  async release(key: string, owner: string): Promise<void> {
    await guard(`Could not release ${key}.`, () => this.claimDocs.deleteOne({ _id: key, owner }));
  }

  async holder(key: string): Promise<string | null> {
    const held = await guard(`Could not read claim ${key}.`, () => this.claimDocs.findOne({ _id: key }));
    return held?.owner ?? null;
  }

  async claims(
    prefix: string,
    limit: number,
    after: string | null = null,
  ): Promise<{ key: string; owner: string }[]> {
    // A key range on `_id`: [prefix, prefix with its last character bumped), as the SQLite twin.
    const last = prefix.charCodeAt(prefix.length - 1);
    const upper = prefix ? prefix.slice(0, -1) + String.fromCharCode(last + 1) : null;
    const past = after !== null && after >= prefix;
    const range: Record<string, string> = past ? { $gt: after } : { $gte: prefix };
    if (upper !== null) range.$lt = upper;
    const rows = await guard(`Could not list claims.`, () =>
      this.claimDocs
        .find({ _id: range } as Filter<ClaimDoc>)
        .sort({ _id: 1 })
        .limit(limit)
        .toArray(),
    );
    return rows.filter((r) => r._id.startsWith(prefix)).map((r) => ({ key: r._id, owner: r.owner }));
  }

  /**
   * The next number: one past the highest issued, taken by inserting it; when another process took it
   * first, the one after. A number is taken only when the one below it is, so they stay gap-free, and
   * the highest only grows. (`findOneAndUpdate` with `$inc` is atomic on MongoDB but not on FerretDB v1.)
   * Calls in this process for one sequence take turns, so only processes contend for a number: many
   * callers racing for each number would cost a failed insert per caller and number.
   */
  async next(sequence: string): Promise<number> {
    const before = this.numbering.get(sequence) ?? Promise.resolve();
    const mine = before.then(() => this.take(sequence));
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.numbering.set(sequence, done);
    void done.then(() => {
      if (this.numbering.get(sequence) === done) this.numbering.delete(sequence);
    });
    return mine;
  }

  private async take(sequence: string): Promise<number> {
    return guard(`Could not number ${sequence}.`, async () => {
      const top = await this.numbers.findOne({ sequence }, { sort: { n: -1 }, projection: { n: 1 } });
      for (let n = (top?.n ?? 0) + 1; ; n++) {
        try {
          await this.numbers.insertOne({ _id: `${sequence}#${n}`, sequence, n });
          return n;
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
        }
      }
    });
  }
}
