import {
  TALLY_KEYS,
  type ItemFilters,
  type ItemListPage,
  type ItemRepository,
  type TallyKey,
  type TallyRow,
} from '../../core/items/item-repository.port';
import { activeHolds, itemBlobs, type Item } from '../../core/items/item.model';
import type { ItemId } from '../../core/shared/ids';
import { conflict, invalid, notFound } from '../../core/shared/errors';
import { storageFailure, type Db } from './sqlite.database';

const COLUMNS = [
  'id',
  'fonds_code',
  'year',
  'class_code',
  'retention',
  'insurance_type',
  'business_step',
  'section',
  'status',
  'archival_code',
  'item_number',
  'due_date',
  'revision',
  'page_count',
  'held',
  'body',
] as const;

const TALLY_COLUMN: Record<TallyKey, string> = {
  fondsCode: 'fonds_code',
  year: 'year',
  classCode: 'class_code',
  retention: 'retention',
  insuranceType: 'insurance_type',
  section: 'section',
  status: 'status',
};

/** Filters the covering index `items_tally` answers without reading the table. */
const TALLY_FILTERS = new Set([
  'fondsCode',
  'year',
  'classCode',
  'retention',
  'insuranceType',
  'sections',
  'status',
  'fromYear',
  'toYear',
]);

