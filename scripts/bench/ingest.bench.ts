/**
 * `npm run bench:ingest [-- --scans 300] [-- --forms 30] [-- --workers 1,2] [-- --generated 200]
 *   [-- --tiff-pages 500] [-- --throughput-pages 12] [-- --skip accuracy,throughput,generated,tiff]`
 *
 * Measures the ingest pipeline on the embedded profile and prints markdown tables:
 * - throughput: pipeline pages/s against raw tesseract.js recognition of the same pages with the same
 *   worker count (target: overhead ≤ 10 %), for each worker count;
 * - generated forms: items/s through the core use case (target ≥ 20/s);
 * - a multi-page TIFF uploaded and paged: peak RSS (no whole-file buffers);
 * - classification on generated scans: form-title and business-step accuracy, 公民身份号码 exact match,
 *   year accuracy, and items filed confidently wrong (target 0).
 * A benchmark never fails a build: it prints, and exits 0.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateFixtures, type Manifest } from '../fixtures';
import { openEmbedded } from '../../server/main/embedded';
import { assembleArchive } from '../../server/main/archive';
import { localUpload } from '../../server/main/local-files';
import { receiveBatch } from '../../server/core/ingest/receive-batch';
import { fileGeneratedForm } from '../../server/core/ingest/file-generated-form';
import { createFonds } from '../../server/core/catalogue/catalogue-service';
import { SYSTEM_ACTOR } from '../../server/core/access/actor';
import { TesseractOcrEngine } from '../../ingest/adapters/tesseract.ocr-engine';
import { pageFile } from '../../ingest/page-file.stage';
import type { Draft } from '../../server/core/ingest/ingest.model';

const { values } = parseArgs({
  options: {
    scans: { type: 'string', default: '300' },
    forms: { type: 'string', default: '30' },
    workers: { type: 'string', default: [...new Set([1, availableParallelism()])].join(',') },
    generated: { type: 'string', default: '200' },
    'tiff-pages': { type: 'string', default: '500' },
    'throughput-pages': { type: 'string', default: '12' },
    skip: { type: 'string', default: '' },
  },
});
const skip = new Set(values.skip.split(',').filter(Boolean));
const ctx = { requestId: 'bench' };
const silent = { info() {}, error() {}, warn() {}, debug() {} } as never;

async function archiveIn(dir: string, ocrWorkers: number) {
  const stores = openEmbedded(dir, { ocrWorkers });
  const archive = await assembleArchive(stores.deps, silent, 2 * ocrWorkers + 1);
  await createFonds(archive.deps, SYSTEM_ACTOR, ctx, '160', { name: '基准测试全宗' });
  return { stores, archive };
}

/** Ingests files as one batch and waits until it is done; returns the batch's drafts and seconds. */
async function ingest(dir: string, ocrWorkers: number, paths: string[], names: string[]) {
  const { stores, archive } = await archiveIn(dir, ocrWorkers);
  const started = performance.now();
  const uploads = await Promise.all(paths.map((p, i) => localUpload(p, names[i]!)));
  const batch = await receiveBatch(
    archive.deps,
    SYSTEM_ACTOR,
    ctx,
    { fondsCode: '160', section: '养老保险科', splitMode: 'file', source: 'import' },
    uploads,
  );
  await archive.startWorker();
  for (;;) {
    await archive.worker.drain();
    if ((await archive.deps.ingest.getBatch(batch.id))?.status === 'done') break;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const drafts: Draft[] = [];
  let cursor: string | null = null;
  do {
    const page = await archive.deps.ingest.listDrafts({ batchId: batch.id }, 200, cursor);
    drafts.push(...page.drafts);
    cursor = page.nextCursor;
  } while (cursor);
  await archive.stop();
  stores.close();
  return { drafts, seconds, batch };
}

async function throughput(manifest: Manifest, dir: string, pages: number, workerCounts: number[]) {
  const scans = manifest.files.filter((f) => f.kind === 'scan').slice(0, pages);
  const paths = scans.map((s) => join(dir, s.path));
  const rows: string[] = [];
  for (const w of workerCounts) {
    const ocr = new TesseractOcrEngine({ workers: w, cacheDir: join(dir, `ocr-cache-${w}`) });
    await ocr.recognize(readFileSync(paths[0]!)); // workers started, as the pipeline's are after its first page
    const t0 = performance.now();
    await Promise.all(paths.map((p) => ocr.recognize(readFileSync(p))));
    const raw = paths.length / ((performance.now() - t0) / 1000);
    await ocr.close();
    const run = mkdtempSync(join(tmpdir(), `bench-ingest-${w}-`));
    const { seconds } = await ingest(
      run,
      w,
      paths,
      scans.map((s) => s.path),
    );
    rmSync(run, { recursive: true, force: true });
    const pipeline = paths.length / seconds;
    rows.push(
      `| ${w} | ${paths.length} | ${raw.toFixed(2)} | ${pipeline.toFixed(2)} | ${(((raw - pipeline) / raw) * 100).toFixed(1)} % |`,
    );
  }
  console.log('\n### OCR pipeline throughput (300/200 dpi A4 scans)\n');
  console.log('| OCR workers | pages | raw tesseract.js pages/s | pipeline pages/s | overhead |');
  console.log('|---|---|---|---|---|');
  rows.forEach((r) => console.log(r));
}

async function generated(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-generated-'));
  const { stores, archive } = await archiveIn(dir, 1);
  const one = (i: number) =>
    fileGeneratedForm(archive.deps, SYSTEM_ACTOR, ctx, {
      fondsCode: '160',
      section: '养老保险科',
      businessStep: 'GX-01',
      date: '20240315',
      reference: `GX2024${String(i).padStart(6, '0')}`,
      fields: [
        { label: '姓名', value: '张伟' },
        { label: '公民身份号码', value: '11010519491231002X' },
        { label: '参保单位', value: '重庆市涪陵区榨菜集团有限公司' },
        { label: '申报月份', value: '2024年03月' },
      ],
      persons: [{ name: '张伟', residentId: '11010519491231002X' }],
      units: [],
    });
  await one(0);
  const rows: string[] = [];
  let next = 1;
  for (const concurrency of [1, 4]) {
    const t0 = performance.now();
    const last = next + n;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < last) await one(next++);
      }),
    );
    rows.push(`| ${n} | ${concurrency} | ${(n / ((performance.now() - t0) / 1000)).toFixed(1)} | ≥ 20 |`);
  }
  await archive.stop();
  stores.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('\n### Generated forms (render PDF + preview, store, classify, register, audit)\n');
  console.log('| items | at once | items/s | target |\n|---|---|---|---|');
  rows.forEach((r) => console.log(r));
}

