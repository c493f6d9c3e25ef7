import { Client, S3Error, type LifecycleConfig, type ObjectLockInfo } from 'minio';
import type { MinioBuckets } from '../../../storage-config/minio/buckets';
import { StorageError } from '../../core/shared/errors';

/** Where the MinIO server is and who we are to it (storage-config/profiles.ts, `production.minio`). */
export interface MinioConnection {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
}

/**
 * The client every MinIO adapter uses. Two settings matter beyond the address:
 * - `region`: named, so the client never sends the bucket-location probe before its first request;
 * - `partSize`: named, so an upload of unknown length (a stream) is cut into parts of that size. Left
 *   unset, minio-js sizes parts for the largest possible object (5 TiB / 10,000 parts, about 528 MiB) and
 *   buffers a whole part in memory per upload, which is exactly what a streamed `put` must not do.
 */
export function createMinioClient(connection: MinioConnection, buckets: MinioBuckets): Client {
  const { endPoint, port, useSSL, accessKey, secretKey } = connection;
  return new Client({
    endPoint,
    port,
    useSSL,
    accessKey,
    secretKey,
    region: buckets.region,
    partSize: buckets.uploadPartBytes,
  });
}

/**
 * Creates the archive and temporary buckets when absent and checks them when present (idempotent; safe
 * when two processes start at once). Refuses, with a StorageError that says what to do, an archive
 * bucket without versioning and object lock: object lock can only be switched on when a bucket is
 * created, and an archive that silently stored originals in a deletable bucket would be worse than one
 * that does not start.
 */
export async function ensureBuckets(client: Client, buckets: MinioBuckets): Promise<void> {
  try {
    await ensureArchiveBucket(client, buckets);
    await ensureTempBucket(client, buckets);
  } catch (cause) {
    if (cause instanceof StorageError) throw cause;
    throw minioFailure('Could not set up the MinIO buckets.', cause);
  }
}

async function ensureArchiveBucket(client: Client, { region, archive }: MinioBuckets): Promise<void> {
  const { name, retention } = archive;
  if (!(await client.bucketExists(name))) await makeBucket(client, name, region, true);
  const versioning = await client.getBucketVersioning(name);
  const lock = await objectLockOf(client, name);
  if (versioning?.Status !== 'Enabled' || lock?.objectLockEnabled !== 'Enabled')
    throw new StorageError(
      `The MinIO bucket "${name}" exists without object lock and versioning. The archive stores originals ` +
        'only in a bucket created with object lock (which S3 cannot add to an existing bucket): name a new ' +
        'bucket in the configuration, or copy this one into a bucket created with object lock.',
      false,
    );
  // The declared default retention is applied to the bucket (it governs versions written from now on;
  // versions already stored keep the retention they were written with).
  if (lock.mode !== retention.mode || lock.unit !== 'Years' || Number(lock.validity) !== retention.years)
    await client.setObjectLockConfig(name, {
      mode: retention.mode,
      unit: 'Years',
      validity: retention.years,
    });
}

async function ensureTempBucket(client: Client, { region, temp }: MinioBuckets): Promise<void> {
  const { name, expireAfterDays } = temp;
  if (!(await client.bucketExists(name))) await makeBucket(client, name, region, false);
  // A temporary object is removed as soon as its content is in the archive bucket: a lock would keep it,
  // and versioning would keep its bytes as a noncurrent version behind a delete marker.
  const lock = await objectLockOf(client, name);
  const versioning = await client.getBucketVersioning(name);
  if (lock?.objectLockEnabled === 'Enabled' || versioning?.Status === 'Enabled')
    throw new StorageError(
      `The MinIO bucket "${name}" (uploads in progress) has object lock or versioning; it must have neither. ` +
        'Remove it (it holds nothing worth keeping) and start again.',
      false,
    );
  await client.setBucketLifecycle(name, tempLifecycle(expireAfterDays));
}

/**
 * What a crash leaves behind (a finished temporary object, or an unfinished multipart upload) expires.
 * MinIO accepts but ignores AbortIncompleteMultipartUpload: it drops unfinished uploads itself after
 * 24 hours (`api stale_uploads_expiry`); the element is kept for S3 servers that honour it.
 */
export function tempLifecycle(days: number): LifecycleConfig {
  return {
    Rule: [
      {
        ID: 'expire-temporary-uploads',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        Expiration: { Days: days },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: days },
      },
    ],
  };
}

async function makeBucket(client: Client, name: string, region: string, objectLock: boolean): Promise<void> {
  try {
    // Object lock at creation also switches versioning on (S3 requires it for locks).
    await client.makeBucket(name, region, { ObjectLocking: objectLock });
  } catch (e) {
    // Another process created it between our check and our request: it is checked like any other.
    if (!(e instanceof S3Error && e.code === 'BucketAlreadyOwnedByYou')) throw e;
  }
}

/** The bucket's object-lock configuration, or null when it has none. */
async function objectLockOf(client: Client, name: string) {
  try {
    // minio-js declares a callback and a void overload before the promise one.
    const info = await (client.getObjectLockConfig(name) as unknown as Promise<ObjectLockInfo>);
    return 'objectLockEnabled' in info ? info : null;
  } catch (e) {
    if (e instanceof S3Error && e.code === 'ObjectLockConfigurationNotFoundError') return null;
    throw e;
  }
}

/** Node network failures: the server is unreachable or the connection broke. */
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** S3 error codes of a busy or recovering server. */
const TRANSIENT_S3_ERRORS = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'OperationTimedOut',
  'XMinioServerNotInitialized',
  'XMinioReadQuorum',
  'XMinioWriteQuorum',
]);

/**
 * Wraps a client failure: network errors, a busy server, and the error minio-js raises after its own
 * retries of a 5xx answer may succeed on retry; a refusal (access denied, a locked version) will not.
 */
export function minioFailure(message: string, cause: unknown): StorageError {
  return new StorageError(message, isTransient(cause), { cause });
}

function isTransient(cause: unknown): boolean {
  if (cause instanceof S3Error) return TRANSIENT_S3_ERRORS.has(cause.code ?? '');
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_ERRORS.has(code)) return true;
  // minio-js retries 408/429/5xx answers itself and then throws a plain Error naming them.
  return cause instanceof Error && /^Request failed after \d+ retries|Retries exhausted/.test(cause.message);
}

/** An S3 "no such object / version" answer (HEAD answers NotFound, GET NoSuchKey). */
export function isNotFound(cause: unknown): boolean {
  return (
    cause instanceof S3Error &&
    (cause.code === 'NotFound' || cause.code === 'NoSuchKey' || cause.code === 'NoSuchVersion')
  );
}
