import { dropTestBuckets } from '../support/test-backends';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from 'minio';
import { AssumeRoleProvider } from 'minio/dist/main/AssumeRoleProvider.js';
import { minioBuckets, type MinioBuckets } from '../../storage-config/minio/buckets';
import { MinioBlobStore } from '../../server/adapters/minio/minio.blob-store';
import { createMinioClient, ensureBuckets } from '../../server/adapters/minio/minio.buckets';
import { describeOnServer, minioTestSettings, uniqueTestName } from '../support/test-servers';

/**
 * What object lock really does to the archive bucket on a real MinIO, seen through the store and
 * through `plain`: a client whose credentials lack `s3:BypassGovernanceRetention` (temporary STS
 * credentials of the root account with a session policy that denies it), as every client but the
 * destruction path's should. The store itself runs on `plain` and deletes through the root client.
 */
describeOnServer('minio', 'MinIO object lock', (url) => {
  describe('MinIO BlobStore: object lock, versions, streaming', () => {
    let buckets: MinioBuckets;
    let client: Client;
    let plain: Client;
    let store: MinioBlobStore;
    let archive: string;

    beforeEach(async () => {
      buckets = minioBuckets(uniqueTestName('lock'));
      archive = buckets.archive.name;
      client = createMinioClient(minioTestSettings(url), buckets);
      plain = withoutBypass(url, buckets);
      await ensureBuckets(client, buckets);
      store = new MinioBlobStore(plain, buckets, client);
    });
    afterEach(async () => dropTestBuckets(client, buckets));

    it('a plain delete only puts a delete marker over an original; its version cannot be removed or unlocked', async () => {
      const data = Buffer.from('社保业务档案 original page', 'utf8');
      const { sha256 } = await store.put(data);
      const key = keyOf(sha256);

      await plain.removeObject(archive, key);
      const versions = await versionsOf(plain, archive, key);
      expect(versions).toHaveLength(2);
      expect(versions.filter((v) => v.isDeleteMarker)).toHaveLength(1);
      const original = versions.find((v) => !v.isDeleteMarker)!;
      // Plain S3 sees no current object any more…
      await expect(plain.statObject(archive, key)).rejects.toMatchObject({ code: 'NotFound' });
      // …but the store reads the original version, which is still there, byte for byte.
      expect(await store.has(sha256)).toBe(true);
      expect((await readAll((await store.open(sha256))!.stream)).equals(data)).toBe(true);

      // Removing the locked version, or shortening its lock, is refused without the bypass…
      await expect(plain.removeObject(archive, key, { versionId: original.versionId })).rejects.toMatchObject(
        { code: 'InvalidRequest', message: expect.stringMatching(/WORM/) },
      );
      // …and asking for the bypass without the permission is refused too.
      await expect(
        plain.removeObject(archive, key, { versionId: original.versionId, governanceBypass: true }),
      ).rejects.toMatchObject({ code: 'AccessDenied' });
      await expect(
        plain.putObjectRetention(archive, key, {
          versionId: original.versionId,
          mode: 'GOVERNANCE',
          retainUntilDate: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      ).rejects.toMatchObject({ code: 'InvalidRequest', message: expect.stringMatching(/WORM/) });
      expect((await versionsOf(plain, archive, key)).map((v) => v.versionId)).toContain(original.versionId);
      // Identical content is still known to the store.
      expect((await store.put(data)).created).toBe(false);
    });

    it('content written over an original by another client is never served', async () => {
      const data = Buffer.from('the original 参保人 form', 'utf8');
      const { sha256 } = await store.put(data);
      await plain.putObject(archive, keyOf(sha256), Buffer.from('forged'));
      expect(await versionsOf(plain, archive, keyOf(sha256))).toHaveLength(2);
      const opened = await store.open(sha256);
      expect(opened?.bytes).toBe(data.length);
      expect((await readAll(opened!.stream)).equals(data)).toBe(true);
    });

    it('delete removes every version and delete marker, so nothing survives in the version history', async () => {
      const data = randomBytes(10_000);
      const { sha256 } = await store.put(data);
      const key = keyOf(sha256);
      await plain.putObject(archive, key, data); // a second, identical version
      await plain.removeObject(archive, key); // and a delete marker on top
      expect(await versionsOf(plain, archive, key)).toHaveLength(3);

      await store.delete(sha256);
      expect(await versionsOf(plain, archive, key)).toEqual([]);
      expect(await store.has(sha256)).toBe(false);
      expect(await store.open(sha256)).toBeNull();
      // Stored again after destruction, it is a new original, locked again.
      expect((await store.put(data)).created).toBe(true);
      const [again] = await versionsOf(plain, archive, key);
      expect(await plain.getObjectRetention(archive, key, { versionId: again!.versionId })).toMatchObject({
        mode: 'GOVERNANCE',
      });
    });

    it('a 20 MB stream uploads with bounded memory', async () => {
      const total = 20 * 1024 * 1024;
      const part = buckets.uploadPartBytes;
      const hash = createHash('sha256');
      const gc = exposeGc();
      const heldBuffers = () => {
        gc();
        return process.memoryUsage().arrayBuffers;
      };
      const base = heldBuffers();
      const held: number[] = []; // buffer memory after each MiB read from the source
      let produced = 0;
      let onServerBeforeEnd = 0;
      // Generated as it is read: the only copies of the content are the ones the store keeps.
      async function* source(): AsyncGenerator<Uint8Array> {
        while (produced < total) {
          const chunk = randomBytes(Math.min(64 * 1024, total - produced));
          hash.update(chunk);
          produced += chunk.length;
          yield chunk;
          if (produced % (1024 * 1024) === 0) held.push(heldBuffers() - base);
          if (produced === 16 * 1024 * 1024)
            onServerBeforeEnd = await uploadedPartBytes(client, buckets.temp.name);
        }
      }

      const put = await store.put(source());
      expect(put).toEqual({ sha256: hash.digest('hex'), bytes: total, created: true });
      // Parts reached the server while the source was still being read…
      expect(onServerBeforeEnd).toBeGreaterThanOrEqual(part);
      // …and memory did not grow with the stream. It holds a few parts (one uploading, one queued, one
      // filling, and for a moment a part's chunks beside their concatenation): measured 6-16 MiB, at
      // most 21 MiB, on any length of stream. A store that kept the content would hold all of it, and
      // its copies, once the source ended.
      expect(held).toHaveLength(20);
      expect(Math.max(...held)).toBeLessThan(5 * part);
      expect(held[held.length - 1]).toBeLessThan(total);

      const opened = await store.open(put.sha256);
      expect(opened?.bytes).toBe(total);
      const back = createHash('sha256');
      for await (const chunk of opened!.stream) back.update(chunk);
      expect(back.digest('hex')).toBe(put.sha256);
      expect(await objectsIn(client, buckets.temp.name)).toEqual([]);
    }, 120_000);

    it('a multipart upload whose source fails leaves no object, part or upload behind', async () => {
      const part = buckets.uploadPartBytes;
      const data = randomBytes(3 * part);
      async function* failing(): AsyncGenerator<Uint8Array> {
        for (let offset = 0; offset < 2 * part + 100; offset += 100_000)
          yield data.subarray(offset, offset + 100_000);
        throw new Error('scanner disconnected');
      }
      await expect(store.put(failing())).rejects.toThrow(/content failed/);
      expect(await objectsIn(client, buckets.temp.name)).toEqual([]);
      expect(await uploadsIn(client, buckets.temp.name)).toEqual([]);
      expect(await objectsIn(client, archive)).toEqual([]);
    }, 60_000);

    it('the archive bucket has versioning and a GOVERNANCE default retention; the temporary bucket expires left-overs', async () => {
      expect(await client.getBucketVersioning(archive)).toMatchObject({ Status: 'Enabled' });
      expect(await client.getObjectLockConfig(archive)).toEqual({
        objectLockEnabled: 'Enabled',
        mode: 'GOVERNANCE',
        unit: 'Years',
        validity: 10,
      });

      const temp = buckets.temp.name;
      const lifecycle = (await client.getBucketLifecycle(temp)) as unknown as { Rule: unknown };
      const rules = [lifecycle.Rule].flat() as { Status: string; Expiration: { Days: unknown } }[];
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ Status: 'Enabled', Filter: { Prefix: '' } });
      expect(Number(rules[0]!.Expiration.Days)).toBe(1);
      await expect(client.getObjectLockConfig(temp)).rejects.toMatchObject({
        code: 'ObjectLockConfigurationNotFoundError',
      });
      expect((await client.getBucketVersioning(temp))?.Status).not.toBe('Enabled');

      // A stored original: locked for the declared ten years, with the server's own SHA-256 of it.
      const { sha256 } = await store.put(Buffer.from('保管期限 10 years'));
      const [version] = await versionsOf(client, archive, keyOf(sha256));
      const retention = await client.getObjectRetention(archive, keyOf(sha256), {
        versionId: version!.versionId,
      });
      expect(retention?.mode).toBe('GOVERNANCE');
      const until = new Date(retention!.retainUntilDate!);
      const tenYears = new Date();
      tenYears.setUTCFullYear(tenYears.getUTCFullYear() + 10);
      expect(Math.abs(until.getTime() - tenYears.getTime())).toBeLessThan(2 * 86_400_000);
      const head = await client.makeRequestAsyncOmit({
        method: 'HEAD',
        bucketName: archive,
        objectName: keyOf(sha256),
        headers: { 'x-amz-checksum-mode': 'ENABLED' },
      });
      expect(head.headers['x-amz-checksum-sha256']).toBe(Buffer.from(sha256, 'hex').toString('base64'));
      expect(await objectsIn(client, temp)).toEqual([]);

      // Set-up is idempotent, and puts the declared default retention back if it was changed.
      await expect(ensureBuckets(client, buckets)).resolves.toBeUndefined();
      await client.setObjectLockConfig(archive, { mode: 'GOVERNANCE', unit: 'Days', validity: 1 });
      await ensureBuckets(client, buckets);
      expect(await client.getObjectLockConfig(archive)).toMatchObject({ unit: 'Years', validity: 10 });
    });

    it('an unreachable server is a retryable StorageError', async () => {
      const port = await closedPort();
      const away = createMinioClient({ ...minioTestSettings(url), port }, buckets);
      const unreachable = new MinioBlobStore(away, buckets);
      const sha256 = createHash('sha256').update('x').digest('hex');
      for (const attempt of [
        () => unreachable.has(sha256),
        () => unreachable.open(sha256),
        () => unreachable.put(Buffer.from('x')),
        () => unreachable.delete(sha256),
        () => ensureBuckets(away, buckets),
      ])
        await expect(attempt()).rejects.toMatchObject({ name: 'StorageError', retryable: true });
    });

    it('refuses to start on an existing archive bucket without object lock', async () => {
      const other = minioBuckets(uniqueTestName('nolock'));
      await client.makeBucket(other.archive.name, other.region);
      try {
        await expect(ensureBuckets(client, other)).rejects.toMatchObject({
          name: 'StorageError',
          retryable: false,
          message: expect.stringMatching(/without object lock and versioning/),
        });
        expect(await client.bucketExists(other.temp.name)).toBe(false);
      } finally {
        await client.removeBucket(other.archive.name);
      }
    });
  });
});

