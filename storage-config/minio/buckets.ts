/**
 * The MinIO buckets of the production profile, declaratively: what `ensureBuckets`
 * (server/adapters/minio/minio.buckets.ts) creates at start-up and checks on every start.
 *
 * Two buckets per archive:
 * - the **archive bucket** (`<bucket>`) holds originals and derivatives under their SHA-256. It is created
 *   with versioning and object lock, and every object version gets a default retention, so an object
 *   cannot be removed (nor hidden for good behind a delete marker) by anyone who lacks the
 *   governance-bypass permission. Only the approved destruction path (`BlobStore.delete`) uses it.
 * - the **temporary bucket** (`<bucket>-tmp`) receives uploads while they are hashed. It has no lock and
 *   no versioning, and a lifecycle rule expires whatever a crash left there after a day.
 */

/** S3 object-lock retention modes. */
export type RetentionMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface MinioBuckets {
  /** The S3 region the client signs for; MinIO answers any, and naming it skips the location probe. */
  region: string;
  archive: {
    name: string;
    /**
     * The default retention of every object version. GOVERNANCE: nobody deletes a version before the date
     * unless they hold `s3:BypassGovernanceRetention` AND ask for the bypass on the request (the
     * destruction job does both). COMPLIANCE would mean nobody at all, not even the archive's own
     * destruction job nor the server's root account, can delete a version before the date: an approved
     * 销毁清册 could then not be executed for an object stored less than `years` ago, and a mistaken
     * upload could never be removed. The retention of a record is the catalogue's business (保管期限, counted
     * from the year after the item's year); the lock is only a floor under it, so it is the SHORTEST
     * period of the domain (10 years): a permanent (永久) or 30-year item is never due before its lock ends
     * anyway, and an object under an expired lock is still only removed by the destruction path.
     */
    retention: { mode: RetentionMode; years: number };
  };
  temp: {
    name: string;
    /** Days after which the lifecycle rule expires a left-over temporary object. */
    expireAfterDays: number;
  };
  /**
   * The multipart part size of an upload (the client buffers about three parts per upload in flight):
   * the smallest S3 allows, 5 MiB, keeps memory per concurrent upload near 15 MiB; 10,000 parts still
   * allow a 48 GiB object, far above the page-file limit (ARCHIVE_MAX_PAGE_MB).
   */
  uploadPartBytes: number;
}

/** Suffix of the temporary bucket's name. */
export const TEMP_BUCKET_SUFFIX = '-tmp';

/** S3 bucket naming: 3-63 characters, lower case letters, digits, dots and hyphens, DNS compatible. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The declared buckets for the archive bucket named `bucket` (productionProfile.minio.bucket). */
export function minioBuckets(bucket: string): MinioBuckets {
  const temp = `${bucket}${TEMP_BUCKET_SUFFIX}`;
  for (const name of [bucket, temp]) {
    if (!BUCKET_NAME.test(name) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name))
      throw new Error(
        `MinIO bucket name "${name}" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens).`,
      );
  }
  return {
    region: 'us-east-1',
    archive: { name: bucket, retention: { mode: 'GOVERNANCE', years: 10 } },
    temp: { name: temp, expireAfterDays: 1 },
    uploadPartBytes: 5 * 1024 * 1024,
  };
}
