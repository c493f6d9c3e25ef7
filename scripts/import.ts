/**
 * `npm run import -- <folder> --section 养老保险科 [--fonds 160] [--split file|separator|blank]`: ingests a
 * folder of scans into the archive in ARCHIVE_DATA_DIR (default ./data), with a progress bar, and waits
 * until every item is filed or in review. Interrupt it at any time and run it again: files already
 * imported are skipped and the pipeline's persistent jobs resume where they stopped.
 */
import { resolve, relative } from 'node:path';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { parseConfig } from '../server/main/config';
import { createLogger } from '../server/main/logger';
import { openEmbedded } from '../server/main/embedded';
import { assembleArchive } from '../server/main/archive';
import { listFiles, localUpload, sha256File } from '../server/main/local-files';
import { receiveBatch } from '../server/core/ingest/receive-batch';
import { SPLIT_MODES } from '../server/core/ingest/ingest.model';
import { SYSTEM_ACTOR } from '../server/core/access/actor';

const USAGE =
  'Usage: npm run import -- <folder> --section <业务科室> [--fonds 160] [--split file|separator|blank] [--batch-size 50]';

const argsSchema = z.strictObject({
  folder: z.string().min(1),
  section: z.string().min(1).max(50),
  fonds: z
    .string()
    .regex(/^[0-9A-Za-z]{1,12}$/)
    .default('160'),
  split: z.enum(SPLIT_MODES).default('file'),
  'batch-size': z.coerce.number().int().min(1).max(500).default(50),
});

function parseArgs(argv: readonly string[]) {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (m) raw[m[1]!] = m[2] ?? argv[++i] ?? '';
    else if (!raw.folder) raw.folder = a;
    else fail(`Unexpected argument ${a}.`);
  }
  const r = argsSchema.safeParse(raw);
  if (!r.success)
    fail(r.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('\n'));
  return r.data;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function bar(done: number, total: number, label: string): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const parsed = parseConfig(process.env);
  if (!parsed.ok) fail(parsed.problems.join('\n'));
  const folder = resolve(args.folder);
  if (!(await stat(folder).catch(() => null))?.isDirectory()) fail(`${folder} is not a folder.`);
  const stores = openEmbedded(resolve(parsed.config.ARCHIVE_DATA_DIR));
  const archive = await assembleArchive(
    stores.deps,
    createLogger('warn'),
    parsed.config.ARCHIVE_WORKER_CONCURRENCY,
  );
  const { deps } = archive;
  const ctx = { requestId: `import-${process.pid}` };
  await archive.startWorker();
  const stop = () => {
    process.stdout.write('\nInterrupted: run the same command again to resume.\n');
    void archive.stop().finally(() => {
      stores.close();
      process.exit(130);
    });
  };
  process.on('SIGINT', stop);

  const files = await listFiles(folder);
  const batches = new Set<string>();
  let skipped = 0;
  let pending: string[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const uploads = await Promise.all(pending.map((p) => localUpload(p, relative(folder, p))));
    const batch = await receiveBatch(
      deps,
      SYSTEM_ACTOR,
      ctx,
      {
        fondsCode: args.fonds,
        section: args.section,
        splitMode: args.split,
        source: 'import',
      },
      uploads,
    );
    batches.add(batch.id);
    pending = [];
  };
  for (const [i, path] of files.entries()) {
    const owner = await deps.ingest.getFingerprint(await sha256File(path));
    if (owner) {
      skipped++;
      batches.add(owner.batchId);
    } else pending.push(path);
    if (pending.length >= args['batch-size']) await flush();
    process.stdout.write(`\r${bar(i + 1, files.length, 'files stored')}   `);
  }
  await flush();
  process.stdout.write(`\n${skipped} file(s) were imported before and skipped.\n`);

  for (;;) {
    let total = 0;
    let finished = 0;
    let open = 0;
    for (const id of batches) {
      const b = await deps.ingest.getBatch(id);
      const c = await deps.ingest.draftCounts(id);
      total += c.processing + c.filed + c.needs_review + c.failed;
      finished += c.filed + c.needs_review + c.failed;
      if (b?.status !== 'done') open++;
    }
    process.stdout.write(`\r${bar(finished, total, 'items processed')}   `);
    if (open === 0) break;
    await new Promise((ok) => setTimeout(ok, 1000));
  }
  const sum = { filed: 0, needs_review: 0, failed: 0 };
  for (const id of batches) {
    const c = await deps.ingest.draftCounts(id);
    sum.filed += c.filed;
    sum.needs_review += c.needs_review;
    sum.failed += c.failed;
  }
  process.stdout.write(
    `\nDone: ${sum.filed} filed, ${sum.needs_review} waiting for review, ${sum.failed} failed (batches: ${[...batches].join(', ')}).\n`,
  );
  await archive.stop();
  stores.close();
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
