import type { ItemRepository } from '../../server/core/items/item-repository.port';
import type { ItemId } from '../../server/core/shared/ids';
import { makeItem } from '../factories/item.factory';

/** The ItemRepository contract: every adapter (SQLite, MongoDB) must pass it. */
export function itemRepositoryContract(
  name: string,
  make: () => Promise<{ repo: ItemRepository; cleanup(): Promise<void> }>,
): void {
  describe(`ItemRepository contract: ${name}`, () => {
    let repo: ItemRepository;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ repo, cleanup } = await make()));
    afterEach(async () => cleanup());

    it('stores and returns an item whole', async () => {
      const item = makeItem({
        pages: [
          { n: 1, sha256: 'a'.repeat(64), mediaType: 'image/png', bytes: 10, originalName: '第1页.png' },
        ],
      });
      await repo.insert(item);
      expect(await repo.get(item.id)).toEqual(item);
      expect(await repo.get('itm_00000000000000000000' as ItemId)).toBeNull();
      expect(await repo.count()).toBe(1);
    });

    it('refuses a second insert of the same id', async () => {
      const item = makeItem();
      await repo.insert(item);
      await expect(repo.insert(item)).rejects.toMatchObject({ code: 'item.exists' });
    });

    it('updates only from the expected revision', async () => {
      const item = makeItem();
      await repo.insert(item);
      await repo.update({ ...item, title: '改', revision: 2 });
      expect((await repo.get(item.id))?.title).toBe('改');
      await expect(repo.update({ ...item, title: '旧', revision: 2 })).rejects.toMatchObject({
        code: 'item.revision_conflict',
      });
      expect((await repo.get(item.id))?.title).toBe('改');
    });

    it('lists newest first by cursor, without repeats or gaps', async () => {
      const items = Array.from({ length: 7 }, () => makeItem());
      for (const i of items) await repo.insert(i);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<ItemRepository['list']>> = await repo.list({}, 3, cursor);
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(items.map((i) => i.id).reverse());
    });

    it('filters by every catalogue field, by section scope, person and unit', async () => {
      const a = makeItem({
        year: 2013,
        classCode: 'GL',
        insuranceType: 'YL',
        retention: 'D100',
        status: 'archived',
        section: '养老保险科',
      });
      const b = makeItem({
        year: 2020,
        classCode: 'GS',
        insuranceType: 'GS',
        retention: 'D50',
        businessStep: 'GSDY-02',
        section: '工伤保险科',
        persons: [{ name: '李娜', residentId: '11010519491231002X' }],
        units: [{ name: '涪陵区第一中学', socialInsuranceCode: '50010200123' }],
      });
      await repo.insert(a);
      await repo.insert(b);
      const ids = async (f: Parameters<ItemRepository['list']>[0]) =>
        (await repo.list(f, 10, null)).items.map((i) => i.id);
      expect(await ids({ year: 2020 })).toEqual([b.id]);
      expect(await ids({ classCode: 'GL' })).toEqual([a.id]);
      expect(await ids({ insuranceType: 'GS' })).toEqual([b.id]);
      expect(await ids({ businessStep: 'GSDY-02' })).toEqual([b.id]);
      expect(await ids({ retention: 'D100' })).toEqual([a.id]);
      expect(await ids({ status: 'archived' })).toEqual([a.id]);
      expect(await ids({ sections: ['工伤保险科'] })).toEqual([b.id]);
      expect(await ids({ sections: [] })).toEqual([]);
      expect(await ids({ personResidentId: '11010519491231002X' })).toEqual([b.id]);
      expect(await ids({ personName: '张伟' })).toEqual([a.id]);
      expect(await ids({ unitCode: '50010200123' })).toEqual([b.id]);
      expect(await ids({ unitName: '重庆市涪陵区永利建筑工程有限公司' })).toEqual([a.id]);
      expect(await ids({ year: 2013, classCode: 'GS' })).toEqual([]);
    });

    it('keeps person lookups in step with edits', async () => {
      const a = makeItem();
      await repo.insert(a);
      await repo.update({ ...a, persons: [{ name: '王芳' }], revision: 2 });
      expect((await repo.list({ personName: '张伟' }, 10, null)).items).toEqual([]);
      expect((await repo.list({ personName: '王芳' }, 10, null)).items.map((i) => i.id)).toEqual([a.id]);
    });

    it('refuses a cursor it did not issue', async () => {
      await expect(repo.list({}, 10, 'not-a-cursor')).rejects.toMatchObject({ code: 'request.bad_cursor' });
    });

    it('numbers accessions gap-free per group, never reusing a number, even when concurrent', async () => {
      const items = Array.from({ length: 12 }, () => makeItem());
      for (const i of items) await repo.insert(i);
      const results = await Promise.all(
        items.map((i, k) =>
          repo.accession(
            { ...i, status: 'archived', revision: 2 },
            k % 2 ? 'G-A' : 'G-B',
            (n) => `${k % 2 ? 'A' : 'B'}-${String(n).padStart(4, '0')}`,
          ),
        ),
      );
      const a = results
        .filter((r) => r.archivalCode?.startsWith('A-'))
        .map((r) => r.itemNumber)
        .sort((x, y) => x! - y!);
      const b = results
        .filter((r) => r.archivalCode?.startsWith('B-'))
        .map((r) => r.itemNumber)
        .sort((x, y) => x! - y!);
      expect(a).toEqual([1, 2, 3, 4, 5, 6]);
      expect(b).toEqual([1, 2, 3, 4, 5, 6]);
      const stored = await repo.get(items[1]!.id);
      expect(stored?.archivalCode).toMatch(/^A-000\d$/);
      expect(stored?.status).toBe('archived');
    });

    it('does not consume a number when the accession write fails', async () => {
      const x = makeItem();
      const y = makeItem();
      await repo.insert(x);
      await repo.insert(y);
      await expect(repo.accession({ ...x, revision: 5 }, 'G', (n) => `G-${n}`)).rejects.toMatchObject({
        code: 'item.revision_conflict',
      });
      const ok = await repo.accession({ ...y, revision: 2 }, 'G', (n) => `G-${n}`);
      expect(ok.itemNumber).toBe(1);
    });

    it('tracks which items the search index has not caught up with', async () => {
      const a = makeItem();
      const b = makeItem();
      await repo.insert(a);
      await repo.insert(b);
      expect((await repo.staleInIndex(10)).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      await repo.markIndexed(a.id, 1);
      expect((await repo.staleInIndex(10)).map((s) => s.id)).toEqual([b.id]);
      await repo.update({ ...a, title: '新', revision: 2 });
      expect((await repo.staleInIndex(10)).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      await repo.markIndexed(a.id, 2);
      await repo.markIndexed(a.id, 1); // a late, older confirmation does not move it back
      expect((await repo.staleInIndex(10)).map((s) => s.id)).toEqual([b.id]);
    });
  });
}
