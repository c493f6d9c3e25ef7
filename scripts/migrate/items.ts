import { archivalCodeGroup, renderArchivalCode } from '../../server/core/catalogue/archival-code';
import type { Item } from '../../server/core/items/item.model';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { digestOf, MultisetDigest } from './digest';
import type { KindReport } from './report';

const ITEMS = 'items';
const NUMBERING = '档号 numbering groups';

/**
 * Items in the source's list order, each restored with its revision and its `seq` (so lists read the
 * same, and a resumed run can tell an item copied from one missing by its key alone). Progress is the
 * last `seq` done. The digest covers `id:revision:seq` of every item.
 */
export async function migrateItems(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('items');
  const tally = newTally();
  const progress = await ctx.checkpoint<number>(ITEMS);
  let after = progress?.after ?? 0;
  let done = progress?.done ?? 0;
  tally.present += done;
  const page = ctx.source.sql.prepare('SELECT seq, body FROM items WHERE seq > ? ORDER BY seq LIMIT ?');
  for (;;) {
    const rows = page.all(after, ctx.batchSize) as { seq: number; body: string }[];
    if (rows.length === 0) break;
    const outcome = await ctx.target.itemsRestore.restoreItems(
      rows.map((r) => ({ item: JSON.parse(r.body) as Item, seq: r.seq })),
    );
    tally.copied += outcome.copied;
    tally.present += outcome.present;
    for (const id of outcome.differing)
      tally.notes.push(`item ${id} is stored with another revision or place`);
    done += outcome.copied + outcome.present;
    for (let i = 0; i < rows.length; i++) ctx.tick(ITEMS);
    after = rows[rows.length - 1]!.seq;
    await ctx.saveCheckpoint(ITEMS, { after, done });
  }

  const source = new MultisetDigest();
  for (const r of ctx.source.sql.prepare('SELECT id, revision, seq FROM items').iterate() as Iterable<{
    id: string;
    revision: number;
    seq: number;
  }>)
    source.add(`${r.id}:${r.revision}:${r.seq}`);
  const target = new MultisetDigest();
  for await (const r of ctx.target.itemsRestore.revisions()) target.add(`${r.id}:${r.revision}:${r.seq}`);
  return { kind: ITEMS, source: source.side, target: target.side, ...tally };
}

/**
 * The last 件号 of every 档号 group of the source: its counter (`archival_counters`), or, if higher, the
 * highest number an item holds in it, its group worked out as accession works it out (the template of
 * the scheme version that classified the item). An item whose 档号 is not what its scheme renders for its
 * number (numbered some other way) belongs to no group.
 */
async function sourceNumbering(ctx: MigrationContext): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  const raise = (group: string, n: number) => last.set(group, Math.max(last.get(group) ?? 0, n));
  for (const r of ctx.source.sql.prepare('SELECT grp, last FROM archival_counters').all() as {
    grp: string;
    last: number;
  }[])
    raise(r.grp, r.last);
  const templates = new Map<string, string | null>();
  const catalogue = ctx.source.stores.deps.catalogue;
  const numbered = ctx.source.sql
    .prepare('SELECT body FROM items WHERE archival_code IS NOT NULL AND item_number IS NOT NULL')
    .pluck()
    .iterate() as Iterable<string>;
  for (const body of numbered) {
    const item = JSON.parse(body) as Item;
    const scope = `${item.fondsCode}/${item.classifiedBy.scheme}`;
    const key = `${scope}#${item.classifiedBy.schemeVersion}`;
    if (!templates.has(key)) {
      const scheme = await catalogue.version('scheme', scope, item.classifiedBy.schemeVersion);
      templates.set(key, scheme?.body.archivalCodeTemplate ?? null);
    }
    const template = templates.get(key);
    if (!template || item.itemNumber === null) continue;
    const fields = { ...item, businessStep: item.businessStep ?? '' };
    try {
      if (renderArchivalCode(template, fields, item.itemNumber) !== item.archivalCode) continue;
    } catch {
      continue;
    }
    raise(archivalCodeGroup(template, fields), item.itemNumber);
  }
  return last;
}

/**
 * Every 档号 group's last number, held in the target as accession holds a number, so the next accession
 * of a group continues after the highest migrated 件号. The digest covers `group:last`.
 */
export async function migrateNumbering(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('档号 numbering');
  const tally = newTally();
  const expected = await sourceNumbering(ctx);
  for (const [group, last] of expected) {
    if ((await ctx.target.itemsRestore.restoreNumbering(group, last)) === 'copied') tally.copied++;
    else tally.present++;
    ctx.tick(NUMBERING);
  }
  const held = await ctx.target.itemsRestore.numbering();
  return {
    kind: NUMBERING,
    source: digestOf([...expected].map(([g, n]) => `${g}:${n}`)),
    target: digestOf([...held].map(([g, n]) => `${g}:${n}`)),
    ...tally,
  };
}
