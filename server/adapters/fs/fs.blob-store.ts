import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  SHA256_PATTERN,
  type BlobStore,
  type Sha256,
  type StoredBlob,
} from '../../core/blobs/blob-store.port';
import { StorageError, invalid } from '../../core/shared/errors';

/**
 * Blobs on the local filesystem, content-addressed: `<root>/ab/cd/abcd…` (SHA-256 hex). A write goes to
 * a temporary file in `<root>/.tmp`, is fsynced, then renamed into place (atomic on one filesystem), and
 * the directory is fsynced. An existing object is never overwritten: identical content is identical.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: Sha256): string {
    if (!SHA256_PATTERN.test(sha256))
      throw invalid('blob.bad_key', 'A blob key is a lower-case SHA-256 hex digest.');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: AsyncIterable<Uint8Array> | Uint8Array): Promise<StoredBlob> {
    const tmpDir = join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const file = await open(tmp, 'wx');
    try {
      const chunks = content instanceof Uint8Array ? [content] : content;
      for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
        await file.write(chunk);
      }
      await file.sync();
    } catch (cause) {
      await file.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw new StorageError('Could not write the blob.', true, { cause });
    }
    await file.close();
    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    if (await exists(target)) {
      await unlink(tmp);
      return { sha256, bytes, created: false };
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(tmp, target);
    await fsyncDir(dirname(target));
    return { sha256, bytes, created: true };
  }

  async open(sha256: Sha256) {
    const path = this.pathOf(sha256);
    try {
      const s = await stat(path);
      return { bytes: s.size, stream: createReadStream(path) as AsyncIterable<Uint8Array> };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StorageError('Could not open the blob.', true, { cause: e });
    }
  }

  async has(sha256: Sha256): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async delete(sha256: Sha256): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
