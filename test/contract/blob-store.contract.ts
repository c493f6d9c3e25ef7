import { createHash, randomBytes } from 'node:crypto';
import type { BlobStore } from '../../server/core/blobs/blob-store.port';

export interface BlobStoreFixture {
  store: BlobStore;
  cleanup(): Promise<void>;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Yields `data` in chunks of uneven sizes, with an await between chunks. */
async function* chunked(data: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < data.length) {
    const size = sizes[i++ % sizes.length] ?? 65536;
    yield data.subarray(offset, offset + size);
    offset += size;
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * The BlobStore contract: every adapter (filesystem, MinIO, …) must pass it unchanged.
 * `make` returns a fresh, empty store.
 */
export function blobStoreContract(name: string, make: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fx: BlobStoreFixture;
    let store: BlobStore;
    beforeEach(async () => {
      fx = await make();
      store = fx.store;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('put returns the SHA-256 and byte count of the content, and it reads back byte for byte', async () => {
      const data = Buffer.from('社保业务档案 — blob contract', 'utf8');
      const put = await store.put(data);
      expect(put).toEqual({ sha256: sha256(data), bytes: data.length, created: true });
      expect(await store.has(put.sha256)).toBe(true);
      const opened = await store.open(put.sha256);
      expect(opened).not.toBeNull();
      expect(opened?.bytes).toBe(data.length);
      expect((await readAll(opened!.stream)).equals(data)).toBe(true);
    });

    it('identical content gets the same key, created only the first time', async () => {
      const data = randomBytes(4096);
      const first = await store.put(data);
      const second = await store.put(chunked(data, [1000, 7]));
      expect(second.sha256).toBe(first.sha256);
      expect(second.bytes).toBe(4096);
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect((await readAll((await store.open(first.sha256))!.stream)).equals(data)).toBe(true);
    });

    it('stores a ~3 MB multi-chunk async iterable byte-identically', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const put = await store.put(chunked(data, [65536, 1, 300000, 4093]));
      expect(put).toEqual({ sha256: sha256(data), bytes: data.length, created: true });
      const opened = await store.open(put.sha256);
      expect(opened?.bytes).toBe(data.length);
      const back = await readAll(opened!.stream);
      expect(back.length).toBe(data.length);
      expect(sha256(back)).toBe(put.sha256);
      expect(back.equals(data)).toBe(true);
    });

    it('stores a 1-byte blob and an empty blob', async () => {
      const one = Uint8Array.of(0x7f);
      const p1 = await store.put(one);
      expect(p1).toEqual({ sha256: sha256(one), bytes: 1, created: true });
      expect([...(await readAll((await store.open(p1.sha256))!.stream))]).toEqual([0x7f]);

      const empty = new Uint8Array(0);
      const p0 = await store.put(empty);
      expect(p0).toEqual({ sha256: sha256(empty), bytes: 0, created: true });
      const opened = await store.open(p0.sha256);
      expect(opened?.bytes).toBe(0);
      expect((await readAll(opened!.stream)).length).toBe(0);
    });

    it('open and has of an absent key: null and false', async () => {
      const absent = sha256(Buffer.from('never stored'));
      expect(await store.open(absent)).toBeNull();
      expect(await store.has(absent)).toBe(false);
    });

    it('delete removes the object, leaves others, and deleting an absent key is fine', async () => {
      const a = await store.put(Buffer.from('a'));
      const b = await store.put(Buffer.from('b'));
      await store.delete(a.sha256);
      expect(await store.open(a.sha256)).toBeNull();
      expect(await store.has(a.sha256)).toBe(false);
      expect(await store.has(b.sha256)).toBe(true);
      await expect(store.delete(a.sha256)).resolves.toBeUndefined();
      await expect(store.delete(sha256(Buffer.from('never stored')))).resolves.toBeUndefined();
      // Content can be stored again after destruction.
      expect((await store.put(Buffer.from('a'))).created).toBe(true);
    });

    it('refuses malformed keys in open, has and delete', async () => {
      const good = sha256(Buffer.from('x'));
      const bad = [
        '../etc/passwd',
        good.toUpperCase(),
        good.slice(0, 63),
        `${good}0`,
        '',
        `../${good.slice(3)}`,
      ];
      for (const key of bad) {
        await expect(async () => store.open(key)).rejects.toThrow();
        await expect(async () => store.has(key)).rejects.toThrow();
        await expect(async () => store.delete(key)).rejects.toThrow();
      }
    });

    it('20 concurrent puts of the same content all succeed with the same key', async () => {
      const data = randomBytes(256 * 1024);
      const results = await Promise.all(Array.from({ length: 20 }, () => store.put(chunked(data, [50000]))));
      for (const r of results) expect(r).toMatchObject({ sha256: sha256(data), bytes: data.length });
      expect(results.some((r) => r.created)).toBe(true);
      expect((await readAll((await store.open(sha256(data)))!.stream)).equals(data)).toBe(true);
      expect((await store.put(data)).created).toBe(false);
    });

    it('a put whose source fails midway rejects and leaves nothing behind', async () => {
      const data = randomBytes(200 * 1024);
      const cut = 120 * 1024;
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield data.subarray(0, 64 * 1024);
        yield data.subarray(64 * 1024, cut);
        throw new Error('source broke');
      }
      await expect(store.put(failing())).rejects.toThrow();
      expect(await store.has(sha256(data.subarray(0, cut)))).toBe(false);
      expect(await store.has(sha256(data))).toBe(false);
      // The store still works, and the full content is new to it.
      expect((await store.put(data)).created).toBe(true);
    });
  });
}
