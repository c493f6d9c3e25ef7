import type { Client } from 'minio';
import type { Clock } from '../../server/core/shared/clock.port';
import { openProduction, type ProductionStores } from '../../server/main/production';
import { minioBuckets, type MinioBuckets } from '../../storage-config/minio/buckets';
import { createMinioClient } from '../../server/adapters/minio/minio.buckets';
import { deleteItemsIndices } from '../../search/adapters/elasticsearch.index-lifecycle';
import { createElasticsearchClient } from '../../search/adapters/elasticsearch.client';
import type { ProductionProfile } from '../../storage-config/profiles';
import { testServerUrl, uniqueTestName } from './test-servers';
import { productionProfileFor } from '../../scripts/servers/servers';

export type TestBackend = 'embedded' | 'production';

/** The backends an integration test runs on: embedded always, production when all three servers are up. */
export function testBackends(): TestBackend[] {
  const all = testServerUrl('mongodb') && testServerUrl('minio') && testServerUrl('elasticsearch');
  return all ? ['embedded', 'production'] : ['embedded'];
}

/** A production profile of its own for one test: a fresh database, buckets and search alias. */
export function productionTestProfile(): ProductionProfile {
  const mongodb = testServerUrl('mongodb');
  const minio = testServerUrl('minio');
  const elasticsearch = testServerUrl('elasticsearch');
  if (!mongodb || !minio || !elasticsearch)
    throw new Error('the production backends need all three test servers');
  return productionProfileFor({ mongodb, minio, elasticsearch }, uniqueTestName('t'));
}

/** Opens the production stores on a fresh profile; `drop` removes everything they created. */
export async function openProductionForTest(
  dataDir: string,
  options: { clock?: Clock; passwordCost?: number } = {},
): Promise<{ stores: ProductionStores; drop(): Promise<void> }> {
  const profile = productionTestProfile();
  const stores = await openProduction(profile, dataDir, { ...options, searchRefresh: true });
  return {
    stores,
    async drop() {
      const client = createMinioClient(profile.minio, minioBuckets(profile.minio.bucket));
      await dropTestBuckets(client, minioBuckets(profile.minio.bucket));
      const es = createElasticsearchClient(profile.elasticsearch.node);
      await deleteItemsIndices(es, profile.elasticsearch.alias);
      await es.close();
      const { MongoClient } = await import('mongodb');
      const mongo = new MongoClient(profile.mongodb.url);
      await mongo.db(profile.mongodb.database).dropDatabase();
      await mongo.close();
    },
  };
}

/** Removes every version (locked ones with the governance bypass) and upload, then both buckets. */
export async function dropTestBuckets(client: Client, buckets: MinioBuckets): Promise<void> {
  for (const bucket of [buckets.archive.name, buckets.temp.name]) {
    if (!(await client.bucketExists(bucket))) continue;
    const versions: { name: string; versionId?: string }[] = [];
    for await (const o of client.listObjects(bucket, '', true, { IncludeVersion: true }))
      versions.push(o as { name: string; versionId?: string });
    for (const { name, versionId } of versions)
      await client.removeObject(bucket, name, { versionId, governanceBypass: true });
    for await (const u of client.listIncompleteUploads(bucket, '', true))
      await client.removeIncompleteUpload(bucket, (u as { key: string }).key);
    await client.removeBucket(bucket);
  }
}
