/**
 * `tsx scripts/bench/catalogue-pdf.bench.ts [--items N] [--dir PATH] [--keep] [--xlsx] [--out FILE]`
 *
 * The 归档文件目录 of a district's year: seeds N archived items (default 30,000, one fonds, one year, every
 * class and retention) into the EMBEDDED store with the item repository's bulk loader, then builds the
 * year's catalogue as a PDF through the real use case (`printArchivalCatalogue`: items streamed in 档号
 * order from SQLite into the pdf-lib table printer) and prints a markdown table: time, pages, size, and
 * memory — RSS before the build, the peak RSS sampled during it, and the process's maxRSS (which includes
 * seeding). Target (issue 4): ≤ 30 s, bounded memory. A benchmark never fails a build: it prints, exits 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { SYSTEM_ACTOR } from '../../server/core/access/actor';
import { createFonds, ensureCatalogueSeeded } from '../../server/core/catalogue/catalogue-service';
import type { Item } from '../../server/core/items/item.model';
import { printArchivalCatalogue } from '../../server/core/store/store-documents';
import { openEmbedded } from '../../server/main/embedded';
import { BenchItemGenerator } from './bench-items';

const TARGET_SECONDS = 30;
const YEAR = 2013;

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '30000' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    xlsx: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  strict: true,
});
const N = Number(args.items);
if (!Number.isInteger(N) || N < 100) {
  console.error(
    'Usage: tsx scripts/bench/catalogue-pdf.bench.ts [--items N (≥ 100)] [--dir PATH] [--keep] [--xlsx] [--out FILE]',
  );
  process.exit(2);
}
const dir = args.dir ? resolve(args.dir) : mkdtempSync(join(tmpdir(), 'shebao-catalogue-bench-'));

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Every item archived and numbered, 件号 gap-free per fonds-year-class-retention, as accession would. */
function archive(batch: Item[], counters: Map<string, number>): Item[] {
  return batch.map((item) => {
    const group = `${item.fondsCode}-${item.year}-${item.classCode}-${item.retention}`;
    const n = (counters.get(group) ?? 0) + 1;
    counters.set(group, n);
    return {
      ...item,
      status: 'archived',
      archivalCode: `${group}-${String(n).padStart(4, '0')}`,
      itemNumber: n,
    };
  });
}

/** Peak RSS while `work` runs, sampled every 20 ms (and at its end). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  log(
    `${cpu[0]?.model.trim() ?? 'CPU'} × ${cpu.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}; ${int(N)} items into ${dir}`,
  );
  const stores = openEmbedded(dir);
  const { deps } = stores;
  const ctx = { requestId: null };
  try {
    await ensureCatalogueSeeded(deps);
    await createFonds(deps, SYSTEM_ACTOR, ctx, '160', { name: '重庆市涪陵区社会保险局' });

    const gen = new BenchItemGenerator({
      total: N,
      seed: 20130517,
      fromYear: YEAR,
      toYear: YEAR,
      persons: Math.max(2000, Math.round(N / 5)),
      units: Math.max(300, Math.round(N / 33)),
    });
    const counters = new Map<string, number>();
    const seedStart = performance.now();
    while (gen.done < N) stores.items.insertMany(archive(gen.next(5000), counters));
    const seedMs = performance.now() - seedStart;
    log(
      `seeded ${int(N)} archived items in ${(seedMs / 1000).toFixed(1)} s (${counters.size} class/retention groups)`,
    );

    const rows: string[] = [];
    const formats: ('pdf' | 'xlsx')[] = args.xlsx ? ['pdf', 'xlsx'] : ['pdf'];
    for (const format of formats) {
      const before = process.memoryUsage().rss;
      const t0 = performance.now();
      const { result, peak } = await withPeakRss(() =>
        printArchivalCatalogue(deps, SYSTEM_ACTOR, ctx, { fondsCode: '160', year: YEAR, format }),
      );
      const seconds = (performance.now() - t0) / 1000;
      let detail = `${(result.bytes.byteLength / 1024 / 1024).toFixed(1)} MB`;
      if (format === 'pdf') {
        const pages = (await PDFDocument.load(result.bytes, { updateMetadata: false })).getPageCount();
        detail += `, ${int(pages)} pages (A4 landscape)`;
        if (args.out) writeFileSync(resolve(args.out), result.bytes);
      }
      log(`${format}: ${seconds.toFixed(1)} s, ${detail}, RSS ${mb(before)} → peak ${mb(peak)}`);
      const verdict = format === 'pdf' ? (seconds <= TARGET_SECONDS ? '✅' : '❌') : '';
      rows.push(
        `| 归档文件目录 ${format.toUpperCase()}, ${int(N)} items | ${seconds.toFixed(1)} s | ${format === 'pdf' ? `≤ ${TARGET_SECONDS} s` : '—'} ${verdict} | ${detail} | ${mb(before)} | ${mb(peak)} (+${mb(peak - before)}) |`,
      );
    }
    const maxRss = process.resourceUsage().maxRSS * 1024;
    console.log('');
    console.log(
      `Machine: ${cpu[0]?.model.trim() ?? 'CPU'} × ${cpu.length}, Node ${process.version}. Seeding ${int(N)} items: ${(seedMs / 1000).toFixed(1)} s.`,
    );
    console.log('');
    console.log('| Output | Time | Target | Size | RSS before | Peak RSS during build |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    console.log('');
    console.log(`Process maxRSS (seeding included): ${mb(maxRss)}.`);
  } finally {
    stores.close();
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 0;
});
