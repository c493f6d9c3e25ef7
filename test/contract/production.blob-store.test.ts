import type { Client } from 'minio';
import { minioBuckets, type MinioBuckets } from '../../storage-config/minio/buckets';
import { MinioBlobStore } from '../../server/adapters/minio/minio.blob-store';
import { createMinioClient, ensureBuckets } from '../../server/adapters/minio/minio.buckets';
import { describeOnServer, minioTestSettings, uniqueTestName } from '../support/test-servers';
import { blobStoreContract } from './blob-store.contract';

describeOnServer('minio', 'MinIO BlobStore', (url) =>
  blobStoreContract('MinIO', async () => {
    const buckets = minioBuckets(uniqueTestName('blobs'));
    const client = createMinioClient(minioTestSettings(url), buckets);
    await ensureBuckets(client, buckets);
    return { store: new MinioBlobStore(client, buckets), cleanup: () => dropBuckets(client, buckets) };
  }),
);

/** Removes every version (locked ones with the governance bypass) and upload, then both buckets. */
async function dropBuckets(client: Client, buckets: MinioBuckets): Promise<void> {
  for (const bucket of [buckets.archive.name, buckets.temp.name]) {
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
