import { join } from 'node:path';
import type Database from 'better-sqlite3';
import {
  FACET_NAMES,
  type FacetName,
  type SearchDocument,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from '../../server/core/search/search-index.port';
import type { ItemId } from '../../server/core/shared/ids';
import { invalid } from '../../server/core/shared/errors';
import { indexTokens, queryTerms, type QueryTerm } from '../tokenizer';
import { highlightField } from '../highlight';
import { capacityOf, facetToken, pack, unpack } from './facet-packing';
import { personsText, searchableTexts, unitsText } from '../project';

export const SEARCH_MIGRATIONS = join(__dirname, 'migrations');

/** Facet counts are exact up to this many matches; beyond it they count the newest this-many matches. */
export const FACET_EXACT_LIMIT = 100_000;

const encodeCursor = (rowid: number) => Buffer.from(`r${rowid}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^r(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid('request.bad_cursor', 'The cursor is not one this server issued.');
  return Number(m[1]);
}

function termExpression(t: QueryTerm): string {
  return t.prefix ? `"${t.tokens[0]}"*` : `"${t.tokens.join(' ')}"`;
}

/**
 * The embedded search index: SQLite FTS5 over tokens from search/tokenizer. Hits are newest-indexed
 * first (cheap: FTS5 walks rowids backwards and stops); the total is always exact.
 */
export class SqliteSearchIndex implements SearchIndex {
  private readonly codes = new Map<string, number>();
  private readonly values = new Map<string, string>();
  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once per SQL text (writes run once per document). */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  constructor(private readonly db: Database.Database) {
    for (const r of db.prepare('SELECT facet, value, code FROM facet_values').all() as {
      facet: string;
      value: string;
      code: number;
    }[]) {
      this.codes.set(`${r.facet}\u0000${r.value}`, r.code);
      this.values.set(`${r.facet}\u0000${r.code}`, r.value);
    }
  }

  private codeOf(facet: FacetName, value: string): number {
    const key = `${facet}\u0000${value}`;
    let code = this.codes.get(key);
    if (code === undefined) {
      code =
        (this.sql('SELECT MAX(code) FROM facet_values WHERE facet = ?').pluck().get(facet) as
          number | null) ?? 0;
      code += 1;
      if (code > capacityOf(facet))
        throw new Error(`Too many distinct ${facet} values for the search index.`);
      this.db
        .prepare('INSERT INTO facet_values (facet, value, code) VALUES (?, ?, ?)')
        .run(facet, value, code);
      this.codes.set(key, code);
      this.values.set(`${facet}\u0000${code}`, value);
    }
    return code;
  }

  private write(d: SearchDocument): void {
    const grams = searchableTexts(d)
      .map((t) => indexTokens(t).join(' '))
      .join(' ');
    const f = d.facets;
    const facets = ['all', ...Object.entries(f).map(([k, v]) => facetToken(k, v))].join(' ');
    const codes = Object.fromEntries(FACET_NAMES.map((n) => [n, this.codeOf(n, String(f[n]))])) as Record<
      FacetName,
      number
    >;
    const existing = this.sql('SELECT rowid FROM docs WHERE item_id = ?').pluck().get(d.itemId) as
      number | undefined;
    const row = {
      item_id: d.itemId,
      revision: d.revision,
      title: d.title,
      text: d.text,
      persons: personsText(d),
      units: unitsText(d),
    };
    let rowid: number;
    if (existing !== undefined) {
      rowid = existing;
      this.db
        .prepare(
          'UPDATE docs SET revision = @revision, title = @title, text = @text, persons = @persons, units = @units WHERE rowid = @rowid',
        )
        .run({ ...row, rowid });
      this.sql('DELETE FROM fts WHERE rowid = ?').run(rowid);
    } else {
      rowid = Number(
        this.db
          .prepare(
            'INSERT INTO docs (item_id, revision, title, text, persons, units) VALUES (@item_id, @revision, @title, @text, @persons, @units)',
          )
          .run(row).lastInsertRowid,
      );
    }
    this.sql('INSERT INTO fts (rowid, grams, facets) VALUES (?, ?, ?)').run(rowid, grams, facets);
    this.sql('INSERT OR REPLACE INTO facet_map (rowid, packed) VALUES (?, ?)').run(rowid, pack(codes));
  }

  async upsert(d: SearchDocument): Promise<void> {
    this.db.transaction(() => {
      const current = this.sql('SELECT revision FROM docs WHERE item_id = ?').pluck().get(d.itemId) as
        number | undefined;
      if (current !== undefined && current > d.revision) return; // an older revision arriving late
      this.write(d);
    })();
  }

  /** Bulk load in one transaction (benchmark and demo seeding). */
  upsertMany(docs: SearchDocument[]): void {
    this.db.transaction(() => docs.forEach((d) => this.write(d)))();
  }

  async remove(itemId: ItemId): Promise<void> {
    this.db.transaction(() => {
      const rowid = this.sql('SELECT rowid FROM docs WHERE item_id = ?').pluck().get(itemId) as
        number | undefined;
      if (rowid === undefined) return;
      this.sql('DELETE FROM fts WHERE rowid = ?').run(rowid);
      this.sql('DELETE FROM facet_map WHERE rowid = ?').run(rowid);
      this.sql('DELETE FROM docs WHERE rowid = ?').run(rowid);
    })();
  }

  async indexedRevision(itemId: ItemId): Promise<number | null> {
    return (
      (this.sql('SELECT revision FROM docs WHERE item_id = ?').pluck().get(itemId) as number | undefined) ??
      null
    );
  }

  private matchExpression(q: SearchQuery, terms: QueryTerm[]): string | null {
    const filters: string[] = [];
    for (const [facet, value] of Object.entries(q.filters)) {
      if (facet === 'sections' || value === undefined) continue;
      filters.push(facetToken(facet, value as string | number));
    }
    if (q.filters.sections) {
      if (q.filters.sections.length === 0) return null; // sees no section: nothing matches
      filters.push(`(${q.filters.sections.map((s) => facetToken('section', s)).join(' OR ')})`);
    }
    // `all` is in every document: needed only when there is nothing else to match.
    const parts: string[] = [];
    if (terms.length) parts.push(`grams : (${terms.map(termExpression).join(' AND ')})`);
    if (filters.length) parts.push(`facets : (${filters.join(' AND ')})`);
    return parts.length ? parts.join(' AND ') : 'facets : all';
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const terms = queryTerms(q.q);
    const match = this.matchExpression(q, terms);
    if (match === null) return { total: 0, hits: [], facets: {}, facetsExact: true, nextCursor: null };
    // Facets first: when they cover every match (fewer than the limit), their sum is the exact total and
    // a second walk over the matches for count(*) is not needed.
    const { facets, counted } = this.facetCounts(match);
    const total =
      counted < FACET_EXACT_LIMIT
        ? counted
        : (this.sql('SELECT count(*) FROM fts WHERE fts MATCH ?').pluck().get(match) as number);
    const before = q.cursor ? decodeCursor(q.cursor) : Number.MAX_SAFE_INTEGER;
    const rows = this.db
      .prepare(
        `SELECT d.rowid, d.item_id, d.title, d.text, d.persons, d.units FROM fts JOIN docs d ON d.rowid = fts.rowid
         WHERE fts MATCH ? AND fts.rowid < ? ORDER BY fts.rowid DESC LIMIT ?`,
      )
      .all(match, before, q.limit + 1) as {
      rowid: number;
      item_id: ItemId;
      title: string;
      text: string;
      persons: string;
      units: string;
    }[];
    const page = rows.slice(0, q.limit);
    const hits: SearchHit[] = page.map((r) => ({
      itemId: r.item_id,
      highlights: [
        highlightField('title', r.title, terms),
        highlightField('text', r.text, terms),
        highlightField('persons', r.persons, terms),
        highlightField('units', r.units, terms),
      ].filter((h) => h !== null),
    }));
    const last = page[page.length - 1];
    return {
      total,
      hits,
      facets,
      facetsExact: total <= FACET_EXACT_LIMIT,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.rowid) : null,
    };
  }

  /** Facet counts over the newest FACET_EXACT_LIMIT matches, and how many matches they counted. */
  private facetCounts(match: string): { facets: SearchResult['facets']; counted: number } {
    const groups = this.db
      .prepare(
        `SELECT f.packed, count(*) FROM (SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?) m
         JOIN facet_map f ON f.rowid = m.rowid GROUP BY f.packed`,
      )
      .raw()
      .all(match, FACET_EXACT_LIMIT) as [number, number][];
    const sums = new Map<string, number>();
    let counted = 0;
    for (const [packed, count] of groups) {
      counted += count;
      for (const [facet, code] of Object.entries(unpack(packed))) {
        const key = `${facet}\u0000${code}`;
        sums.set(key, (sums.get(key) ?? 0) + count);
      }
    }
    const facets: SearchResult['facets'] = {};
    for (const [key, count] of sums) {
      const [facet, code] = key.split('\u0000') as [FacetName, string];
      const value = this.values.get(`${facet}\u0000${code}`);
      if (value === undefined) continue;
      (facets[facet] ??= []).push({ value, count });
    }
    for (const list of Object.values(facets))
      list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return { facets, counted };
  }
}
