import { backendSummary } from './servers.global-setup';

/** Stops exactly the servers the set-up started, and repeats which backends were skipped. */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__archiveTestServers ?? [];
  await Promise.all(started.map((s) => s.stop()));
  globalThis.__archiveTestServers = undefined;
  process.stderr.write(`\n${backendSummary()}\n`);
}
