import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { CopyDestinationOptions, CopySourceOptions, type Client } from 'minio';
import type { MinioBuckets, RetentionMode } from '../../../storage-config/minio/buckets';
import {
  SHA256_PATTERN,
  type BlobStore,
  type Sha256,
  type StoredBlob,
} from '../../core/blobs/blob-store.port';
import { StorageError, invalid } from '../../core/shared/errors';
import { isNotFound, minioFailure } from './minio.buckets';

/** One version of an object in the archive bucket, as the version listing reports it. */
interface ObjectVersion {
  versionId: string;
  isDeleteMarker: boolean;
  size: number;
  lastModified: number;
}

/**
 * Blobs in MinIO, content-addressed like the filesystem store: `ab/cd/abcd…` (SHA-256 hex) in the archive
 * bucket, which has versioning and object lock (storage-config/minio/buckets.ts, checked at start by
 * `ensureBuckets`).
 *
 * A `put` streams the content into a fresh object of the temporary bucket while hashing and counting
 * it (a multipart upload: memory holds a few parts, never the file), then, unless the key exists,
 * copies it server-side into the archive bucket, asking the server for a SHA-256 of the copy, and checks
 * the stored version's size, checksum and lock before it removes the temporary object. A reader never
 * sees a partial object (S3 writes are atomic), and a crash leaves only a temporary object, which the
 * temporary bucket's lifecycle rule expires.
 *
 * Every version in the archive bucket is locked (GOVERNANCE, the domain's shortest retention): a plain
 * delete only adds a delete marker, and removing a version, or shortening its lock, is refused without
 * the governance bypass. The store therefore reads by version, never "the current object": `open` and
 * `has` see the OLDEST real version of a key, so an original stays readable behind a delete marker and a
 * version written over it by someone else is never served. `delete` (the approved destruction path
 * only) asks for the bypass and removes every version and delete marker, so no copy survives in the
 * version history. The only other request with the bypass removes a version that the same `put` wrote
 * seconds earlier and found not to match what it uploaded (see `verify`): a corrupt original must not
 * stay, since reads and later puts of the same content would take it for the real one.
 *
 * Reads stream through the archive (no presigned URL is ever handed out), so every read is authorised
 * and audited by the core.
 */
export class MinioBlobStore implements BlobStore {
  private readonly archive: string;
  private readonly temp: string;
  private readonly partBytes: number;
  private readonly retentionMode: RetentionMode;
  /** Commits in progress in this process, per key: identical concurrent puts copy once. */
  private readonly committing = new Map<string, Promise<unknown>>();

  /**
   * `destroyer` is the client for requests with the governance bypass; its credentials need
   * `s3:BypassGovernanceRetention`, which `client`'s should then lack (least privilege: only destruction
   * can remove a locked version). It defaults to `client`, for a deployment with one MinIO account.
   */
  constructor(
    private readonly client: Client,
    buckets: MinioBuckets,
    private readonly destroyer: Client = client,
  ) {
    // A client without the declared part size would buffer hundreds of MiB per upload (createMinioClient).
    if (client.partSize !== buckets.uploadPartBytes)
      throw new Error(
        'MinioBlobStore needs a client made by createMinioClient (its part size bounds memory).',
      );
    this.archive = buckets.archive.name;
    this.temp = buckets.temp.name;
    this.partBytes = buckets.uploadPartBytes;
    this.retentionMode = buckets.archive.retention.mode;
  }

  async put(content: AsyncIterable<Uint8Array> | Uint8Array): Promise<StoredBlob> {
    const tempName = randomUUID();
    const tally = new Tally();
    try {
      await this.upload(tempName, content, tally);
    } catch (cause) {
      await this.discardUpload(tempName);
      if (cause instanceof StorageError) throw cause;
      throw minioFailure('Could not write the blob.', cause);
    }
    const sha256 = tally.digest();
    try {
      const created = await this.oneAtATime(sha256, () => this.commit(tempName, sha256, tally.bytes));
      return { sha256, bytes: tally.bytes, created };
    } catch (cause) {
      if (cause instanceof StorageError) throw cause;
      throw minioFailure('Could not store the blob.', cause);
    } finally {
      await this.client.removeObject(this.temp, tempName).catch(() => undefined);
    }
  }

