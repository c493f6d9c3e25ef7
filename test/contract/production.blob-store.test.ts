import { dropTestBuckets } from '../support/test-backends';
import { minioBuckets } from '../../storage-config/minio/buckets';
import { MinioBlobStore } from '../../server/adapters/minio/minio.blob-store';
import { createMinioClient, ensureBuckets } from '../../server/adapters/minio/minio.buckets';
import { describeOnServer, minioTestSettings, uniqueTestName } from '../support/test-servers';
import { blobStoreContract } from './blob-store.contract';

describeOnServer('minio', 'MinIO BlobStore', (url) =>
  blobStoreContract('MinIO', async () => {
    const buckets = minioBuckets(uniqueTestName('blobs'));
    const client = createMinioClient(minioTestSettings(url), buckets);
    await ensureBuckets(client, buckets);
    return { store: new MinioBlobStore(client, buckets), cleanup: () => dropTestBuckets(client, buckets) };
  }),
);
