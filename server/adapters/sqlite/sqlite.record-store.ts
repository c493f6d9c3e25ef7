import type {
  RecordCollection,
  RecordPage,
  RecordStore,
  RecordWhere,
  StoredRecord,
} from '../../core/records/record-store.port';
import { conflict, invalid, notFound } from '../../core/shared/errors';
import { storageFailure, type Db } from './sqlite.database';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const encodeCursor = (seq: number) => Buffer.from(`r${seq}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^r(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid('request.bad_cursor', 'The cursor is not one this server issued.');
  return Number(m[1]);
}

function whereSql(where: RecordWhere): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(where)) {
    if (!FIELD.test(field)) throw invalid('record.bad_field', `Cannot filter on "${field}".`);
    if (value === null) sql.push(`json_extract(body, '$.${field}') IS NULL`);
    else if (typeof value === 'object') {
      sql.push(`EXISTS (SELECT 1 FROM json_each(body, '$.${field}') WHERE value = ?)`);
      params.push(value.contains);
    } else {
      sql.push(`json_extract(body, '$.${field}') = ?`);
      params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
  }
  return { sql, params };
}

class SqliteRecordCollection<T extends StoredRecord> implements RecordCollection<T> {
  constructor(
    private readonly db: Db,
    private readonly kind: string,
  ) {}

  async insert(record: T): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO workflow_records (kind, id, revision, body) VALUES (?, ?, ?, ?)')
        .run(this.kind, record.id, record.revision, JSON.stringify(record));
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw conflict('record.exists', `${this.kind} ${record.id} already exists.`);
      throw storageFailure(`Could not write ${this.kind} ${record.id}.`, e);
    }
  }

  async update(record: T): Promise<void> {
    const result = this.db
      .prepare(
        'UPDATE workflow_records SET revision = ?, body = ? WHERE kind = ? AND id = ? AND revision = ?',
      )
      .run(record.revision, JSON.stringify(record), this.kind, record.id, record.revision - 1);
    if (result.changes === 1) return;
    const current = this.db
      .prepare('SELECT revision FROM workflow_records WHERE kind = ? AND id = ?')
      .pluck()
      .get(this.kind, record.id) as number | undefined;
    if (current === undefined) throw notFound('record.not_found', `No ${this.kind} ${record.id}.`);
    throw conflict(
      'record.stale',
      `${this.kind} ${record.id} was changed by someone else; reload and retry.`,
      {
        currentRevision: current,
      },
    );
  }

  async get(id: string): Promise<T | null> {
    const body = this.db
      .prepare('SELECT body FROM workflow_records WHERE kind = ? AND id = ?')
      .pluck()
      .get(this.kind, id) as string | undefined;
    return body ? (JSON.parse(body) as T) : null;
  }

  async list(where: RecordWhere, limit: number, cursor: string | null = null): Promise<RecordPage<T>> {
    const w = whereSql(where);
    if (cursor) {
      w.sql.push('seq < ?');
      w.params.push(decodeCursor(cursor));
    }
    const rows = this.db
      .prepare(
        `SELECT seq, body FROM workflow_records WHERE kind = ? ${w.sql.map((c) => 'AND ' + c).join(' ')}
         ORDER BY seq DESC LIMIT ?`,
      )
      .all(this.kind, ...w.params, limit + 1) as { seq: number; body: string }[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      records: page.map((r) => JSON.parse(r.body) as T),
      nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
    };
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

/** Workflow records, claims and sequences in the embedded SQLite database. */
export class SqliteRecordStore implements RecordStore {
  constructor(private readonly db: Db) {}

  collection<T extends StoredRecord>(kind: string): RecordCollection<T> {
    return new SqliteRecordCollection<T>(this.db, kind);
  }

  async claim(key: string, owner: string): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO workflow_claims (key, owner) VALUES (?, ?)').run(key, owner);
    return this.db.prepare('SELECT owner FROM workflow_claims WHERE key = ?').pluck().get(key) as string;
  }

  async release(key: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM workflow_claims WHERE key = ? AND owner = ?').run(key, owner);
  }

  async holder(key: string): Promise<string | null> {
    return (
      (this.db.prepare('SELECT owner FROM workflow_claims WHERE key = ?').pluck().get(key) as
        string | undefined) ?? null
    );
  }

  async claims(
    prefix: string,
    limit: number,
    after: string | null = null,
  ): Promise<{ key: string; owner: string }[]> {
    // A key range on the primary key: [prefix, prefix with its last character bumped).
    const last = prefix.charCodeAt(prefix.length - 1);
    const upper = prefix ? prefix.slice(0, -1) + String.fromCharCode(last + 1) : null;
    const past = after !== null && after >= prefix;
    const rows = this.db
      .prepare(
        `SELECT key, owner FROM workflow_claims
         WHERE key ${past ? '>' : '>='} ? AND (? IS NULL OR key < ?)
         ORDER BY key LIMIT ?`,
      )
      .all(past ? after : prefix, upper, upper, limit) as { key: string; owner: string }[];
    return rows.filter((r) => r.key.startsWith(prefix));
  }

  async next(sequence: string): Promise<number> {
    return this.db
      .prepare(
        `INSERT INTO workflow_sequences (name, last) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET last = last + 1 RETURNING last`,
      )
      .pluck()
      .get(sequence) as number;
  }
}
