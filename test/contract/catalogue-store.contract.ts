import type { CatalogueStore } from '../../server/core/catalogue/catalogue-store.port';
import { defaultScheme, seedRetentionTable } from '../../server/core/catalogue/catalogue-seed';
import type { Fonds } from '../../server/core/catalogue/catalogue.schemas';
import { DomainError } from '../../server/core/shared/errors';

export interface CatalogueStoreFixture {
  catalogue: CatalogueStore;
  cleanup(): Promise<void>;
}

const T0 = new Date('2025-03-01T08:00:00.000Z');
const meta = (expectedVersion: number, n = expectedVersion) => ({
  expectedVersion,
  author: `acc_${n}`,
  note: `edit ${n}`,
  at: new Date(T0.getTime() + n * 60_000),
});

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a rejection');
}

/** The CatalogueStore contract: every adapter must pass it unchanged. `make` returns a fresh, empty store. */
export function catalogueStoreContract(name: string, make: () => Promise<CatalogueStoreFixture>): void {
  describe(`CatalogueStore contract: ${name}`, () => {
    let fx: CatalogueStoreFixture;
    let store: CatalogueStore;
    beforeEach(async () => {
      fx = await make();
      store = fx.catalogue;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('an empty store has no documents', async () => {
      expect(await store.current('fonds', 'F001')).toBeNull();
      expect(await store.version('fonds', 'F001', 1)).toBeNull();
      expect(await store.history('fonds', 'F001')).toEqual([]);
      expect(await store.scopes('fonds')).toEqual([]);
    });

    it('expectedVersion 0 creates version 1, then expectedVersion 1 writes version 2', async () => {
      const v1 = await store.append('fonds', 'F001', { name: '某市社会保险事业管理局' }, meta(0));
      expect(v1).toEqual({
        kind: 'fonds',
        scope: 'F001',
        version: 1,
        body: { name: '某市社会保险事业管理局' },
        author: 'acc_0',
        note: 'edit 0',
        createdAt: meta(0).at.toISOString(),
      });
      expect(await store.current('fonds', 'F001')).toEqual(v1);

      const v2 = await store.append(
        'fonds',
        'F001',
        { name: '某市社会保险服务中心', agency: '人社局' },
        meta(1),
      );
      expect(v2).toMatchObject({
        version: 2,
        body: { name: '某市社会保险服务中心', agency: '人社局' },
        author: 'acc_1',
      });
      expect(await store.current('fonds', 'F001')).toEqual(v2);
      expect(await store.version('fonds', 'F001', 1)).toEqual(v1);
      expect(await store.version('fonds', 'F001', 2)).toEqual(v2);
      expect(await store.version('fonds', 'F001', 3)).toBeNull();
    });

    it('a wrong expectedVersion is refused with catalogue.version_conflict and writes nothing', async () => {
      const first = await rejection(store.append('fonds', 'F001', { name: 'a' }, meta(1)));
      expect(first.code).toBe('catalogue.version_conflict');
      expect(first.details).toMatchObject({ currentVersion: 0 });
      expect(await store.current('fonds', 'F001')).toBeNull();

      await store.append('fonds', 'F001', { name: 'a' }, meta(0));
      await store.append('fonds', 'F001', { name: 'b' }, meta(1));
      for (const stale of [0, 1, 3, 7]) {
        const e = await rejection(store.append('fonds', 'F001', { name: 'lost' }, meta(stale)));
        expect(e.code).toBe('catalogue.version_conflict');
        expect(e.details).toMatchObject({ currentVersion: 2 });
      }
      expect(await store.current('fonds', 'F001')).toMatchObject({ version: 2, body: { name: 'b' } });
      expect((await store.history('fonds', 'F001')).map((h) => h.version)).toEqual([1, 2]);
    });

    it('old versions are immutable: later writes and caller mutations do not change them', async () => {
      const body: Fonds = { name: 'original' };
      await store.append('fonds', 'F001', body, meta(0));
      body.name = 'mutated by caller';
      const read = await store.version('fonds', 'F001', 1);
      expect(read?.body).toEqual({ name: 'original' });
      read!.body.name = 'mutated by reader';
      await store.append('fonds', 'F001', { name: 'second' }, meta(1));
      await store.append('fonds', 'F001', { name: 'third' }, meta(2));
      expect((await store.version('fonds', 'F001', 1))?.body).toEqual({ name: 'original' });
      expect((await store.version('fonds', 'F001', 2))?.body).toEqual({ name: 'second' });
      expect((await store.current('fonds', 'F001'))?.body).toEqual({ name: 'third' });
    });

    it('history lists every version, oldest first, without bodies', async () => {
      for (let v = 0; v < 3; v++) await store.append('fonds', 'F001', { name: `n${v}` }, meta(v));
      const history = await store.history('fonds', 'F001');
      expect(history).toEqual(
        [0, 1, 2].map((v) => ({
          kind: 'fonds',
          scope: 'F001',
          version: v + 1,
          author: `acc_${v}`,
          note: `edit ${v}`,
          createdAt: meta(v).at.toISOString(),
        })),
      );
      for (const h of history) expect(h).not.toHaveProperty('body');
    });

    it('scopes(kind) lists each scope of that kind once', async () => {
      await store.append('fonds', 'F002', { name: 'b' }, meta(0));
      await store.append('fonds', 'F001', { name: 'a' }, meta(0));
      await store.append('fonds', 'F001', { name: 'a2' }, meta(1));
      await store.append('scheme', 'F001/S1', defaultScheme(), meta(0));
      expect([...(await store.scopes('fonds'))].sort()).toEqual(['F001', 'F002']);
      expect(await store.scopes('scheme')).toEqual(['F001/S1']);
      expect(await store.scopes('retention-table')).toEqual([]);
    });

    it('documents are independent per kind and per scope', async () => {
      await store.append('fonds', 'F001', { name: 'a' }, meta(0));
      await store.append('fonds', 'F001', { name: 'a2' }, meta(1));
      expect(await store.append('fonds', 'F002', { name: 'b' }, meta(0))).toMatchObject({ version: 1 });
      expect(await store.append('scheme', 'F001', defaultScheme(), meta(0))).toMatchObject({
        kind: 'scheme',
        version: 1,
      });
      const table = seedRetentionTable();
      expect(await store.append('retention-table', '', table, meta(0))).toMatchObject({
        kind: 'retention-table',
        scope: '',
        version: 1,
      });

      expect(await store.current('fonds', 'F001')).toMatchObject({ version: 2, body: { name: 'a2' } });
      expect(await store.current('fonds', 'F002')).toMatchObject({ version: 1, body: { name: 'b' } });
      expect(await store.current('scheme', 'F001')).toMatchObject({ version: 1, body: defaultScheme() });
      expect((await store.current('retention-table', ''))?.body).toEqual(table);
      expect(await store.current('fonds', '')).toBeNull();
      expect(await store.history('scheme', 'F001')).toHaveLength(1);
    });

    it('of two concurrent appends with the same expectedVersion, exactly one succeeds', async () => {
      await store.append('fonds', 'F001', { name: 'base' }, meta(0));
      const results = await Promise.allSettled([
        store.append('fonds', 'F001', { name: 'left' }, meta(1, 11)),
        store.append('fonds', 'F001', { name: 'right' }, meta(1, 12)),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.reason).toBeInstanceOf(DomainError);
      expect((failed[0]!.reason as DomainError).code).toBe('catalogue.version_conflict');
      const current = await store.current('fonds', 'F001');
      expect(current?.version).toBe(2);
      expect(['left', 'right']).toContain(current?.body.name);
      expect(await store.history('fonds', 'F001')).toHaveLength(2);
    });
  });
}
