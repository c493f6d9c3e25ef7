import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ProductionProfile } from '../../storage-config/profiles';

/**
 * Builds (once, cached outside the repository by scripts/servers/build-*.sh) and starts the real servers
 * of the production profile on loopback ports chosen here: MinIO, FerretDB (MongoDB protocol over SQLite)
 * and a single Elasticsearch 8 node. Used by the test set-up, the benchmarks and `npm run servers`.
 * `stop()` ends exactly the processes it started.
 */
export type ServerName = 'mongodb' | 'minio' | 'elasticsearch';
export const SERVER_NAMES: readonly ServerName[] = ['mongodb', 'minio', 'elasticsearch'];

export interface RunningServer {
  name: ServerName;
  /** mongodb://…, http://user:secret@… (MinIO), http://… (Elasticsearch) */
  url: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

const BUILD_SCRIPTS: Record<ServerName, string> = {
  mongodb: 'build-ferretdb.sh',
  minio: 'build-minio.sh',
  elasticsearch: 'build-elasticsearch.sh',
};

/** Runs the server's build script (a no-op when the cache has it) and returns the executable's path. */
export async function buildServer(name: ServerName): Promise<string> {
  const script = join(__dirname, BUILD_SCRIPTS[name]);
  const { stdout } = await promisify(execFile)('bash', [script], {
    maxBuffer: 16 * 1024 * 1024,
    env: process.env,
  });
  const path = stdout.trim().split('\n').pop() ?? '';
  if (!path) throw new Error(`${script} printed no executable path`);
  return path;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Starts one server from its built executable and waits until it answers. */
export async function startServer(
  name: ServerName,
  executable: string,
  options: { dataDir?: string; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `archive-${name}-`));
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const log = openSync(join(dataDir, `${name}.log`), 'a');
  let child: ChildProcess;
  let url: string;
  if (name === 'mongodb') {
    child = spawn(executable, ['-listen', `127.0.0.1:${port}`, '-dir', join(dataDir, 'db')], {
      stdio: ['ignore', log, log],
    });
    url = `mongodb://127.0.0.1:${port}/`;
  } else if (name === 'minio') {
    const user = 'archive-test';
    const secret = `archive-test-${Math.random().toString(36).slice(2, 12)}`;
    const consolePort = await freePort();
    child = spawn(
      executable,
      [
        'server',
        join(dataDir, 'data'),
        '--address',
        `127.0.0.1:${port}`,
        '--console-address',
        `127.0.0.1:${consolePort}`,
        '--quiet',
      ],
      {
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          MINIO_ROOT_USER: user,
          MINIO_ROOT_PASSWORD: secret,
          MINIO_CI_CD: '1',
          MINIO_BROWSER: 'off',
        },
      },
    );
    url = `http://${user}:${secret}@127.0.0.1:${port}`;
  } else {
    child = spawn(executable, ['--port', String(port), '--data', join(dataDir, 'es')], {
      stdio: ['ignore', log, log],
    });
    url = `http://127.0.0.1:${port}`;
  }
  let exited: string | null = null;
  child.on('exit', (code, signal) => (exited = `exited (${code ?? signal})`));
  const pid = child.pid ?? -1;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (exited) throw new Error(`${name} ${exited} before it was ready; see ${join(dataDir, `${name}.log`)}`);
    if (await ready(name, port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready on port ${port} in time; see its log in ${dataDir}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { name, url, pid, dataDir, stop };
}

async function ready(name: ServerName, port: number): Promise<boolean> {
  try {
    if (name === 'mongodb') return await tcpOpen(port);
    const path = name === 'minio' ? '/minio/health/live' : '/';
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Builds and starts the named servers, in parallel; on any failure stops those already started. */
export async function startServers(names: readonly ServerName[] = SERVER_NAMES): Promise<RunningServer[]> {
  const results = await Promise.allSettled(names.map(async (n) => startServer(n, await buildServer(n))));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length > 0) {
    await Promise.all(started.map((s) => s.stop()));
    throw new Error(failed.map((e) => e.message).join('\n'));
  }
  return started;
}

export type ServerUrls = Record<ServerName, string>;

export function serverUrls(servers: readonly RunningServer[]): ServerUrls {
  const url = (name: ServerName) => {
    const server = servers.find((s) => s.name === name);
    if (!server) throw new Error(`${name} is not running`);
    return server.url;
  };
  return { mongodb: url('mongodb'), minio: url('minio'), elasticsearch: url('elasticsearch') };
}

/** A MinIO address as these servers give it (`http://key:secret@host:port`), split for the `minio` client. */
export function minioSettingsOf(url: string): {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
} {
  const u = new URL(url);
  return {
    endPoint: u.hostname,
    port: Number(u.port),
    useSSL: u.protocol === 'https:',
    accessKey: decodeURIComponent(u.username),
    secretKey: decodeURIComponent(u.password),
  };
}

/**
 * A production profile on these servers: database and bucket `name`, search alias `alias` (default `name`).
 * One installation per name, so tests and benchmarks share servers without seeing each other.
 */
export function productionProfileFor(urls: ServerUrls, name: string, alias = name): ProductionProfile {
  return {
    kind: 'production',
    mongodb: { url: urls.mongodb, database: name },
    minio: { ...minioSettingsOf(urls.minio), bucket: name, region: 'us-east-1' },
    elasticsearch: { node: urls.elasticsearch, alias },
  };
}

/** The environment that points `npm start` (or a worker process) at a production profile. */
export function productionEnv(profile: ProductionProfile): Record<string, string> {
  const { minio } = profile;
  return {
    ARCHIVE_STORAGE_PROFILE: 'production',
    ARCHIVE_MONGODB_URL: profile.mongodb.url,
    ARCHIVE_MONGODB_DATABASE: profile.mongodb.database,
    ARCHIVE_MINIO_URL: `${minio.useSSL ? 'https' : 'http'}://${minio.endPoint}:${minio.port}`,
    ARCHIVE_MINIO_ACCESS_KEY: minio.accessKey,
    ARCHIVE_MINIO_SECRET_KEY: minio.secretKey,
    ARCHIVE_MINIO_BUCKET: minio.bucket,
    ARCHIVE_ELASTICSEARCH_URL: profile.elasticsearch.node,
    ARCHIVE_ELASTICSEARCH_ALIAS: profile.elasticsearch.alias,
  };
}