  async open(sha256: Sha256) {
    const key = keyOf(sha256);
    try {
      const original = await this.original(key);
      if (!original) return null;
      const stream = await this.client.getObject(this.archive, key, { versionId: original.versionId });
      return { bytes: original.size, stream: stream as AsyncIterable<Uint8Array> };
    } catch (cause) {
      if (isNotFound(cause)) return null; // destroyed between the listing and the read
      throw minioFailure('Could not open the blob.', cause);
    }
  }

  async has(sha256: Sha256): Promise<boolean> {
    const key = keyOf(sha256);
    try {
      return (await this.original(key)) !== null;
    } catch (cause) {
      throw minioFailure('Could not look up the blob.', cause);
    }
  }

  /**
   * Removes every version and delete marker of the object, with the governance bypass (the destruction
   * path's permission). Repeats the listing until it is empty, so a version added meanwhile goes too.
   */
  async delete(sha256: Sha256): Promise<void> {
    const key = keyOf(sha256);
    try {
      for (let round = 0; round < 10; round++) {
        const versions = await this.versions(key);
        if (versions.length === 0) return;
        for (const { versionId } of versions)
          await this.destroyer.removeObject(this.archive, key, { versionId, governanceBypass: true });
      }
    } catch (cause) {
      throw minioFailure('Could not delete the blob.', cause);
    }
    throw new StorageError('The blob still has versions after ten rounds of deletion.', true);
  }

  /**
   * Streams the content into the temporary object. Content that fits in one part (or is already in
   * memory) goes up in one request; longer content as a multipart upload of `partBytes` parts. A source
   * that fails midway ends the upload early; the failure is rethrown once the client has finished,
   * because minio-js does not notice a failed source stream and would wait for it forever.
   */
  private async upload(name: string, content: AsyncIterable<Uint8Array> | Uint8Array, tally: Tally) {
    if (content instanceof Uint8Array) {
      tally.add(content);
      await this.client.putObject(this.temp, name, asBuffer(content), content.byteLength);
      return;
    }
    const source = content[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let headBytes = 0;
    try {
      while (headBytes <= this.partBytes) {
        const next = await source.next();
        if (next.done) {
          await this.client.putObject(this.temp, name, Buffer.concat(head, headBytes), headBytes);
          return;
        }
        const chunk = asBuffer(next.value);
        tally.add(chunk);
        head.push(chunk);
        headBytes += chunk.length;
      }
    } catch (cause) {
      throw new StorageError('Could not write the blob: its content failed.', true, { cause });
    }
    const failure: { cause?: unknown } = {};
    const body = Readable.from(rest(head, source, tally, failure), { objectMode: false });
    try {
      await this.client.putObject(this.temp, name, body);
    } finally {
      body.destroy();
    }
    if ('cause' in failure)
      throw new StorageError('Could not write the blob: its content failed.', true, { cause: failure.cause });
  }

  /**
   * Copies the temporary object into the archive bucket unless the key exists; true when it copied.
   * Identical puts in this process take turns, so they copy once. Two PROCESSES putting identical content
   * at the same instant may both copy (S3 has no conditional CopyObject): the key then holds two
   * identical versions, both locked, both reported as created (as two FsBlobStore renames would be);
   * reads take the oldest, and `delete` removes both.
   */
  private async commit(tempName: string, sha256: Sha256, bytes: number): Promise<boolean> {
    const key = keyOf(sha256);
    if (await this.original(key)) return false;
    const copied = await this.client.copyObject(
      new CopySourceOptions({ Bucket: this.temp, Object: tempName }),
      new CopyDestinationOptions({
        Bucket: this.archive,
        Object: key,
        // The server computes a full-object SHA-256 of what it stored, which `verify` compares with ours.
        Headers: { 'x-amz-checksum-algorithm': 'SHA256' },
      }),
    );
    await this.verify(key, ('VersionId' in copied && copied.VersionId) || null, sha256, bytes);
    return true;
  }

  /**
   * Checks the version just stored: its size, the SHA-256 the server computed (when it computes one),
   * and that it is locked in the declared mode. A version that fails is removed (it is ours, seconds old,
   * and referenced by nothing) and the put fails; a missing lock means the bucket lost its default
   * retention, which retrying will not mend.
   */
  private async verify(key: string, versionId: string | null, sha256: Sha256, bytes: number) {
    const head = await this.client.makeRequestAsyncOmit({
      method: 'HEAD',
      bucketName: this.archive,
      objectName: key,
      query: versionId ? `versionId=${encodeURIComponent(versionId)}` : '',
      headers: { 'x-amz-checksum-mode': 'ENABLED' },
    });
    const size = Number(head.headers['content-length']);
    const checksum = head.headers['x-amz-checksum-sha256'];
    const mode = head.headers['x-amz-object-lock-mode'];
    const intact = size === bytes && (checksum === undefined || checksum === hexToBase64(sha256));
    if (intact && mode === this.retentionMode) return;
    if (versionId)
      await this.destroyer
        .removeObject(this.archive, key, { versionId, governanceBypass: true })
        .catch(() => undefined);
    if (!intact) throw new StorageError('The stored copy of a blob does not match what was uploaded.', true);
    throw new StorageError(
      `A blob was stored without a ${this.retentionMode} lock: the archive bucket has lost its default retention.`,
      false,
    );
  }

  /** The oldest version of the key that is not a delete marker: the original, or null. */
  private async original(key: string): Promise<ObjectVersion | null> {
    const real = (await this.versions(key)).filter((v) => !v.isDeleteMarker);
    real.sort((a, b) => a.lastModified - b.lastModified || a.versionId.localeCompare(b.versionId));
    return real[0] ?? null;
  }

  /** Every version and delete marker of the key (one listing request, unless it holds over 1,000). */
  private async versions(key: string): Promise<ObjectVersion[]> {
    const found: ObjectVersion[] = [];
    let keyMarker = '';
    let versionIdMarker = '';
    for (;;) {
      const page = await this.client.listObjectsQuery(this.archive, key, '', {
        Delimiter: '',
        MaxKeys: 1000,
        IncludeVersion: true,
        keyMarker,
        versionIdMarker,
      });
      for (const o of page.objects as ListedVersion[])
        if (o.name === key && o.versionId)
          found.push({
            versionId: o.versionId,
            isDeleteMarker: o.isDeleteMarker === true,
            size: o.size ?? 0,
            lastModified: o.lastModified?.getTime() ?? 0,
          });
      const truncated = String(page.isTruncated) === 'true';
      if (!truncated || !page.keyMarker || !page.versionIdMarker) return found;
      if (page.keyMarker === keyMarker && page.versionIdMarker === versionIdMarker) return found;
      keyMarker = page.keyMarker;
      versionIdMarker = page.versionIdMarker;
    }
  }

  /** Aborts what a failed upload may have left: a finished temporary object or an unfinished multipart upload. */
  private async discardUpload(name: string): Promise<void> {
    await this.client.removeObject(this.temp, name).catch(() => undefined);
    await this.client.removeIncompleteUpload(this.temp, name).catch(() => undefined);
  }

  /** Runs `task` after every earlier task of the same key in this process has settled. */
  private async oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.committing.get(key) ?? Promise.resolve()).then(task, task);
    const settled = run.catch(() => undefined);
    this.committing.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.committing.get(key) === settled) this.committing.delete(key);
    }
  }
}