/**
 * A client of the same server whose temporary credentials may do anything in S3 except bypass
 * governance retention (an STS session policy narrows the root account's rights).
 */
function withoutBypass(url: string, buckets: MinioBuckets): Client {
  const settings = minioTestSettings(url);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] },
      { Effect: 'Deny', Action: ['s3:BypassGovernanceRetention'], Resource: ['arn:aws:s3:::*'] },
    ],
  };
  const credentialsProvider = new AssumeRoleProvider({
    stsEndpoint: new URL(url).origin,
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    policy: JSON.stringify(policy),
    region: buckets.region,
    durationSeconds: 900,
  });
  return new Client({
    endPoint: settings.endPoint,
    port: settings.port,
    useSSL: settings.useSSL,
    region: buckets.region,
    partSize: buckets.uploadPartBytes,
    credentialsProvider,
  });
}

const keyOf = (sha256: string) => `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

interface Version {
  name: string;
  versionId: string;
  isDeleteMarker: boolean;
}

async function versionsOf(client: Client, bucket: string, key: string): Promise<Version[]> {
  const found: Version[] = [];
  for await (const o of client.listObjects(bucket, key, true, { IncludeVersion: true }))
    found.push(o as Version);
  return found.filter((v) => v.name === key);
}

async function objectsIn(client: Client, bucket: string): Promise<string[]> {
  const names: string[] = [];
  for await (const o of client.listObjects(bucket, '', true, { IncludeVersion: true }))
    names.push((o as Version).name);
  return names;
}

async function uploadsIn(client: Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const u of client.listIncompleteUploads(bucket, '', true)) keys.push((u as { key: string }).key);
  return keys;
}

/** Waits (a bounded number of polls) for an unfinished multipart upload with parts; their bytes. */
async function uploadedPartBytes(client: Client, bucket: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    let bytes = 0;
    for await (const u of client.listIncompleteUploads(bucket, '', true))
      bytes += (u as { size: number }).size;
    if (bytes > 0) return bytes;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
}

/** A loopback port nothing listens on (taken from the system, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The V8 collector, so that a memory sample counts live buffers rather than garbage not yet collected. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
