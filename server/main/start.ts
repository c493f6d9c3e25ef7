import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { openEmbedded } from './embedded';
import { assembleArchive } from './archive';
import { bootstrapAdmin } from '../core/accounts/account-service';
import { createApp } from '../http/app';
import { HotFolder } from './hot-folder';

/** `npm start`: the archive on the embedded profile, API and worker roles in one process by default. */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error('Configuration errors:\n' + parsed.problems.map((p) => `  - ${p}`).join('\n'));
    process.exit(1);
  }
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL);
  if (config.ARCHIVE_STORAGE_PROFILE !== 'embedded') {
    console.error(
      'The production profile (MongoDB, MinIO, Elasticsearch) is not available in this version: use ARCHIVE_STORAGE_PROFILE=embedded.',
    );
    process.exit(1);
  }
  const dataDir = resolve(config.ARCHIVE_DATA_DIR);
  const stores = openEmbedded(
    dataDir,
    config.ARCHIVE_OCR_WORKERS ? { ocrWorkers: config.ARCHIVE_OCR_WORKERS } : {},
  );
  const archive = await assembleArchive(
    stores.deps,
    log.child({ module: 'worker' }),
    config.ARCHIVE_WORKER_CONCURRENCY,
  );

  const admin = await bootstrapAdmin(archive.deps, config.ARCHIVE_BOOTSTRAP_ADMIN_PASSWORD);
  if (admin.created && admin.password) {
    // Printed once, to the terminal only (not the log): the administrator's first password.
    console.log(
      `\n  Created the "admin" account. Its password (shown once, keep it safe): ${admin.password}\n`,
    );
  } else if (admin.created) log.info({}, 'created the admin account with ARCHIVE_BOOTSTRAP_ADMIN_PASSWORD');

  let hotFolder: HotFolder | null = null;
  if (config.ARCHIVE_ROLE !== 'api') {
    await archive.startWorker();
    if (config.ARCHIVE_HOT_FOLDER !== 'off') {
      const root = resolve(config.ARCHIVE_HOT_FOLDER ?? stores.layout.hotFolder);
      hotFolder = new HotFolder(archive.deps, root, log.child({ module: 'hot-folder' }));
      await hotFolder.start();
      log.info({ root }, 'watching the hot folder');
    }
  }
  let server: ReturnType<typeof createServer> | null = null;
  if (config.ARCHIVE_ROLE !== 'worker') {
    const app = createApp({
      deps: archive.deps,
      log: log.child({ module: 'http' }),
      uploads: {
        dir: stores.layout.uploads,
        maxFileBytes: config.ARCHIVE_MAX_PAGE_MB * 1024 * 1024,
        maxFiles: config.ARCHIVE_MAX_PAGES,
      },
      secureCookies: config.ARCHIVE_SECURE_COOKIES === 'true',
      health: async () => ({
        profile: 'embedded',
        items: await archive.deps.items.count(),
        jobs: await archive.deps.jobs.counts(),
      }),
    });
    server = createServer(app);
    await new Promise<void>((ok) => server!.listen(config.PORT, config.HOST, ok));
    const addr = server.address();
    log.info(
      { port: typeof addr === 'object' && addr ? addr.port : config.PORT, dataDir },
      'archive listening',
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    if (server) await new Promise((ok) => server!.close(ok));
    await hotFolder?.stop();
    await archive.stop();
    stores.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