async function tiff(pages: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tiff-'));
  const manifest = await generateFixtures({ out: dir, scans: 0, tiffPages: pages, dpi: [200] });
  const file = manifest.files.find((f) => f.kind === 'multi-page-tiff')!;
  const bytes = file.bytes;
  const { stores, archive } = await archiveIn(join(dir, 'data'), 1);
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const batch = await receiveBatch(
    archive.deps,
    SYSTEM_ACTOR,
    ctx,
    { fondsCode: '160', section: '养老保险科', splitMode: 'blank', source: 'import' },
    [await localUpload(join(dir, file.path), 'stack.tif')],
  );
  // Paging is the whole-file part (every later stage works page by page): run only the paging job.

  await pageFile(archive.deps, batch.id, 1);
  clearInterval(timer);
  const after = await archive.deps.ingest.getBatch(batch.id);
  console.log(`\n### A ${pages}-page TIFF: stored and paged\n`);
  console.log('| file MB | pages paged | seconds | RSS before MB | peak RSS MB |\n|---|---|---|---|---|');
  console.log(
    `| ${(bytes / 2 ** 20).toFixed(0)} | ${after?.files[0]?.pages} | ${((performance.now() - t0) / 1000).toFixed(1)} | ${(before / 2 ** 20).toFixed(0)} | ${(peak / 2 ** 20).toFixed(0)} |`,
  );
  await archive.stop();
  stores.close();
  rmSync(dir, { recursive: true, force: true });
}

