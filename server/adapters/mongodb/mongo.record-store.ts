import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import type {
  RecordCollection,
  RecordPage,
  RecordStore,
  RecordWhere,
  StoredRecord,
} from '../../core/records/record-store.port';
import { conflict, invalid, notFound, StorageError } from '../../core/shared/errors';
import { isDuplicateKey } from './mongo.database';
import { guard } from './mongo.shared-errors';
import { MAX_SETTLE_ROUNDS, RevisionChain, type Head } from './mongo.shared-revisions';

/** The collection that holds the records of one kind: one per kind, so each kind has its own indexes. */
export const recordCollectionName = (kind: string) => `records_${kind}`;
export const CLAIMS = 'claims';
export const SEQUENCES = 'sequences';

const KIND = /^[A-Za-z0-9_-]{1,100}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

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

  /**
   * Migration only (scripts/migrate/): makes `last` the highest number issued of `sequence`, so `next`
   * continues after it. Present when this or a higher number is issued already.
   */
  async restoreSequence(sequence: string, last: number): Promise<'copied' | 'present'> {
    return guard(`Could not restore ${sequence}.`, async () => {
      const top = await this.numbers.findOne({ sequence }, { sort: { n: -1 }, projection: { n: 1 } });
      if ((top?.n ?? 0) >= last) return 'present';
      try {
        await this.numbers.insertOne({ _id: `${sequence}#${last}`, sequence, n: last });
        return 'copied';
      } catch (e) {
        if (isDuplicateKey(e)) return 'present';
        throw e;
      }
    });
  }

  /** Migration only: the highest number issued of each sequence (one read per sequence, as `next` reads). */
  async sequences(): Promise<Map<string, number>> {
    return guard('Could not read the sequences.', async () => {
      const names = await this.numbers
        .aggregate<{ _id: string }>([{ $group: { _id: '$sequence' } }])
        .toArray();
      const out = new Map<string, number>();
      for (const { _id: sequence } of names) {
        const top = await this.numbers.findOne({ sequence }, { sort: { n: -1 }, projection: { n: 1 } });
        out.set(sequence, top?.n ?? 0);
      }
      return out;
    });
  }

  /** Migration only: the record kinds stored (a collection `records_<kind>` each). */
  async kinds(): Promise<string[]> {
    return guard('Could not list the record kinds.', async () => {
      const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
      const prefix = recordCollectionName('');
      return collections
        .map((c) => c.name)
        .filter((n) => n.startsWith(prefix))
        .map((n) => n.slice(prefix.length))
        .sort();
    });
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
