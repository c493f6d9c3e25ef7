/**
 * `npm run bench:scale-out [-- --pages 24] [-- --workers 1,2] [-- --profile embedded,production]`
 *
 * Ingest throughput with worker PROCESSES scaled out: for each profile and each worker count K, a batch of
 * scanned A4 pages is received into fresh stores, K separate `ARCHIVE_ROLE=worker` processes (one OCR
 * worker each, the way an agency adds machines) work the queue, and the time from the batch's arrival to
 * its last draft is measured. The worker processes are started and ready before the batch arrives, so
 * their start-up is not counted. Production uses the project's test servers (scripts/servers/), started
 * here, on this same machine: they take CPU from the workers, which a real deployment would not.
 * Prints a markdown table. A benchmark never fails a build: it prints, and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateFixtures } from '../fixtures';
import { openEmbedded } from '../../server/main/embedded';
import { openProduction } from '../../server/main/production';
import type { Stores } from '../../server/main/stores';
import { localUpload } from '../../server/main/local-files';
import { receiveBatch } from '../../server/core/ingest/receive-batch';
import { createFonds, ensureCatalogueSeeded } from '../../server/core/catalogue/catalogue-service';
import { SYSTEM_ACTOR } from '../../server/core/access/actor';
import {
  freePort,
  productionEnv,
  productionProfileFor,
  serverUrls,
  startServers,
  type RunningServer,
} from '../servers/servers';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '24' },
    workers: { type: 'string', default: '1,2' },
    profile: { type: 'string', default: 'embedded,production' },
  },
});
const PAGES = Number(values.pages);
const WORKERS = values.workers.split(',').map(Number);
const PROFILES = values.profile.split(',') as ('embedded' | 'production')[];
const ctx = { requestId: 'bench' };
const log = (m: string) =>
  process.stderr.write(`[scale-out ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

interface Target {
  stores: Stores;
  /** Environment that points a worker process at the same stores. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function embeddedTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  return {
    stores: openEmbedded(dir),
    env: { ARCHIVE_STORAGE_PROFILE: 'embedded', ARCHIVE_DATA_DIR: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function productionTarget(servers: RunningServer[], n: number): Promise<Target> {
  const profile = productionProfileFor(serverUrls(servers), `scale${n}${Date.now().toString(36)}`);
  const local = mkdtempSync(join(tmpdir(), 'bench-scale-local-'));
  return {
    stores: await openProduction(profile, local),
    env: productionEnv(profile),
    drop: async () => rmSync(local, { recursive: true, force: true }),
  };
}

/** Starts one worker process on the target's stores and waits until it is ready. */
async function startWorker(target: Target, i: number): Promise<ChildProcess> {
  const port = await freePort();
  const dataDir = target.env.ARCHIVE_DATA_DIR ?? mkdtempSync(join(tmpdir(), `bench-worker-${i}-`));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(__dirname, '../../server/main/start.ts')],
    {
      env: {
        ...process.env,
        ...target.env,
        ARCHIVE_DATA_DIR: dataDir,
        ARCHIVE_ROLE: 'worker',
        ARCHIVE_OCR_WORKERS: '1',
        ARCHIVE_WORKER_CONCURRENCY: '3',
        ARCHIVE_HOT_FOLDER: 'off',
        ARCHIVE_OPS_PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ARCHIVE_BOOTSTRAP_ADMIN_PASSWORD: 'bench-admin-password',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let tries = 0; tries < 600; tries++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`worker ${i} did not become ready`);
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

async function run(
  target: Target,
  workers: number,
  paths: string[],
  names: string[],
): Promise<{ seconds: number; cores: number }> {
  const { deps } = target.stores;
  await ensureCatalogueSeeded(deps);
  await createFonds(deps, SYSTEM_ACTOR, ctx, '160', { name: '基准测试全宗' });
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) children.push(await startWorker(target, i));
    const uploads = await Promise.all(paths.map((p, i) => localUpload(p, names[i]!)));
    const cpuBefore = children.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);
    const started = performance.now();
    const batch = await receiveBatch(
      deps,
      SYSTEM_ACTOR,
      ctx,
      { fondsCode: '160', section: '养老保险科', splitMode: 'file', source: 'import' },
      uploads,
    );
    for (;;) {
      if ((await deps.ingest.getBatch(batch.id))?.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = children.reduce((sum, c) => sum + cpuSeconds(c.pid), 0) - cpuBefore;
    return { seconds, cores: cpu / seconds };
  } finally {
    await Promise.all(children.map(stopWorker));
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim() ?? 'CPU'} × ${cpu.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}`;
  const fixtures = mkdtempSync(join(tmpdir(), 'bench-scale-fixtures-'));
  log(`generating ${PAGES} scanned pages`);
  const manifest = await generateFixtures({ out: fixtures, scans: PAGES, forms: 1, dpi: [200] });
  const scans = manifest.files.filter((f) => f.kind === 'scan').slice(0, PAGES);
  const paths = scans.map((s) => join(fixtures, s.path));
  const names = scans.map((s) => s.path);
  let servers: RunningServer[] = [];
  const rows: string[] = [];
  try {
    if (PROFILES.includes('production')) {
      log('starting the production test servers');
      servers = await startServers();
    }
    for (const profile of PROFILES) {
      const base: Record<number, number> = {};
      for (const k of WORKERS) {
        const target = profile === 'embedded' ? await embeddedTarget() : await productionTarget(servers, k);
        try {
          log(`${profile}: ${k} worker process(es), ${paths.length} pages`);
          const { seconds, cores } = await run(target, k, paths, names);
          base[k] = paths.length / seconds;
          const speedup = base[WORKERS[0]!] ? base[k]! / base[WORKERS[0]!]! : 1;
          rows.push(
            `| ${profile} | ${k} | ${paths.length} | ${seconds.toFixed(1)} | ${base[k]!.toFixed(2)} | ${speedup.toFixed(2)}× | ${cores.toFixed(2)} |`,
          );
          log(rows[rows.length - 1]!);
        } finally {
          await target.stores.close();
          await target.drop();
        }
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(fixtures, { recursive: true, force: true });
  }
  console.log(`\n### Ingest throughput, worker processes scaled out (${machine})\n`);
  console.log(
    '| Profile | Worker processes (1 OCR worker each) | Pages | Seconds | Pages/s | vs first | Cores used by the workers |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  rows.forEach((r) => console.log(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
