/**
 * `npm run servers`: builds (once) and starts the production profile's servers on loopback ports, prints
 * the environment that points the test suite (and `npm start`) at them, and stops them on Ctrl-C.
 *
 *   npm run servers            # in one terminal
 *   export ARCHIVE_TEST_…=…    # paste the printed lines in another, then `npm test`
 */
import { startServers } from './servers';
import { testServerVariable } from '../../test/support/test-servers';

async function main(): Promise<void> {
  process.stderr.write(
    'building (first time only) and starting MongoDB protocol, MinIO, Elasticsearch 8 …\n',
  );
  const servers = await startServers();
  const minio = new URL(servers.find((s) => s.name === 'minio')!.url);
  const lines = servers.map((s) => `export ${testServerVariable(s.name)}='${s.url}'`);
  lines.push(
    '',
    '# or, to run the archive itself on them:',
    `export ARCHIVE_STORAGE_PROFILE=production ARCHIVE_MONGODB_URL='${servers.find((s) => s.name === 'mongodb')!.url}'`,
    `export ARCHIVE_MINIO_URL='http://${minio.host}' ARCHIVE_MINIO_ACCESS_KEY='${decodeURIComponent(minio.username)}' ARCHIVE_MINIO_SECRET_KEY='${decodeURIComponent(minio.password)}'`,
    `export ARCHIVE_ELASTICSEARCH_URL='${servers.find((s) => s.name === 'elasticsearch')!.url}'`,
  );
  console.log(lines.join('\n'));
  process.stderr.write(`\nrunning (pids ${servers.map((s) => s.pid).join(', ')}); Ctrl-C stops them\n`);
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
