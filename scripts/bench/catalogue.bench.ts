/**
 * `npm run bench [-- --items N] [-- --dir PATH] [-- --keep] [-- --runs R] [-- --batch B] [-- --reuse]
 *   [-- --profile embedded|production] [-- --skip List,Search,searchItems]`
 *
 * Seeds N items (default 1,000,000) into the EMBEDDED store (SQLite + SQLite FTS5), or with
 * `--profile production` into MongoDB + Elasticsearch (the test servers of scripts/servers/, started here
 * with their data under --dir: FerretDB over SQLite, a single Elasticsearch 8 node), with the bulk
 * loaders, then times the catalogue's hot paths and prints a markdown table against the targets
 * (2-core machine): list page p95 ≤ 20 ms, Chinese search p95 ≤ 100 ms, exact 公民身份号码 ≤ 10 ms,
 * seeding ≤ 10 minutes. A benchmark never fails a build: it prints, and exits 0.
 *
 * `--dir` defaults to a fresh directory under the OS temp dir, removed afterwards unless `--keep`.
 * `--reuse` measures an already-seeded `--dir` (the same --items and seed) without seeding it again:
 * the items are regenerated in memory only, to know which persons and units to query for.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openEmbedded } from '../../server/main/embedded';
import { openProduction } from '../../server/main/production';
import {
  buildServer,
  productionProfileFor,
  serverUrls,
  startServer,
  type RunningServer,
} from '../servers/servers';
import { createElasticsearchClient } from '../../search/adapters/elasticsearch.client';
import type { Item } from '../../server/core/items/item.model';
import { projectItem } from '../../search/project';
import { searchItems, searchQuerySchema } from '../../server/core/search/search-items';
import type { Actor } from '../../server/core/access/actor';
import type { AccountId } from '../../server/core/shared/ids';
import type { ItemFilters } from '../../server/core/items/item-repository.port';
import { ITEM_STATUSES } from '../../server/core/items/item.model';
import type { SearchQuery, SearchResult } from '../../server/core/search/search-index.port';
import { queryTerms } from '../../search/tokenizer';
import { BenchItemGenerator } from './bench-items';

const TARGETS = { listMs: 20, searchMs: 100, exactIdMs: 10, seedMinutes: 10 };
const TERMS = ['养老', '工伤', '失业', '生育', '医疗', '待遇', '登记', '稽核', '变更', '申报'];
const PHRASES = [
  '养老保险待遇',
  '在职职工增员',
  '社会保险登记表',
  '失业保险待遇核定表',
  '医疗费报销',
  '工伤保险待遇',
  '保险关系转移',
  '稽核整改通知书',
  '离退休人员养老金',
  '生育保险待遇申领表',
];

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    runs: { type: 'string', default: '200' },
    batch: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '20130517' },
    profile: { type: 'string', default: 'embedded' },
    /** Groups of rows not to measure: List, Search, searchItems (e.g. lists on a server without indexes). */
    skip: { type: 'string', default: '' },
  },
  strict: true,
});
const N = Number(args.items);
const RUNS = Number(args.runs);
const BATCH = Number(args.batch);
const SEED = Number(args.seed);
if (
  ![N, RUNS, BATCH, SEED].every((n) => Number.isInteger(n) && n >= 0) ||
  N < 1000 ||
  RUNS < 1 ||
  BATCH < 1
) {
  console.error(
    'Usage: npm run bench [-- --items N (≥ 1000)] [-- --dir PATH] [-- --keep] [-- --reuse] [-- --runs R] [-- --batch B] [-- --seed S]',
  );
  process.exit(2);
}
const PRODUCTION = args.profile === 'production';
const SKIP = new Set(args.skip.split(',').filter(Boolean));
if (!PRODUCTION && args.profile !== 'embedded') {
  console.error('--profile is embedded or production.');
  process.exit(2);
}
if (args.reuse && !args.dir) {
  console.error('--reuse measures the store in --dir: give --dir.');
  process.exit(2);
}
const dir = args.dir ? resolve(args.dir) : mkdtempSync(join(tmpdir(), 'shebao-bench-'));
if (!args.reuse && (existsSync(join(dir, 'archive.sqlite')) || existsSync(join(dir, 'mongodb')))) {
  console.error(`${dir} already holds a store: give an empty --dir, or --reuse to measure it as it is.`);
  process.exit(2);
}
const keep = args.keep || (args.dir !== undefined && args.reuse);

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

