/**
 * `npm run servers`: builds (once) and starts the production profile's servers on loopback ports, prints
 * the environment that points the test suite (and `npm start`) at them, and stops them on Ctrl-C.
 *
 *   npm run servers            # in one terminal
 *   export ARCHIVE_TEST_…=…    # paste the printed lines in another, then `npm test`
 */
import { productionEnv, productionProfileFor, serverUrls, startServers } from './servers';
import { testServerVariable } from '../../test/support/test-servers';

async function main(): Promise<void> {
  process.stderr.write(
    'building (first time only) and starting MongoDB protocol, MinIO, Elasticsearch 8 …\n',
  );
  const servers = await startServers();
  const lines = servers.map((s) => `export ${testServerVariable(s.name)}='${s.url}'`);
  // The archive's own defaults: database and bucket `archive`, alias `archive-items`.
  const env = productionEnv(productionProfileFor(serverUrls(servers), 'archive', 'archive-items'));
  lines.push('', '# or, to run the archive itself on them:');
  lines.push(...Object.entries(env).map(([k, v]) => `export ${k}='${v}'`));
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
