import type { RecordStore, StoredRecord } from '../../server/core/records/record-store.port';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { digestOf, MultisetDigest } from './digest';
import type { KindReport } from './report';

const RECORDS = 'workflow records';
const DONE_KINDS = 'records:done';

async function recordDigest(store: RecordStore, kinds: readonly string[]) {
  const d = new MultisetDigest();
  for (const kind of kinds)
    for await (const r of store.collection(kind).all()) d.add(`${kind}/${r.id}:${r.revision}`);
  return d.side;
}

/**
 * Workflow records (transfers, volumes, boxes, locations, loans, movements, appraisals, destruction
 * lists, saved searches…) through the port: `insert` keeps a record as given, revision included. Each
 * kind is written oldest first, so its lists keep their newest-first order; a kind done is recorded, so a
 * resumed run skips it. The digest covers `kind/id:revision`.
 */
export async function migrateRecords(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('workflow records');
  const tally = newTally();
  const from = ctx.source.stores.deps.records;
  const to = ctx.target.records;
  const kinds = ctx.source.sql
    .prepare('SELECT DISTINCT kind FROM workflow_records ORDER BY kind')
    .pluck()
    .all() as string[];
  const doneKinds = new Set((await ctx.target.state.get<string[]>(DONE_KINDS)) ?? []);
  for (const kind of kinds) {
    if (doneKinds.has(kind)) {
      tally.present += ctx.source.sql
        .prepare('SELECT COUNT(*) FROM workflow_records WHERE kind = ?')
        .pluck()
        .get(kind) as number;
      continue;
    }
    const records: StoredRecord[] = [];
    for await (const r of from.collection(kind).all()) records.push(r);
    const target = to.collection(kind);
    for (const record of records.reverse()) {
      const held = await target.get(record.id);
      if (held) {
        tally.present++;
        if (held.revision !== record.revision)
          tally.notes.push(`${kind} ${record.id} is stored at revision ${held.revision}`);
      } else {
        await target.insert(record);
        tally.copied++;
      }
      ctx.tick(RECORDS);
    }
    doneKinds.add(kind);
    await ctx.target.state.set(DONE_KINDS, [...doneKinds]);
  }
  const all = [...new Set([...kinds, ...(await to.kinds())])].sort();
  return {
    kind: RECORDS,
    source: await recordDigest(from, all),
    target: await recordDigest(to, all),
    ...tally,
  };
}

async function claimKeys(store: RecordStore): Promise<{ key: string; owner: string }[]> {
  const out: { key: string; owner: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await store.claims('', 500, after);
    out.push(...page);
    if (page.length < 500) return out;
    after = page[page.length - 1]!.key;
  }
}

/** Exclusive claims (an item out on a loan, in a box…) with their owners. The digest covers `key:owner`. */
export async function migrateClaims(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('claims');
  const KIND = 'claims';
  const tally = newTally();
  const to = ctx.target.records;
  const claims = await claimKeys(ctx.source.stores.deps.records);
  for (const { key, owner } of claims) {
    const held = await to.holder(key);
    if (held === owner) tally.present++;
    else if (held === null && (await to.claim(key, owner)) === owner) tally.copied++;
    else tally.notes.push(`claim ${key} is held by another owner`);
    ctx.tick(KIND);
  }
  return {
    kind: KIND,
    source: digestOf(claims.map((c) => `${c.key}:${c.owner}`)),
    target: digestOf((await claimKeys(to)).map((c) => `${c.key}:${c.owner}`)),
    ...tally,
  };
}

/** Named sequences (request and box numbers), so each continues after its last number. */
export async function migrateSequences(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('sequences');
  const KIND = 'sequences';
  const tally = newTally();
  const rows = ctx.source.sql.prepare('SELECT name, last FROM workflow_sequences ORDER BY name').all() as {
    name: string;
    last: number;
  }[];
  for (const { name, last } of rows) {
    if ((await ctx.target.records.restoreSequence(name, last)) === 'copied') tally.copied++;
    else tally.present++;
    ctx.tick(KIND);
  }
  return {
    kind: KIND,
    source: digestOf(rows.map((r) => `${r.name}:${r.last}`)),
    target: digestOf([...(await ctx.target.records.sequences())].map(([n, l]) => `${n}:${l}`)),
    ...tally,
  };
}