interface Row {
  group: string;
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  target: number | null;
  notes: string;
}
const rows: Row[] = [];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/**
 * Times `run(i)` RUNS times after `warmup` untimed runs (warm-up uses values from the end of the
 * rotation, so the first timed runs are not cache-hot by construction). Returns per-run results for notes.
 */
async function measure<T>(
  group: string,
  name: string,
  target: number | null,
  run: (i: number) => Promise<T>,
  notes: (results: T[]) => string = () => '',
  warmup = 5,
): Promise<void> {
  if (SKIP.has(group)) return;
  for (let w = 0; w < warmup; w++) await run(RUNS + w);
  const times: number[] = [];
  const results: T[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = await run(i);
    times.push(performance.now() - t0);
    results.push(result);
  }
  times.sort((a, b) => a - b);
  const row = {
    group,
    name,
    runs: RUNS,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1] ?? NaN,
    target,
    notes: notes(results),
  };
  rows.push(row);
  log(
    `${group} · ${name}: p50 ${fmt(row.p50)} ms, p95 ${fmt(row.p95)} ms, max ${fmt(row.max)} ms ${row.notes}`,
  );
}

const searchNotes = (results: { total: number; facetsExact: boolean; hits: unknown[] }[]) => {
  const avg = results.reduce((s, r) => s + r.total, 0) / Math.max(1, results.length);
  const inexact = results.filter((r) => !r.facetsExact).length;
  const empty = results.filter((r) => r.hits.length === 0).length;
  return `avg total ${int(avg)}; facetsExact=false in ${inexact}/${results.length}${empty ? `; ${empty} with no hits` : ''}`;
};
const listNotes = (results: { items: unknown[] }[]) => {
  const avg = results.reduce((s, r) => s + r.items.length, 0) / Math.max(1, results.length);
  const empty = results.filter((r) => r.items.length === 0).length;
  return `avg ${avg.toFixed(1)} items/page${empty ? `; ${empty} empty` : ''}`;
};

