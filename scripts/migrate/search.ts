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
  indexed_revision: number;
  body: string;
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
 * The search index: for every item the source index holds an entry of, the item as migrated is projected
 * (search/project.ts, as the indexer does) and bulk-loaded with `upsertMany`, then confirmed with
 * `markIndexed`. An item the source had confirmed without an entry (a destroyed item's tombstone) is
 * confirmed too; an item the source had not indexed yet stays in the target's backlog, for the
 * production worker's sweep, as it would have been for the embedded one. Progress is the last item
 * `seq` done. The digest covers the items that have an entry (revisions are the items', compared there).
 */
export async function migrateSearch(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('search index');
  const tally = newTally();
  const progress = await ctx.checkpoint<number>(KIND);
  let after = progress?.after ?? 0;
  let done = progress?.done ?? 0;
  tally.present += done;
  const page = ctx.source.sql.prepare(
    'SELECT seq, id, revision, indexed_revision, body FROM items WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  for (;;) {
    const rows = page.all(after, ctx.batchSize) as ItemRow[];
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    const entries = new Set(
      ctx.source.searchSql
        .prepare(`SELECT item_id FROM docs WHERE item_id IN (${ids.map(() => '?').join(', ')})`)
        .pluck()
        .all(...ids) as string[],
    );
    const indexed = rows.filter((r) => entries.has(r.id));
    const held = await heldRevisions(
      ctx,
      indexed.map((r) => r.id),
    );
    const missing = indexed.filter((r) => held.get(r.id) !== r.revision);
    if (missing.length > 0)
      await ctx.target.bulkIndex.upsertMany(missing.map((r) => projectItem(JSON.parse(r.body) as Item)));
    const confirmed = rows.filter((r) => entries.has(r.id) || r.indexed_revision === r.revision);
    await ctx.target.itemsRestore.markIndexed(confirmed.map((r) => ({ id: r.id, revision: r.revision })));
    tally.copied += missing.length;
    tally.present += indexed.length - missing.length;
    done += indexed.length;
    for (let i = 0; i < indexed.length; i++) ctx.tick(KIND);
    after = rows[rows.length - 1]!.seq;
    await ctx.saveCheckpoint(KIND, { after, done });
  }

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
