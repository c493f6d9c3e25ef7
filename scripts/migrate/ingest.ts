import { BATCH_FILES, BATCHES } from '../../server/adapters/mongodb/mongo.ingest-repository';
import { canonicalJson } from '../../server/core/audit/audit.model';
import type { Fingerprint } from '../../server/core/ingest/ingest-repository.port';
import type { Batch, Draft } from '../../server/core/ingest/ingest.model';
import type { ItemId } from '../../server/core/shared/ids';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { digestOf, MultisetDigest } from './digest';
import type { KindReport } from './report';

const fileKey = (b: Batch) => b.files.map((f) => `${b.id}#${f.n}:${f.sha256}:${f.status}`);

/**
 * Batches with their files, through the port (`createBatch` writes a batch whole, files first). Batches
 * are few beside items; each is looked up in the target, so no progress is kept. Two rows: the batches
 * (whole, as `getBatch` returns them) and their files (`batch#n:sha256:status`), copied with their batch.
 */
export async function migrateBatches(ctx: MigrationContext): Promise<KindReport[]> {
  ctx.log('ingest batches');
  const tally = newTally();
  const files = newTally();
  const from = ctx.source.stores.deps.ingest;
  const to = ctx.target.ingest;
  const ids = ctx.source.sql
    .prepare('SELECT id FROM ingest_batches ORDER BY created_at, id')
    .pluck()
    .all() as string[];
  const source = { batches: new MultisetDigest(), files: new MultisetDigest() };
  const target = { batches: new MultisetDigest(), files: new MultisetDigest() };
  for (const id of ids) {
    const batch = (await from.getBatch(id))!;
    let held = await to.getBatch(id);
    if (held) {
      tally.present++;
      files.present += batch.files.length;
      if (canonicalJson(held) !== canonicalJson(batch)) tally.notes.push(`batch ${id} differs`);
    } else {
      await to.createBatch(batch);
      tally.copied++;
      files.copied += batch.files.length;
      held = await to.getBatch(id);
    }
    ctx.tick('ingest batches');
    source.batches.add(canonicalJson(batch));
    fileKey(batch).forEach((k) => source.files.add(k));
    if (held) {
      target.batches.add(canonicalJson(held));
      fileKey(held).forEach((k) => target.files.add(k));
    }
  }
  const sourceFiles = ctx.source.sql
    .prepare('SELECT COUNT(*) FROM ingest_batch_files')
    .pluck()
    .get() as number;
  const counted = (side: { count: number; digest: string }, count: number) => ({ ...side, count });
  return [
    {
      kind: 'ingest batches',
      source: source.batches.side,
      target: counted(target.batches.side, await ctx.target.state.count(BATCHES)),
      ...tally,
    },
    {
      kind: 'ingest batch files',
      source: counted(source.files.side, sourceFiles),
      target: counted(target.files.side, await ctx.target.state.count(BATCH_FILES)),
      ...files,
    },
  ];
}

/**
 * Drafts through the port, oldest first (so the review queue keeps its order), each at its revision.
 * Progress is the source's list cursor. The digest covers `id:revision`.
 */
export async function migrateDrafts(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('ingest drafts');
  const KIND = 'ingest drafts';
  const tally = newTally();
  const from = ctx.source.stores.deps.ingest;
  const to = ctx.target.ingest;
  const progress = await ctx.checkpoint<string | null>(KIND);
  let cursor = progress?.after ?? null;
  let done = progress?.done ?? 0;
  tally.present += done;
  do {
    const page = await from.listDrafts({}, ctx.batchSize, cursor);
    for (const draft of page.drafts) {
      if (await to.insertDraft(draft)) tally.copied++;
      else {
        tally.present++;
        if ((await to.getDraft(draft.id))?.revision !== draft.revision)
          tally.notes.push(`draft ${draft.id} is stored at another revision`);
      }
      done++;
      ctx.tick(KIND);
    }
    if (page.drafts.length === 0) break;
    cursor = page.nextCursor;
    // The cursor of the page's last draft, so a resumed run starts after it even on the last page.
    await ctx.saveCheckpoint(KIND, { after: cursor ?? lastCursor(ctx, page.drafts), done });
  } while (cursor);

  const source = new MultisetDigest();
  for (const r of ctx.source.sql.prepare('SELECT id, revision FROM ingest_drafts').iterate() as Iterable<{
    id: string;
    revision: number;
  }>)
    source.add(`${r.id}:${r.revision}`);
  const target = new MultisetDigest();
  for await (const r of to.draftRevisions()) target.add(`${r.id}:${r.revision}`);
  return { kind: KIND, source: source.side, target: target.side, ...tally };
}