async function main(): Promise<void> {
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
  log(`${machine}; ${int(N)} items into ${dir}`);

  const gen = new BenchItemGenerator({
    total: N,
    seed: SEED,
    fromYear: 2009,
    toYear: 2025,
    persons: Math.min(200_000, Math.max(2_000, Math.round(N / 5))),
    units: Math.min(30_000, Math.max(300, Math.round(N / 33))),
  });
  const seeder = PRODUCTION ? await productionSeeder(dir) : embeddedSeeder(dir);
  const { deps } = seeder;

  // ---- 1. Seeding -------------------------------------------------------------------------------
  let genMs = 0;
  let itemsMs = 0;
  let searchMs = 0;
  let peakRss = 0;
  const seedStart = performance.now();
  let nextReport = 100_000;
  while (gen.done < N) {
    let t = performance.now();
    const batch = gen.next(BATCH);
    genMs += performance.now() - t;
    if (args.reuse) continue;
    t = performance.now();
    // Only the index is measured when no row reads items (`--skip List,searchItems`): its items are not stored.
    if (!(SKIP.has('List') && SKIP.has('searchItems'))) await seeder.insertItems(batch);
    itemsMs += performance.now() - t;
    t = performance.now();
    await seeder.indexItems(batch);
    searchMs += performance.now() - t;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (gen.done >= nextReport || gen.done === N) {
      const s = (performance.now() - seedStart) / 1000;
      log(
        `seeded ${int(gen.done)} in ${s.toFixed(0)} s (${int(gen.done / s)} items/s; items ${(itemsMs / 1000).toFixed(0)} s, index ${(searchMs / 1000).toFixed(0)} s, generate ${(genMs / 1000).toFixed(0)} s)`,
      );
      nextReport += 100_000;
    }
  }
  await seeder.seeded();
  const seedMs = performance.now() - seedStart;
  const count = await deps.items.count();
  if (count !== N) log(`warning: the store holds ${int(count)} items, expected ${int(N)}`);

  // ---- 2. Item list pages ----------------------------------------------------------------------
  const samples = gen.samples;
  const years = [...samples.byYear.keys()].sort();
  const classes = [...new Set([...samples.byYearClass.keys()].map((k) => k.split('/')[1]!))].sort();
  const at = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  // Distinct persons/units per run: shuffle the samples deterministically.
  const shuffle = <T>(list: T[]): T[] => {
    let s = 12345;
    for (let i = list.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) >>> 0;
      const j = s % (i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  const persons = shuffle([...samples.persons]);
  const units = shuffle([...samples.units]);
  const names = [...new Set(persons.map((p) => p.name))];
  log(
    `query pools: ${persons.length} persons, ${names.length} names, ${units.length} units, ${years.length} years, ${classes.length} classes`,
  );

  const list = (f: ItemFilters, cursor: string | null = null) => deps.items.list(f, 50, cursor);
  await measure('List', 'first page, unfiltered', TARGETS.listMs, () => list({}), listNotes);
  await measure('List', 'year', TARGETS.listMs, (i) => list({ year: at(years, i) }), listNotes);
  // Every (year, class) cell in turn, sparse ones included.
  const cells = years.flatMap((y) => classes.map((c) => ({ year: y, classCode: c })));
  await measure(
    'List',
    'year + class (every cell in turn)',
    TARGETS.listMs,
    (i) => list(at(cells, i * 7)),
    listNotes,
  );
  await measure(
    'List',
    'status (each in turn)',
    TARGETS.listMs,
    (i) => list({ status: at(ITEM_STATUSES, i) }),
    listNotes,
  );
  const deepCursor = async (f: ItemFilters): Promise<string | null> => {
    if (SKIP.has('List')) return null;
    let cursor: string | null = null;
    for (let p = 1; p < 20; p++) {
      cursor = (await list(f, cursor)).nextCursor;
      if (!cursor) break;
    }
    return cursor;
  };
  // The 19 pages before are followed untimed, every run; only the 20th is timed.
  const deepUnfiltered = await deepCursor({});
  await measure(
    'List',
    '20th page (cursor), unfiltered',
    TARGETS.listMs,
    () => list({}, deepUnfiltered),
    listNotes,
  );
  const deepByYear = new Map<number, string | null>();
  for (const y of years) deepByYear.set(y, await deepCursor({ year: y }));
  await measure(
    'List',
    '20th page (cursor), year',
    TARGETS.listMs,
    (i) => list({ year: at(years, i) }, deepByYear.get(at(years, i)) ?? null),
    listNotes,
  );
  await measure(
    'List',
    'person 公民身份号码 (exact)',
    TARGETS.listMs,
    (i) => list({ personResidentId: at(persons, i).residentId }),
    listNotes,
  );
  await measure(
    'List',
    'unit code (USCC / 社会保险编码)',
    TARGETS.listMs,
    (i) => {
      const u = at(units, i);
      return list({ unitCode: i % 2 ? u.socialInsuranceCode : u.creditCode });
    },
    listNotes,
  );

  // ---- 3. Search index -------------------------------------------------------------------------
  const search = (q: string, filters: SearchQuery['filters'] = {}): Promise<SearchResult> =>
    deps.search.search({ q, filters, limit: 20, cursor: null });
  await measure(
    'Search',
    '2-char term (养老, 工伤, …)',
    TARGETS.searchMs,
    (i) => search(at(TERMS, i)),
    searchNotes,
  );
  // The tokenizer cuts a Han run into words with jieba; a one-character word becomes a prefix term
  // (`"李"*`), which matches any bigram starting with it: slow, and it loosens the match. Say how often.
  const prefixNote = (values: readonly string[]) => {
    const n = Array.from({ length: RUNS }, (_, i) => at(values, i)).filter((v) =>
      queryTerms(v).some((t) => t.prefix),
    ).length;
    return n ? `; ${n}/${RUNS} queries had 1-char prefix terms` : '';
  };
  const names2 = names.filter((n) => Array.from(n).length === 2);
  const names3 = names.filter((n) => Array.from(n).length === 3);
  await measure(
    'Search',
    'phrase (养老保险待遇, 在职职工增员, …)',
    TARGETS.searchMs,
    (i) => search(at(PHRASES, i)),
    (r) => searchNotes(r) + prefixNote(PHRASES),
  );
  await measure(
    'Search',
    'person name, 2 chars',
    TARGETS.searchMs,
    (i) => search(at(names2, i)),
    (r) => searchNotes(r) + prefixNote(names2),
  );
  await measure(
    'Search',
    'person name, 3 chars',
    TARGETS.searchMs,
    (i) => search(at(names3, i)),
    (r) => searchNotes(r) + prefixNote(names3),
  );
  await measure(
    'Search',
    '公民身份号码 (exact)',
    TARGETS.exactIdMs,
    (i) => search(at(persons, i).residentId),
    searchNotes,
  );
  await measure(
    'Search',
    '统一社会信用代码 (exact)',
    TARGETS.exactIdMs,
    (i) => search(at(units, i).creditCode),
    searchNotes,
  );
  await measure(
    'Search',
    '2-char term + year filter',
    TARGETS.searchMs,
    (i) => search(at(TERMS, i), { year: at(years, Math.floor(i / TERMS.length)) }),
    searchNotes,
  );

  // ---- 4. The use case: search + masking + item loading + audit -------------------------------
  const actor: Actor = {
    accountId: 'acc_bench' as AccountId,
    username: 'bench',
    roles: ['archivist'],
    section: null,
  };
  const ctx = { requestId: null };
  const useCase = (input: Record<string, unknown>) =>
    searchItems(deps, actor, ctx, searchQuerySchema.parse(input));
  await measure(
    'searchItems',
    '2-char term',
    TARGETS.searchMs,
    (i) => useCase({ q: at(TERMS, i) }),
    searchNotes,
  );
  await measure(
    'searchItems',
    'phrase',
    TARGETS.searchMs,
    (i) => useCase({ q: at(PHRASES, i) }),
    searchNotes,
  );
  await measure(
    'searchItems',
    'person name (2-3 chars, as drawn)',
    TARGETS.searchMs,
    (i) => useCase({ q: at(names, i) }),
    searchNotes,
  );
  await measure(
    'searchItems',
    '公民身份号码 (exact)',
    TARGETS.exactIdMs,
    (i) => useCase({ q: at(persons, i).residentId }),
    searchNotes,
  );
  await measure(
    'searchItems',
    '2-char term + year',
    TARGETS.searchMs,
    (i) => useCase({ q: at(TERMS, i), year: at(years, Math.floor(i / TERMS.length)) }),
    searchNotes,
  );

  // ---- 5. Sizes on disk ------------------------------------------------------------------------
  const sizes = await seeder.close();

  // ---- Report ----------------------------------------------------------------------------------
  const out: string[] = [];
  out.push(`## Catalogue benchmark: ${int(N)} items, ${seeder.label}`, '');
  out.push(`Machine: ${machine}  `);
  out.push(
    `Date: ${new Date().toISOString()}; seed ${SEED}; batch ${int(BATCH)}; ${RUNS} timed runs per row after 5 warm-up runs; data dir ${dir}`,
    '',
  );
  const ok = (value: number, target: number | null) => (target === null ? '' : value <= target ? '✅' : '❌');
  out.push('| Measurement | Runs | p50 ms | p95 ms | max ms | Target | | Notes |');
  out.push('|---|---:|---:|---:|---:|---:|:-:|---|');
  if (args.reuse) out.push('| Seeding | | | | | | | skipped (--reuse) |');
  else {
    const minutes = seedMs / 60_000;
    out.push(
      `| Seeding, items + index | ${int(N)} items | | | ${(seedMs / 1000).toFixed(1)} s | ≤ ${TARGETS.seedMinutes} min | ${ok(minutes, TARGETS.seedMinutes)} | ${int(N / (seedMs / 1000))} items/s; items.insertMany ${(itemsMs / 1000).toFixed(1)} s, search.upsertMany (incl. projectItem) ${(searchMs / 1000).toFixed(1)} s, generating ${(genMs / 1000).toFixed(1)} s; peak RSS (this process) ${mb(peakRss)} |`,
    );
  }
  for (const r of rows) {
    out.push(
      `| ${r.group}: ${r.name} | ${r.runs} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.target === null ? '' : `p95 ≤ ${r.target}`} | ${ok(r.p95, r.target)} | ${r.notes} |`,
    );
  }
  for (const [name, note] of sizes) out.push(`| Size: ${name} | | | | | | | ${note} |`);
  out.push('');
  const statusMix = [...samples.byStatus.entries()]
    .map(([s, n]) => `${s} ${((100 * n) / N).toFixed(1)}%`)
    .join(', ');
  out.push(`Items per year: ${years.map((y) => `${y}: ${int(samples.byYear.get(y) ?? 0)}`).join(', ')}.  `);
  out.push(`Status mix: ${statusMix}.`);
  console.log(out.join('\n'));

  if (!keep) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}

interface Seeder {
  label: string;
  deps: ReturnType<typeof openEmbedded>['deps'];
  insertItems(batch: Item[]): Promise<void>;
  indexItems(batch: Item[]): Promise<void>;
  /** After the last batch (e.g. make the index searchable). */
  seeded(): Promise<void>;
  /** Closes the stores; returns sizes on disk as [name, note] rows. */
  close(): Promise<[string, string][]>;
}

function embeddedSeeder(dataDir: string): Seeder {
  const stores = openEmbedded(dataDir);
  const { metadata, search: searchFile } = stores.layout;
  return {
    label: 'embedded store (SQLite + FTS5)',
    deps: stores.deps,
    insertItems: async (batch) => stores.items.insertMany(batch),
    indexItems: async (batch) => stores.search.upsertMany(batch.map(projectItem)),
    seeded: async () => undefined,
    async close() {
      const open = {
        archive: sizeOf(metadata),
        archiveWal: sizeOf(`${metadata}-wal`),
        search: sizeOf(searchFile),
        searchWal: sizeOf(`${searchFile}-wal`),
      };
      stores.close(); // the last connection to close checkpoints the WAL into the database and removes it
      const closed = {
        archive: sizeOf(metadata),
        archiveWal: sizeOf(`${metadata}-wal`),
        search: sizeOf(searchFile),
      };
      return [
        [
          'archive.sqlite',
          `${mb(closed.archive)} after close (open: ${mb(open.archive)} + ${mb(open.archiveWal)} WAL)`,
        ],
        [
          'search.sqlite',
          `${mb(closed.search)} after close (open: ${mb(open.search)} + ${mb(open.searchWal)} WAL)`,
        ],
      ];
    },
  };
}

/**
 * The production stores on the project's test servers (FerretDB over SQLite, MinIO, one Elasticsearch 8
 * node), started here with their data under `dataDir` so that `--reuse` finds it again.
 */
async function productionSeeder(dataDir: string): Promise<Seeder> {
  const servers: RunningServer[] = [];
  for (const name of ['mongodb', 'minio', 'elasticsearch'] as const)
    servers.push(await startServer(name, await buildServer(name), { dataDir: join(dataDir, name) }));
  const urls = serverUrls(servers);
  const stores = await openProduction(
    productionProfileFor(urls, 'bench', 'bench-items'),
    join(dataDir, 'local'),
    // Bulk loading does not read what it writes: no refresh per batch (one at the end).
    { searchRefresh: false },
  );
  return {
    label: 'production stores (FerretDB v1 over SQLite as the MongoDB server, one Elasticsearch 8.18 node)',
    deps: stores.deps,
    insertItems: (batch) => stores.items.insertMany(batch),
    indexItems: async (batch) => void (await stores.search.upsertMany(batch.map(projectItem))),
    async seeded() {
      const es = createElasticsearchClient(urls.elasticsearch);
      await es.indices.refresh({ index: 'bench-items' });
      await es.close();
    },
    async close() {
      const es = createElasticsearchClient(urls.elasticsearch);
      const stats = await es.indices.stats({ index: 'bench-items', metric: ['store', 'docs'] });
      await es.close();
      await stores.close();
      await Promise.all(servers.map((s) => s.stop()));
      return [
        ['FerretDB data (SQLite)', mb(dirSize(join(dataDir, 'mongodb')))],
        ['Elasticsearch index', `${mb(stats._all.primaries?.store?.size_in_bytes ?? 0)} (primaries)`],
      ];
    },
  };
}

function dirSize(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + dirSize(join(path, name)), 0);
}

main().catch((e: unknown) => {
  console.error(e);
  if (!keep && !args.dir) rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
