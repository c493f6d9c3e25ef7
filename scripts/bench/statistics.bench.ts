/**
 * `npx tsx scripts/bench/statistics.bench.ts [--items N] [--runs R] [--seed S] [--fresh]`
 *
 * Times the statistics tables (《业务档案统计表》《各类别业务档案统计表》《全局档案统计表》《历年档案统计表》)
 * and the 达标验收 readiness report over N items (default 1,000,000) in the EMBEDDED store, through the
 * same use cases the API calls (permission check, tallies, shaping, audit entry), and prints a markdown
 * table: median of R runs (default 5) and the slowest, against the target of 2 s per table.
 *
 * The items are seeded once with the catalogue benchmark's generator (scripts/bench/bench-items.ts) straight
 * into SQLite, and the store is cached under ~/.cache/shebao-archive/bench/, keyed by CACHE_VERSION, the
 * item count, the seed and the metadata migrations (a changed migration seeds a new store). `--fresh`
 * seeds again. A benchmark never fails a build: it prints, and exits 0.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, homedir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openEmbedded } from '../../server/main/embedded';
import { METADATA_MIGRATIONS } from '../../server/adapters/sqlite/sqlite.database';
import { createFonds, ensureCatalogueSeeded } from '../../server/core/catalogue/catalogue-service';
import { SYSTEM_ACTOR, type Actor } from '../../server/core/access/actor';
import type { Item } from '../../server/core/items/item.model';
import type { AccountId } from '../../server/core/shared/ids';
import { readStatistics } from '../../server/core/reports/read-statistics';
import { readInspection } from '../../server/core/reports/read-inspection';
import { STATISTICS_REPORTS, STATISTICS_TITLES } from '../../server/core/reports/report.schemas';
import { BenchItemGenerator } from './bench-items';
import { DEMO_FONDS } from '../demo/demo-fonds';

/** Bump when the seeded content changes (the generator, the post-processing below). */
const CACHE_VERSION = 'statistics-v1';
const TARGET_MS = 2000;
const FROM_YEAR = 2009;
const TO_YEAR = 2025;

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20130517' },
    fresh: { type: 'boolean', default: false },
  },
  strict: true,
});
const N = Number(args.items);
const RUNS = Number(args.runs);
const SEED = Number(args.seed);
if (![N, RUNS, SEED].every((n) => Number.isInteger(n) && n >= 0) || N < 1000 || RUNS < 1) {
  console.error(
    'Usage: npx tsx scripts/bench/statistics.bench.ts [--items N (≥ 1000)] [--runs R] [--seed S] [--fresh]',
  );
  process.exit(2);
}

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** A short hash of the metadata migrations: a store seeded under other migrations is not reused. */
function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(METADATA_MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    h.update(f).update(readFileSync(join(METADATA_MIGRATIONS, f)));
  return h.digest('hex').slice(0, 12);
}

/**
 * Makes the generated fonds look lived-in for these tables: the generator leaves nothing destroyed or
 * out, so part of the old 10-year items are destroyed (tombstones without pages), and a few archived
 * items are out on loan.
 */
function ageItems(batch: Item[], offset: number): void {
  batch.forEach((item, i) => {
    const n = offset + i;
    if (item.status !== 'archived') return;
    if (item.retention === 'D10' && item.year <= 2013 && n % 5 < 2) {
      const at = `${item.year + 12}-06-30T02:00:00.000Z`;
      item.destruction = { listId: `dsl_bench${item.year}`, at, method: '粉碎', pages: item.pages.length };
      item.pages = [];
      item.status = 'destroyed';
    } else if (n % 331 === 0) {
      item.out = {
        reason: 'loan',
        ref: `loan_bench${n}`,
        since: '2025-03-03T01:00:00.000Z',
        due: '2025-03-10',
      };
    }
  });
}

