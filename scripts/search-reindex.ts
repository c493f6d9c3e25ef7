/**
 * `npm run search:reindex [-- --drop-old]`: moves the production search alias (ARCHIVE_ELASTICSEARCH_ALIAS)
 * to the current items mapping (storage-config/elasticsearch/items-index.ts, CURRENT_ITEMS_MAPPING) with no
 * downtime: searches and writes go on while the new index fills; the alias swaps in one step. Run it after
 * a release that adds a mapping version. The old index stays, write-blocked, for a rollback, unless
 * --drop-old. Addresses and secrets come from the environment, as for `npm start` on the production profile.
 */
import { parseArgs } from 'node:util';
import { elasticsearchNodeUrl, productionProfileFromEnv } from '../storage-config/profiles';
import { CURRENT_ITEMS_MAPPING } from '../storage-config/elasticsearch/items-index';
import { createElasticsearchClient } from '../search/adapters/elasticsearch.client';
import { indicesBehind } from '../search/adapters/elasticsearch.index-lifecycle';
import { reindexTo } from '../search/adapters/elasticsearch.reindex';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'drop-old': { type: 'boolean', default: false } } });
  const parsed = productionProfileFromEnv(process.env);
  if (!parsed.ok) {
    console.error('Configuration errors:\n' + parsed.problems.map((p) => `  - ${p}`).join('\n'));
    process.exit(2);
  }
  const { alias } = parsed.profile.elasticsearch;
  const client = createElasticsearchClient(elasticsearchNodeUrl(parsed.profile.elasticsearch));
  try {
    const before = await indicesBehind(client, alias);
    console.log(
      `${alias} → ${before.join(', ') || '(none)'}; moving to mapping v${CURRENT_ITEMS_MAPPING.version}`,
    );
    const report = await reindexTo(client, {
      alias,
      to: CURRENT_ITEMS_MAPPING,
      dropOld: values['drop-old'],
      onBatch: (copied) => void process.stdout.write(`\r  copied ${copied.toLocaleString('en-US')}`),
    });
    console.log(
      `\n${report.from} → ${report.to}: copied ${report.copied}, caught up ${report.caughtUp}, removed ${report.removed}`,
    );
  } finally {
    await client.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