/** A version as minio-js lists it (its declared ObjectInfo type omits the version fields). */
interface ListedVersion {
  name?: string;
  size?: number;
  lastModified?: Date;
  versionId?: string;
  isDeleteMarker?: boolean;
}

function keyOf(sha256: Sha256): string {
  if (!SHA256_PATTERN.test(sha256))
    throw invalid('blob.bad_key', 'A blob key is a lower-case SHA-256 hex digest.');
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The running SHA-256 and byte count of what went up. */
class Tally {
  private readonly hash = createHash('sha256');
  bytes = 0;
  add(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }
  digest(): Sha256 {
    return this.hash.digest('hex');
  }
}

/**
 * The chunks read ahead, then the rest of the source, counted. A failing source ends the stream (and
 * the upload) normally and leaves its error in `failure`; an upload that stops early closes the source.
 */
async function* rest(
  head: Buffer[],
  source: AsyncIterator<Uint8Array>,
  tally: Tally,
  failure: { cause?: unknown },
): AsyncGenerator<Buffer> {
  // Handed over one by one and dropped from the array, so the read-ahead is not held to the end.
  for (let chunk = head.shift(); chunk; chunk = head.shift()) yield chunk;
  try {
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      const chunk = asBuffer(next.value);
      tally.add(chunk);
      yield chunk;
    }
  } catch (cause) {
    failure.cause = cause;
  } finally {
    await source.return?.();
  }
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}