/** The source's cursor after `drafts` (its `seq`): what `listDrafts` would hand out were there more. */
function lastCursor(ctx: MigrationContext, drafts: Draft[]): string {
  const last = drafts[drafts.length - 1]!;
  return String(ctx.source.sql.prepare('SELECT seq FROM ingest_drafts WHERE id = ?').pluck().get(last.id));
}

/**
 * File fingerprints (who first brought each file in), through the port, in key order with progress.
 * The digest covers `sha256:batch:file:item`.
 */
export async function migrateFingerprints(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('ingest fingerprints');
  const KIND = 'ingest fingerprints';
  const tally = newTally();
  const to = ctx.target.ingest;
  const key = (f: Fingerprint) => `${f.sha256}:${f.batchId}:${f.file}:${f.itemId ?? ''}`;
  const progress = await ctx.checkpoint<string>(KIND);
  let after = progress?.after ?? '';
  let done = progress?.done ?? 0;
  tally.present += done;
  const page = ctx.source.sql.prepare(
    'SELECT sha256, batch_id, file_n, item_id FROM ingest_fingerprints WHERE sha256 > ? ORDER BY sha256 LIMIT ?',
  );
  const toPrint = (r: { sha256: string; batch_id: string; file_n: number; item_id: string | null }) => ({
    sha256: r.sha256,
    batchId: r.batch_id,
    file: r.file_n,
    itemId: r.item_id as ItemId | null,
  });
  for (;;) {
    const rows = (page.all(after, ctx.batchSize) as Parameters<typeof toPrint>[0][]).map(toPrint);
    if (rows.length === 0) break;
    for (const print of rows) {
      const held = await to.getFingerprint(print.sha256);
      if (held) {
        tally.present++;
        if (key(held) !== key(print)) tally.notes.push(`fingerprint ${print.sha256} differs`);
      } else {
        await to.claimFingerprint(print);
        tally.copied++;
      }
      done++;
      ctx.tick(KIND);
    }
    after = rows[rows.length - 1]!.sha256;
    await ctx.saveCheckpoint(KIND, { after, done });
  }
  const source = new MultisetDigest();
  for (const r of ctx.source.sql
    .prepare('SELECT sha256, batch_id, file_n, item_id FROM ingest_fingerprints')
    .iterate() as Iterable<Parameters<typeof toPrint>[0]>)
    source.add(key(toPrint(r)));
  const target = new MultisetDigest();
  for await (const f of to.allFingerprints()) target.add(key(f));
  return { kind: KIND, source: source.side, target: target.side, ...tally };
}

/** Title variants clerks taught the matcher, with who taught them and when. The digest covers `step|variant`. */
export async function migrateTitleVariants(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('title variants');
  const KIND = 'title variants';
  const tally = newTally();
  const to = ctx.target.ingest;
  const key = (v: { businessStep: string; variant: string }) => `${v.businessStep}|${v.variant}`;
  const held = new Set((await to.titleVariants()).map(key));
  const rows = ctx.source.sql
    .prepare(
      'SELECT business_step AS businessStep, variant, added_by AS "by", added_at AS "at" FROM ingest_title_variants ORDER BY added_at',
    )
    .all() as { businessStep: string; variant: string; by: string; at: string }[];
  for (const v of rows) {
    if (held.has(key(v))) tally.present++;
    else {
      await to.addTitleVariant(v);
      tally.copied++;
    }
    ctx.tick(KIND);
  }
  return {
    kind: KIND,
    source: digestOf((await ctx.source.stores.deps.ingest.titleVariants()).map(key)),
    target: digestOf((await to.titleVariants()).map(key)),
    ...tally,
  };
}
