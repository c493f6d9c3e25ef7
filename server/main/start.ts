import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { ConfigurationError, openStores } from './open-stores';
import { assembleArchive } from './archive';
import { bootstrapAdmin } from '../core/accounts/account-service';
import { createApp, type AppOptions } from '../http/app';
import { createOpsApp } from '../http/ops-app';
import { HotFolder } from './hot-folder';
import { createMetrics, meteredJobs, meteredOcr } from '../ops/metrics';
import { checkReadiness } from '../ops/readiness';

/**
 * `npm start`: the archive on the configured profile (embedded by default). ARCHIVE_ROLE chooses the
 * process's work: `all` (API and worker in one process), `api`, or `worker` (scale these out).
 */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error('Configuration errors:\n' + parsed.problems.map((p) => `  - ${p}`).join('\n'));
    process.exit(1);
  }
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL);
  let stores;
  try {
    stores = await openStores(config, process.env);
  } catch (e) {
    if (e instanceof ConfigurationError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const metrics = createMetrics({
    jobs: stores.deps.jobs,
    role: config.ARCHIVE_ROLE,
    profile: stores.profile,
  });
  const base = {
    ...stores.deps,
    jobs: meteredJobs(stores.deps.jobs, metrics),
    media: { ...stores.deps.media, ocr: meteredOcr(stores.deps.media.ocr, metrics) },
  };
  const archive = await assembleArchive(
    base,
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

  const probes = stores.probes;
  const ops: AppOptions['ops'] = {
    live: () => ({ profile: stores.profile, role: config.ARCHIVE_ROLE, pid: process.pid }),
    ready: () => checkReadiness(probes),
    metrics,
    ...(config.ARCHIVE_METRICS_TOKEN ? { metricsToken: config.ARCHIVE_METRICS_TOKEN } : {}),
  };

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
  let server: Server;
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
      ops,
    });
    server = createServer(app);
    await listen(server, config.PORT, config.HOST);
    log.info({ port: portOf(server, config.PORT), profile: stores.profile }, 'archive listening');
  } else {
    server = createServer(createOpsApp(ops));
    await listen(server, config.ARCHIVE_OPS_PORT, config.HOST);
    log.info(
      { port: portOf(server, config.ARCHIVE_OPS_PORT), profile: stores.profile },
      'worker ops listening',
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await new Promise((ok) => server.close(ok));
    await hotFolder?.stop();
    await archive.stop();
    await stores.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((ok) => server.listen(port, host, ok));
}

function portOf(server: Server, fallback: number): number {
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : fallback;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
