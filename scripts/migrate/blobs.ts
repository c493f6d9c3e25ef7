import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SHA256_PATTERN } from '../../server/core/blobs/blob-store.port';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { MultisetDigest } from './digest';
import type { KindReport } from './report';

const KIND = 'blobs';
/** Objects uploaded at once. */
const PARALLEL = 4;

interface SourceBlob {
  sha256: string;
  path: string;
  bytes: number;
}

const sorted = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).sort();

/** The blob folder's objects (`ab/cd/<sha256>`), in key order, skipping writes in progress (`.tmp`). */
async function* sourceBlobs(root: string): AsyncIterable<SourceBlob> {
  for (const a of await sorted(root)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of await sorted(join(root, a))) {
      if (!/^[0-9a-f]{2}$/.test(b)) continue;
      for (const sha256 of await sorted(join(root, a, b))) {
        if (!SHA256_PATTERN.test(sha256) || !sha256.startsWith(a + b)) continue;
        const path = join(root, a, b, sha256);
        yield { sha256, path, bytes: (await stat(path)).size };
      }
    }
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Copies one blob unless the target has it. The file is hashed first: a file whose content does not
 * match its name (damaged on disk) is reported, not copied, so the target never stores it under a name
 * the archive did not give it. `put` then hashes the stream again and MinIO checks the stored copy.
 */
async function copyBlob(ctx: MigrationContext, blob: SourceBlob): Promise<'copied' | 'present' | string> {
  const store = ctx.target.stores.deps.blobs;
  if (await store.has(blob.sha256)) return 'present';
  if ((await sha256Of(blob.path)) !== blob.sha256)
    return `${blob.sha256}: the file's content does not match its name`;
  const stored = await store.put(createReadStream(blob.path) as AsyncIterable<Uint8Array>);
  if (stored.sha256 !== blob.sha256 || stored.bytes !== blob.bytes)
    return `${blob.sha256}: the file changed while it was copied`;
  return 'copied';
}

/**
 * Every object of the blob folder (originals, derivatives, searchable PDFs, ingest scans), content
 * addressed on both sides: a key names its bytes, so copying what is missing is all there is to do.
 * Progress is the last key done, so a resumed run starts after it.
 */
export async function migrateBlobs(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('blobs');
  const tally = newTally();
  const progress = await ctx.checkpoint<string>(KIND);
  tally.present += progress?.done ?? 0;
  let done = progress?.done ?? 0;
  let batch: SourceBlob[] = [];
  const flush = async () => {
    for (let i = 0; i < batch.length; i += PARALLEL) {
      const outcomes = await Promise.all(batch.slice(i, i + PARALLEL).map((b) => copyBlob(ctx, b)));
      for (const o of outcomes) {
        if (o === 'copied') tally.copied++;
        else if (o === 'present') tally.present++;
        else tally.notes.push(o);
        if (o === 'copied' || o === 'present') done++;
        ctx.tick(KIND);
      }
    }
    await ctx.saveCheckpoint(KIND, { after: batch[batch.length - 1]!.sha256, done });
    batch = [];
  };
  for await (const blob of sourceBlobs(ctx.source.blobsDir)) {
    if (progress && blob.sha256 <= progress.after) continue;
    batch.push(blob);
    if (batch.length >= ctx.batchSize) await flush();
  }
  if (batch.length > 0) await flush();

  const source = new MultisetDigest();
  for await (const blob of sourceBlobs(ctx.source.blobsDir)) {
    source.add(blob.sha256);
    source.addBytes(blob.bytes);
  }
  const target = new MultisetDigest();
  for await (const o of ctx.target.minio.listObjectsV2(ctx.target.archiveBucket, '', true)) {
    const { name, size } = o as { name?: string; size: number };
    if (!name) continue;
    target.add(name.slice(name.lastIndexOf('/') + 1));
    target.addBytes(size);
  }
  return { kind: KIND, source: source.side, target: target.side, ...tally };
}