async function accuracy(manifest: Manifest, dir: string, workers: number) {
  const scans = manifest.files.filter((f) => f.kind === 'scan');
  const run = mkdtempSync(join(tmpdir(), 'bench-accuracy-'));
  const { drafts, seconds } = await ingest(
    run,
    workers,
    scans.map((s) => join(dir, s.path)),
    scans.map((s) => s.path),
  );
  rmSync(run, { recursive: true, force: true });
  const misses: string[] = [];
  let title = 0,
    step = 0,
    ids = 0,
    idTotal = 0,
    year = 0,
    filed = 0,
    review = 0,
    wrong = 0;
  for (const d of drafts) {
    const truth = scans[d.pages[0]!.from.file - 1]!.truth!;
    const c = d.classification;
    if (c?.formTitle.value === truth.formTitle) title++;
    if (c?.businessStep.value === truth.businessStep) step++;
    if (c?.year.value === truth.year) year++;
    if (truth.residentId) {
      idTotal++;
      if (d.extraction?.residentIds.includes(truth.residentId)) ids++;
    }
    if (d.status === 'filed') {
      filed++;
      if (c?.businessStep.value !== truth.businessStep || c?.year.value !== truth.year) {
        wrong++;
        misses.push(
          `filed wrong: ${truth.formTitle} (${truth.businessStep}${truth.ambiguous ? ', ambiguous' : ''}) → ${c?.businessStep.value} ${c?.businessStep.confidence.toFixed(2)}: ${c?.businessStep.reason}`,
        );
      }
    } else review++;
    if (c?.formTitle.value !== truth.formTitle)
      misses.push(
        `title miss: ${truth.formTitle} → ${c?.formTitle.value} ${c?.formTitle.confidence.toFixed(2)} [${d.extraction?.title ?? ''}] ${d.status}`,
      );
  }
  const pct = (a: number, b: number) => `${((a / Math.max(1, b)) * 100).toFixed(1)} %`;
  console.log(
    `\n### Classification on ${drafts.length} generated scans of ${manifest.forms.length} forms (${seconds.toFixed(0)} s)\n`,
  );
  console.log('| measure | value | target |\n|---|---|---|');
  console.log(`| form-title accuracy | ${pct(title, drafts.length)} | ≥ 95 % |`);
  console.log(`| business-step accuracy | ${pct(step, drafts.length)} | |`);
  console.log(`| 公民身份号码 exact match | ${pct(ids, idTotal)} (${ids}/${idTotal}) | |`);
  console.log(`| year accuracy | ${pct(year, drafts.length)} | |`);
  console.log(`| filed without review | ${filed} | |`);
  console.log(`| sent to review | ${review} | |`);
  console.log(`| **filed confidently wrong** | **${wrong}** | 0 |`);
  if (process.env.BENCH_VERBOSE) misses.forEach((m) => console.log(`- ${m}`));
}

async function main() {
  console.log(
    `# Ingest benchmark\n\n${cpus()[0]?.model ?? 'CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  );
  const workerCounts = values.workers.split(',').map(Number);
  if (!skip.has('generated')) await generated(Number(values.generated));
  if (!skip.has('tiff')) await tiff(Number(values['tiff-pages']));
  if (skip.has('throughput') && skip.has('accuracy')) return;
  const dir = mkdtempSync(join(tmpdir(), 'bench-scans-'));
  const t0 = performance.now();
  const manifest = await generateFixtures({
    out: dir,
    scans: Number(values.scans),
    forms: Number(values.forms),
    seed: 11,
  });
  console.log(
    `\n(${manifest.files.length} scans generated in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
  if (!skip.has('throughput'))
    await throughput(manifest, dir, Number(values['throughput-pages']), workerCounts);
  if (!skip.has('accuracy')) await accuracy(manifest, dir, Math.max(...workerCounts));
  rmSync(dir, { recursive: true, force: true });
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(0);
  },
);
