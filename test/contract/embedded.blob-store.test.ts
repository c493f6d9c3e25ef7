import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '../../server/adapters/fs/fs.blob-store';
import { blobStoreContract } from './blob-store.contract';

blobStoreContract('FsBlobStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blob-contract-'));
  return {
    store: new FsBlobStore(join(dir, 'blobs')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