/** The WHERE clause of a filter (without the cursor). */
function whereOf(f: ItemFilters & { fromYear?: number; toYear?: number }): {
  where: string[];
  params: unknown[];
} {
  const where: string[] = [];
  const params: unknown[] = [];
  const eq = (column: string, value: unknown) => {
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  };
  eq('fonds_code', f.fondsCode);
  eq('year', f.year);
  eq('class_code', f.classCode);
  eq('insurance_type', f.insuranceType);
  eq('business_step', f.businessStep);
  eq('retention', f.retention);
  eq('status', f.status);
  if (f.sections) {
    where.push(`section IN (${f.sections.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...f.sections);
  }
  const sub = (sql: string, value: string | undefined) => {
    if (value !== undefined) {
      where.push(`seq IN (${sql})`);
      params.push(value);
    }
  };
  sub('SELECT item_seq FROM item_persons WHERE resident_id = ?', f.personResidentId);
  sub('SELECT item_seq FROM item_persons WHERE name = ?', f.personName);
  sub('SELECT item_seq FROM item_units WHERE code = ?', f.unitCode);
  sub('SELECT item_seq FROM item_units WHERE name = ?', f.unitName);
  if (f.datePrefix !== undefined) {
    where.push("json_extract(body, '$.date') LIKE ? ESCAPE '\\'");
    params.push(f.datePrefix.replace(/[%_\\]/g, (c) => '\\' + c) + '%');
  }
  if (f.dueOnOrBefore !== undefined) {
    where.push('due_date IS NOT NULL AND due_date <= ?');
    params.push(f.dueOnOrBefore);
  }
  if (f.numbered !== undefined)
    where.push(f.numbered ? 'archival_code IS NOT NULL' : 'archival_code IS NULL');
  if (f.held !== undefined) where.push(`held = ${f.held ? 1 : 0}`);
  if (f.out !== undefined) where.push(`json_extract(body, '$.out') IS ${f.out ? 'NOT ' : ''}NULL`);
  if (f.fromYear !== undefined) {
    where.push('year >= ?');
    params.push(f.fromYear);
  }
  if (f.toYear !== undefined) {
    where.push('year <= ?');
    params.push(f.toYear);
  }
  return { where, params };
}

function columnsOf(item: Item) {
  return {
    id: item.id,
    fonds_code: item.fondsCode,
    year: item.year,
    class_code: item.classCode,
    retention: item.retention,
    insurance_type: item.insuranceType,
    business_step: item.businessStep,
    section: item.section,
    status: item.status,
    archival_code: item.archivalCode,
    item_number: item.itemNumber,
    due_date: item.dueDate,
    revision: item.revision,
    page_count: item.pages.length,
    held: activeHolds(item).length > 0 ? 1 : 0,
    body: JSON.stringify(item),
  };
}

const encodeCursor = (seq: number) => Buffer.from(`s${seq}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^s(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid('request.bad_cursor', 'The cursor is not one this server issued.');
  return Number(m[1]);
}

/** Items in SQLite: the JSON body plus indexed columns, persons and units in side tables for lookups. */
export class SqliteItemRepository implements ItemRepository {
  private readonly insertStmt;
  private readonly insertPerson;
  private readonly insertUnit;
  private readonly insertBlob;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO items (${COLUMNS.join(', ')}, indexed_revision) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')}, 0)`,
    );
    this.insertPerson = db.prepare('INSERT INTO item_persons (item_seq, name, resident_id) VALUES (?, ?, ?)');
    this.insertUnit = db.prepare('INSERT INTO item_units (item_seq, name, code) VALUES (?, ?, ?)');
    this.insertBlob = db.prepare('INSERT OR IGNORE INTO item_blobs (sha256, item_id) VALUES (?, ?)');
  }

  private writeBlobs(item: Item): void {
    this.db.prepare('DELETE FROM item_blobs WHERE item_id = ?').run(item.id);
    for (const sha of itemBlobs(item)) this.insertBlob.run(sha, item.id);
  }

  private writeParties(seq: number, item: Item): void {
    this.db.prepare('DELETE FROM item_persons WHERE item_seq = ?').run(seq);
    this.db.prepare('DELETE FROM item_units WHERE item_seq = ?').run(seq);
    for (const p of item.persons) this.insertPerson.run(seq, p.name, p.residentId ?? null);
    for (const u of item.units) {
      const codes = [u.creditCode, u.socialInsuranceCode].filter((c): c is string => !!c);
      if (codes.length === 0) this.insertUnit.run(seq, u.name, null);
      for (const c of codes) this.insertUnit.run(seq, u.name, c);
    }
  }

  /** Inserts many items in one transaction (demo and benchmark seeding). */
  insertMany(items: Item[]): void {
    this.db.transaction(() => {
      for (const item of items) {
        const { lastInsertRowid } = this.insertStmt.run(columnsOf(item));
        const seq = Number(lastInsertRowid);
        for (const p of item.persons) this.insertPerson.run(seq, p.name, p.residentId ?? null);
        for (const u of item.units)
          for (const c of [u.creditCode, u.socialInsuranceCode]) if (c) this.insertUnit.run(seq, u.name, c);
        for (const sha of itemBlobs(item)) this.insertBlob.run(sha, item.id);
      }
    })();
  }

  async insert(item: Item): Promise<void> {
    try {
      this.db.transaction(() => {
        const { lastInsertRowid } = this.insertStmt.run(columnsOf(item));
        this.writeParties(Number(lastInsertRowid), item);
        this.writeBlobs(item);
      })();
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw conflict('item.exists', `Item ${item.id} already exists.`);
      throw storageFailure('Could not insert the item.', e);
    }
  }

  private writeIfRevision(item: Item): number {
    const row = this.db.prepare('SELECT seq, revision FROM items WHERE id = ?').get(item.id) as
      { seq: number; revision: number } | undefined;
    if (!row) throw notFound('item.not_found', `No item ${item.id}.`);
    if (row.revision !== item.revision - 1) {
      throw conflict(
        'item.revision_conflict',
        `Item ${item.id} was changed by someone else (revision ${row.revision}).`,
        { currentRevision: row.revision },
      );
    }
    const cols = columnsOf(item);
    const sets = COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = @${c}`)
      .join(', ');
    this.db.prepare(`UPDATE items SET ${sets} WHERE seq = @seq`).run({ ...cols, seq: row.seq });
    this.writeParties(row.seq, item);
    this.writeBlobs(item);
    return row.seq;
  }

  async update(item: Item): Promise<void> {
    this.db.transaction(() => this.writeIfRevision(item)).immediate();
  }

  async accession(item: Item, group: string, render: (n: number) => string): Promise<Item> {
    return this.db
      .transaction(() => {
        const last =
          (this.db.prepare('SELECT last FROM archival_counters WHERE grp = ?').pluck().get(group) as
            number | undefined) ?? 0;
        const n = last + 1;
        const numbered: Item = { ...item, itemNumber: n, archivalCode: render(n) };
        this.writeIfRevision(numbered);
        if (last === 0)
          this.db.prepare('INSERT INTO archival_counters (grp, last) VALUES (?, ?)').run(group, n);
        else this.db.prepare('UPDATE archival_counters SET last = ? WHERE grp = ?').run(n, group);
        return numbered;
      })
      .immediate();
  }

  async get(id: ItemId): Promise<Item | null> {
    const body = this.db.prepare('SELECT body FROM items WHERE id = ?').pluck().get(id) as string | undefined;
    return body ? (JSON.parse(body) as Item) : null;
  }

  async list(f: ItemFilters, limit: number, cursor: string | null): Promise<ItemListPage<Item>> {
    const { where, params } = whereOf(f);
    if (cursor) {
      where.push('seq < ?');
      params.push(decodeCursor(cursor));
    }
    const sql = `SELECT seq, body FROM items ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, limit + 1) as { seq: number; body: string }[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => JSON.parse(r.body) as Item),
      nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
    };
  }

  async staleInIndex(limit: number) {
    return this.db
      .prepare('SELECT id, revision FROM items WHERE indexed_revision <> revision ORDER BY seq LIMIT ?')
      .all(limit) as {
      id: ItemId;
      revision: number;
    }[];
  }

  async markIndexed(id: ItemId, revision: number): Promise<void> {
    this.db
      .prepare('UPDATE items SET indexed_revision = ? WHERE id = ? AND indexed_revision < ?')
      .run(revision, id, revision);
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM items').pluck().get() as number;
  }

  async *scanInArchivalOrder(f: ItemFilters): AsyncIterable<Item> {
    const { where, params } = whereOf(f);
    const cond = where.length ? where.join(' AND ') + ' AND ' : '';
    // Keyset pagination over (archival_code IS NULL, archival_code, seq): bounded memory, no offsets.
    let after: { nul: number; code: string; seq: number } | null = null;
    for (;;) {
      const key: string = after
        ? "((archival_code IS NULL) > ? OR ((archival_code IS NULL) = ? AND (COALESCE(archival_code, '') > ? OR (COALESCE(archival_code, '') = ? AND seq > ?)))) AND "
        : '';
      const keyParams = after ? [after.nul, after.nul, after.code, after.code, after.seq] : [];
      const rows = this.db
        .prepare(
          `SELECT seq, archival_code IS NULL AS nul, COALESCE(archival_code, '') AS code, body FROM items
           WHERE ${cond}${key}1 ORDER BY archival_code IS NULL, COALESCE(archival_code, ''), seq LIMIT 500`,
        )
        .all(...params, ...keyParams) as { seq: number; nul: number; code: string; body: string }[];
      for (const r of rows) yield JSON.parse(r.body) as Item;
      const last = rows[rows.length - 1];
      if (!last || rows.length < 500) return;
      after = { nul: last.nul, code: last.code, seq: last.seq };
    }
  }

  async tally(
    f: ItemFilters & { fromYear?: number; toYear?: number },
    groupBy: readonly TallyKey[],
  ): Promise<TallyRow[]> {
    const { where, params } = whereOf(f);
    // Grouped by every column of the covering index `items_tally`, in its order, SQLite streams the groups
    // off the index (no sort of a million rows); the few hundred groups are then summed here to `groupBy`.
    // Without the hint the planner takes a one-column index and reads every row (seconds at a million).
    const covered = Object.entries(f).every(([k, v]) => v === undefined || TALLY_FILTERS.has(k));
    // Items falling due: the due-date index covers the tally too (few rows, however large the archive).
    const dueOnly =
      f.dueOnOrBefore !== undefined &&
      !f.out &&
      Object.entries(f).every(
        ([k, v]) => v === undefined || k === 'dueOnOrBefore' || k === 'held' || TALLY_FILTERS.has(k),
      );
    const index = f.out
      ? 'INDEXED BY items_out'
      : dueOnly
        ? 'INDEXED BY items_due_tally'
        : covered
          ? 'INDEXED BY items_tally'
          : '';
    const cols = TALLY_KEYS.map((k) => TALLY_COLUMN[k]);
    const rows = this.db
      .prepare(
        `SELECT ${cols.join(', ')}, COUNT(*) AS items, COALESCE(SUM(page_count), 0) AS pages FROM items ${index}
         ${where.length ? 'WHERE ' + where.join(' AND ') : ''} GROUP BY ${cols.join(', ')}`,
      )
      .raw()
      .all(...params) as (string | number)[][];
    const at = new Map(TALLY_KEYS.map((k, i) => [k, i]));
    const groups = new Map<string, TallyRow>();
    if (groupBy.length === 0) groups.set('[]', { key: {}, items: 0, pages: 0 });
    for (const r of rows) {
      const values = groupBy.map((k) => r[at.get(k)!]!);
      const id = JSON.stringify(values);
      let g = groups.get(id);
      if (!g) {
        g = { key: Object.fromEntries(groupBy.map((k, i) => [k, values[i]!])), items: 0, pages: 0 };
        groups.set(id, g);
      }
      g.items += Number(r[cols.length]);
      g.pages += Number(r[cols.length + 1]);
    }
    const order = (a: TallyRow, b: TallyRow) => {
      for (const k of groupBy) {
        const x = a.key[k]!;
        const y = b.key[k]!;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    };
    return [...groups.values()].sort(order);
  }

  async blobUsers(sha256: string): Promise<ItemId[]> {
    return this.db.prepare('SELECT item_id FROM item_blobs WHERE sha256 = ?').pluck().all(sha256) as ItemId[];
  }
}
