import {
  SERVER_NAMES,
  startServers,
  type RunningServer,
  type ServerName,
} from '../../scripts/servers/servers';
import { testServerUrl, testServerVariable } from './test-servers';

const LABELS: Record<ServerName, string> = {
  mongodb: 'MongoDB protocol (FerretDB v1 over SQLite)',
  minio: 'MinIO',
  elasticsearch: 'Elasticsearch 8',
};

declare global {
  var __archiveTestServers: RunningServer[] | undefined;
}

/**
 * Jest global set-up. With ARCHIVE_TEST_SERVERS=1 (what `.ci/run` sets) it builds, if not cached, and
 * starts every real server of the production profile on loopback ports it chooses, and passes their
 * addresses to the test workers through the environment. Servers already given by their variables are
 * used as they are. Without it, the production suites are skipped, and this says so.
 */
export default async function globalSetup(): Promise<void> {
  const wanted = ['1', 'true', 'all'].includes(process.env.ARCHIVE_TEST_SERVERS ?? '');
  const missing = SERVER_NAMES.filter((n) => !testServerUrl(n));
  if (wanted && missing.length > 0) {
    process.stderr.write(`\n[servers] starting ${missing.map((n) => LABELS[n]).join(', ')} …\n`);
    const started = await startServers(missing);
    for (const s of started) process.env[testServerVariable(s.name)] = s.url;
    globalThis.__archiveTestServers = started;
  }
  process.stderr.write(`\n${backendSummary()}\n`);
}

/** One line per backend: what this run tests it against, or that it is skipped. */
export function backendSummary(): string {
  const lines = ['Backends in this run:', '  embedded: SQLite, filesystem, SQLite FTS5 (always)'];
  for (const n of SERVER_NAMES) {
    const url = testServerUrl(n);
    lines.push(
      url
        ? `  ${n}: ${LABELS[n]} at ${url.replace(/\/\/[^@/]*@/, '//')}`
        : `  ${n}: SKIPPED (no server; set ${testServerVariable(n)}, or ARCHIVE_TEST_SERVERS=1 to build and start one)`,
    );
  }
  return lines.join('\n');
}