async function seed(dir: string): Promise<void> {
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const stores = openEmbedded(partial);
  try {
    await ensureCatalogueSeeded(stores.deps);
    await createFonds(stores.deps, SYSTEM_ACTOR, { requestId: null }, DEMO_FONDS.code, {
      name: DEMO_FONDS.name,
    });
    const gen = new BenchItemGenerator({
      total: N,
      seed: SEED,
      fromYear: FROM_YEAR,
      toYear: TO_YEAR,
      persons: Math.min(200_000, Math.max(2_000, Math.round(N / 5))),
      units: Math.min(30_000, Math.max(300, Math.round(N / 33))),
    });
    const t0 = performance.now();
    let nextReport = 100_000;
    while (gen.done < N) {
      const offset = gen.done;
      const batch = gen.next(10_000);
      ageItems(batch, offset);
      stores.items.insertMany(batch);
      if (gen.done >= nextReport || gen.done === N) {
        log(`seeded ${int(gen.done)} items in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        nextReport += 100_000;
      }
    }
  } finally {
    stores.close();
  }
  renameSync(partial, dir);
}

async function main(): Promise<void> {
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}`;
  const root = join(homedir(), '.cache', 'shebao-archive', 'bench');
  mkdirSync(root, { recursive: true });
  const dir = join(root, `${CACHE_VERSION}-n${N}-s${SEED}-m${migrationsHash()}`);
  if (args.fresh) rmSync(dir, { recursive: true, force: true });
  if (existsSync(dir)) log(`reusing the seeded store ${dir}`);
  else {
    log(`seeding ${int(N)} items into ${dir} (once; later runs reuse it)`);
    await seed(dir);
  }

  const stores = openEmbedded(dir);
  const { deps } = stores;
  log(`${machine}; ${int(await deps.items.count())} items`);
  const archivist: Actor = {
    accountId: 'bench' as AccountId,
    username: 'bench',
    roles: ['archivist'],
    section: null,
  };
  const head: Actor = { ...archivist, roles: ['section_head'], section: '养老保险科' };
  const ctx = { requestId: null };

  const rows: { name: string; median: number; max: number; target: number | null; notes: string }[] = [];
  async function measure(name: string, target: number | null, run: () => Promise<string>): Promise<void> {
    let notes = await run(); // warm-up: the first read of the index pages from disk
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      notes = await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const row = {
      name,
      median: times[Math.floor((times.length - 1) / 2)]!,
      max: times[times.length - 1]!,
      target,
      notes,
    };
    rows.push(row);
    log(`${name}: median ${fmt(row.median)} ms, max ${fmt(row.max)} ms; ${notes}`);
  }

  for (const report of STATISTICS_REPORTS) {
    const title = `《${STATISTICS_TITLES[report]}》`;
    await measure(`${title} ${FROM_YEAR}–${TO_YEAR}, whole archive`, TARGET_MS, async () => {
      const t = await readStatistics(deps, archivist, ctx, report, { fromYear: FROM_YEAR, toYear: TO_YEAR });
      return `${t.rows.length} rows, 合计 ${int(Number(t.total['total.items'] ?? t.total['received.items'] ?? 0))} 件`;
    });
    await measure(`${title} all years, one section (section head)`, TARGET_MS, async () => {
      const t = await readStatistics(deps, head, ctx, report, {});
      return `${t.rows.length} rows`;
    });
  }
  await measure(
    `《${STATISTICS_TITLES.business}》 one year (2020), fonds ${DEMO_FONDS.code}`,
    TARGET_MS,
    async () => {
      const t = await readStatistics(deps, archivist, ctx, 'business', {
        fromYear: 2020,
        toYear: 2020,
        fondsCode: DEMO_FONDS.code,
      });
      return `合计 ${int(Number(t.total['total.items']))} 件`;
    },
  );
  await measure('达标验收 readiness report (no target)', null, async () => {
    const r = await readInspection(deps, archivist, ctx, {});
    return `${r.lines.length} lines: ${r.lines.map((l) => l.status).join(' ')}`;
  });
  stores.close();

  console.log(
    `\nStatistics over ${int(N)} items (embedded SQLite); ${machine}; ${RUNS} runs after one warm-up.\n`,
  );
  console.log('| Table | Median | Max | Target | Result | Notes |');
  console.log('|---|---:|---:|---:|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${fmt(r.median)} ms | ${fmt(r.max)} ms | ${r.target ? `≤ ${int(r.target)} ms` : '—'} | ${
        r.target === null ? '' : r.max <= r.target ? 'met' : 'MISSED'
      } | ${r.notes} |`,
    );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
