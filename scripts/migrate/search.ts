import type { estypes } from '@elastic/elasticsearch';
import type { Item } from '../../server/core/items/item.model';
import type { ItemId } from '../../server/core/shared/ids';
import { projectItem } from '../../search/project';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { MultisetDigest } from './digest';
import type { KindReport } from './report';

const KIND = 'search index entries';

interface ItemRow {
  seq: number;
  id: ItemId;
  revision: number;
}

/** Items the source index had caught up with, confirmed in the target (`markIndexed`), by `seq` with progress. */
async function confirmIndexed(ctx: MigrationContext): Promise<void> {
  const KEY = 'search confirmations';
  const progress = await ctx.checkpoint<number>(KEY);
  let after = progress?.after ?? 0;
  const page = ctx.source.sql.prepare(
    'SELECT seq, id, revision FROM items WHERE seq > ? AND indexed_revision = revision ORDER BY seq LIMIT ?',
  );
  for (;;) {
    const rows = page.all(after, ctx.batchSize) as ItemRow[];
    if (rows.length === 0) return;
    await ctx.target.itemsRestore.markIndexed(rows.map((r) => ({ id: r.id, revision: r.revision })));
    ctx.stopIfAsked();
    after = rows[rows.length - 1]!.seq;
    await ctx.saveCheckpoint(KEY, { after, done: 0 });
  }
}

/** The revision each entry holds in the target index (its external version), or none. */
async function heldRevisions(ctx: MigrationContext, ids: readonly string[]): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  if (ids.length === 0) return held;
  const r = await ctx.target.es.mget({ index: ctx.target.alias, ids: [...ids], _source: false });
  for (const d of r.docs)
    if ('found' in d && d.found && d._version !== undefined) held.set(d._id, d._version);
  return held;
}

/**
 * The search index: for every entry of the source index, in the order it was indexed (so hits keep their
 * newest-indexed-first order), the item as migrated is projected (search/project.ts, as the indexer does)
 * and bulk-loaded with `upsertMany`, then confirmed with `markIndexed`. Then every item the source had
 * confirmed is confirmed in the target too (a destroyed item's tombstone has no entry); an item the source
 * had not indexed yet stays in the target's backlog, for the production worker's sweep, as it would have
 * stayed for the embedded one. Progress is the last entry and the last item done. The digest covers the
 * items that have an entry (their revisions are the items', compared there).
 */
export async function migrateSearch(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('search index');
  const tally = newTally();
  const progress = await ctx.checkpoint<number>(KIND);
  let after = progress?.after ?? 0;
  let done = progress?.done ?? 0;
  tally.present += done;
  const entries = ctx.source.searchSql.prepare(
    'SELECT rowid, item_id AS id FROM docs WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  for (;;) {
    const rows = entries.all(after, ctx.batchSize) as { rowid: number; id: ItemId }[];
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    const bodies = new Map(
      (
        ctx.source.sql
          .prepare(`SELECT id, body FROM items WHERE id IN (${ids.map(() => '?').join(', ')})`)
          .all(...ids) as { id: ItemId; body: string }[]
      ).map((r) => [r.id, JSON.parse(r.body) as Item]),
    );
    const items = ids.flatMap((id) => bodies.get(id) ?? []);
    for (const id of ids) if (!bodies.has(id)) tally.notes.push(`entry ${id} names no item`);
    const held = await heldRevisions(
      ctx,
      items.map((i) => i.id),
    );
    const missing = items.filter((i) => held.get(i.id) !== i.revision);
    if (missing.length > 0) await ctx.target.bulkIndex.upsertMany(missing.map(projectItem));
    await ctx.target.itemsRestore.markIndexed(items.map((i) => ({ id: i.id, revision: i.revision })));
    tally.copied += missing.length;
    tally.present += items.length - missing.length;
    done += items.length;
    for (let i = 0; i < items.length; i++) ctx.tick(KIND);
    after = rows[rows.length - 1]!.rowid;
    await ctx.saveCheckpoint(KIND, { after, done });
  }
  await confirmIndexed(ctx);

  const source = new MultisetDigest();
  for (const id of ctx.source.searchSql
    .prepare('SELECT item_id FROM docs')
    .pluck()
    .iterate() as Iterable<string>)
    source.add(id);
  await ctx.target.refreshSearch();
  const target = new MultisetDigest();
  let searchAfter: estypes.SortResults | undefined;
  for (;;) {
    const r = await ctx.target.es.search({
      index: ctx.target.alias,
      size: 1000,
      _source: false,
      sort: [{ itemId: 'asc' }],
      track_total_hits: false,
      query: { match_all: {} },
      ...(searchAfter ? { search_after: searchAfter } : {}),
    });
    for (const hit of r.hits.hits) target.add(hit._id!);
    const last = r.hits.hits[r.hits.hits.length - 1];
    if (!last || r.hits.hits.length < 1000) break;
    searchAfter = last.sort;
  }
  return { kind: KIND, source: source.side, target: target.side, ...tally };
}
