import { minioSettingsOf } from '../../scripts/servers/servers';
/**
 * Which real servers this test run has. `test/support/servers.global-setup.ts` starts them (when the run
 * asks for them: `ARCHIVE_TEST_SERVERS=1`, as `.ci/run` does) and passes their addresses through these
 * environment variables; a developer may also point them at servers of their own. A suite for a server
 * that is absent is skipped, and the run's summary names it.
 */
export type TestServer = 'mongodb' | 'minio' | 'elasticsearch';

const VARIABLES: Record<TestServer, string> = {
  mongodb: 'ARCHIVE_TEST_MONGODB_URL',
  minio: 'ARCHIVE_TEST_MINIO_URL',
  elasticsearch: 'ARCHIVE_TEST_ELASTICSEARCH_URL',
};

/**
 * The server's address, or null when this run has none.
 * - mongodb: `mongodb://127.0.0.1:<port>/`
 * - minio: `http://<accessKey>:<secretKey>@127.0.0.1:<port>`
 * - elasticsearch: `http://127.0.0.1:<port>`
 */
export function testServerUrl(server: TestServer): string | null {
  const value = process.env[VARIABLES[server]];
  return value && value.length > 0 ? value : null;
}

export function testServerVariable(server: TestServer): string {
  return VARIABLES[server];
}

/**
 * Declares `suite` when the server is available; otherwise a skipped placeholder that says so
 * (jest reports it as skipped, and the global set-up prints which servers the run lacks).
 */
export function describeOnServer(server: TestServer, title: string, suite: (url: string) => void): void {
  const url = testServerUrl(server);
  if (url) {
    suite(url);
    return;
  }
  describe.skip(`${title} (skipped: no ${server} server; set ${VARIABLES[server]} or ARCHIVE_TEST_SERVERS=1)`, () => {
    it('needs a real server', () => {
      throw new Error('skipped');
    });
  });
}

/** A name no other test uses, for a database, bucket or index of one test. */
export function uniqueTestName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
}

/** MinIO's address split for the `minio` client. */
export const minioTestSettings = minioSettingsOf;
