/**
 * `npm run migrate -- --to production`: copies the embedded installation in ARCHIVE_DATA_DIR (default
 * ./data: archive.sqlite, search.sqlite, blobs/) into the production backends the environment names (the
 * ARCHIVE_MONGODB_*, ARCHIVE_MINIO_* and ARCHIVE_ELASTICSEARCH_* variables of `npm start` on the
 * production profile), then prints a table comparing both sides kind by kind.
 *
 * Stop the embedded archive first (nothing may write to the source meanwhile), and start the production
 * archive only afterwards (a first start creates the admin account: the migration then refuses a target
 * that is already in use). Interrupt it at any time (Ctrl-C, a crash) and run it again: it resumes, copying
 * only what is missing; a run with nothing left to copy only compares.
 *
 * Exit code: 0 when every kind matches (the report says OK), 1 when something differs or failed, 2 when
 * the target holds data that did not come from this installation (nothing is written) or the arguments
 * or configuration are wrong.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../server/main/config';
import { productionProfileFromEnv } from '../storage-config/profiles';
import { MigrationAborted, MigrationRefused } from './migrate/context';
import { openSource, openTarget } from './migrate/endpoints';
import { renderReport } from './migrate/report';
import { migrate } from './migrate/run';

const USAGE = 'Usage: npm run migrate -- --to production';

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.to !== 'production') refuse(`Only --to production is supported.\n${USAGE}`);
  const config = parseConfig(process.env);
  if (!config.ok) refuse(`Configuration errors:\n${config.problems.map((p) => `  - ${p}`).join('\n')}`);
  const profile = productionProfileFromEnv(process.env);
  if (!profile.ok) refuse(`Configuration errors:\n${profile.problems.map((p) => `  - ${p}`).join('\n')}`);

  const source = openSource(resolve(config.config.ARCHIVE_DATA_DIR));
  const target = await openTarget(profile.profile);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  try {
    const report = await migrate(source, target, {
      signal: stop.signal,
      log: (step) => console.error(`→ ${step}`),
      onProgress: (kind, n) => {
        if (n % 1000 === 0) process.stderr.write(`\r  ${kind}: ${n.toLocaleString('en-US')}`);
      },
    });
    console.error('');
    console.log(renderReport(report));
    process.exitCode = report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof MigrationRefused) {
      console.error(`\nRefused: ${e.message}`);
      process.exitCode = 2;
    } else if (e instanceof MigrationAborted) {
      console.error(`\n${e.message}`);
      process.exitCode = 1;
    } else throw e;
  } finally {
    await target.close();
    source.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
