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

    it('tallies 件数 and 页数 by group for statistics, scans in 档号 order, and knows who uses a stored object', async () => {
      const page = (n: number, sha: string) => ({
        n,
        sha256: sha.repeat(64),
        mediaType: 'image/jpeg',
        bytes: 1,
        originalName: `${n}.jpg`,
      });
      const a = makeItem({
        year: 2012,
        retention: 'Y',
        status: 'archived',
        archivalCode: '160-2012-GL-Y-0002',
        pages: [page(1, 'a'), page(2, 'b')],
      });
      const b = makeItem({
        year: 2012,
        retention: 'Y',
        status: 'archived',
        archivalCode: '160-2012-GL-Y-0001',
        pages: [page(1, 'a')],
      });
      const c = makeItem({
        year: 2013,
        retention: 'D10',
        section: '工伤保险科',
        status: 'archived',
        archivalCode: '160-2013-GL-D10-0001',
        pages: [page(1, 'c'), page(2, 'd'), page(3, 'e')],
        out: { reason: 'loan', ref: 'loan_1', since: '2025-01-02T00:00:00.000Z', due: null },
      });
      const d = makeItem({ year: 2014, retention: 'D10', status: 'filed', pages: [page(1, 'f')] });
      for (const i of [a, b, c, d]) await repo.insert(i);

      expect(await repo.tally({}, ['year', 'retention'])).toEqual([
        { key: { year: 2012, retention: 'Y' }, items: 2, pages: 3 },
        { key: { year: 2013, retention: 'D10' }, items: 1, pages: 3 },
        { key: { year: 2014, retention: 'D10' }, items: 1, pages: 1 },
      ]);
      expect(await repo.tally({ fromYear: 2013, toYear: 2014, status: 'archived' }, [])).toEqual([
        { key: {}, items: 1, pages: 3 },
      ]);
      expect(await repo.tally({ sections: ['养老保险科'] }, ['status'])).toEqual([
        { key: { status: 'archived' }, items: 2, pages: 3 },
        { key: { status: 'filed' }, items: 1, pages: 1 },
      ]);
      expect(await repo.tally({ out: true }, ['section'])).toEqual([
        { key: { section: '工伤保险科' }, items: 1, pages: 3 },
      ]);
      expect(await repo.tally({ fondsCode: '999' }, [])).toEqual([{ key: {}, items: 0, pages: 0 }]);
      // Pages removed (a destruction) leave the tally at once.
      await repo.update({ ...c, status: 'destroyed', pages: [], out: null, revision: 2 });
      expect(await repo.tally({ year: 2013 }, ['status'])).toEqual([
        { key: { status: 'destroyed' }, items: 1, pages: 0 },
      ]);
      expect(await repo.tally({ out: true }, [])).toEqual([{ key: {}, items: 0, pages: 0 }]);

      const scanned: string[] = [];
      for await (const i of repo.scanInArchivalOrder({ fondsCode: '160' })) scanned.push(i.id);
      expect(scanned).toEqual([b.id, a.id, c.id, d.id]);
      const archived2012: string[] = [];
      for await (const i of repo.scanInArchivalOrder({ year: 2012, status: 'archived' }))
        archived2012.push(i.id);
      expect(archived2012).toEqual([b.id, a.id]);

      expect((await repo.blobUsers('a'.repeat(64))).sort()).toEqual([a.id, b.id].sort());
      expect(await repo.blobUsers('c'.repeat(64))).toEqual([]);
      expect(await repo.blobUsers('f'.repeat(64))).toEqual([d.id]);
    });

    it('scans past one batch in 档号 order, numbered items first', async () => {
      const items = Array.from({ length: 1001 }, (_, k) =>
        makeItem({
          status: k % 7 === 0 ? 'filed' : 'archived',
          archivalCode: k % 7 === 0 ? null : `160-2013-GL-D100-${String(2000 - k).padStart(4, '0')}`,
        }),
      );
      for (const i of items) await repo.insert(i);
      const codes: (string | null)[] = [];
      for await (const i of repo.scanInArchivalOrder({})) codes.push(i.archivalCode);
      expect(codes).toHaveLength(1001);
      const numbered = codes.filter((c): c is string => c !== null);
      expect(codes.slice(0, numbered.length)).toEqual([...numbered].sort());
      expect(codes.slice(numbered.length).every((c) => c === null)).toBe(true);
    });

    it('counts items falling due, held or not, and keeps `held` in step with holds placed and lifted', async () => {
      const hold = {
        id: 'h1',
        reason: '审计',
        authority: '区审计局',
        placedBy: 'archivist',
        placedAt: '2024-01-02T00:00:00.000Z',
      };
      const due = makeItem({ status: 'archived', dueDate: '2024-01-01', pages: [] });
      const held = makeItem({ status: 'archived', dueDate: '2023-01-01', holds: [hold] });
      const later = makeItem({ status: 'archived', dueDate: '2114-01-01' });
      const permanent = makeItem({ status: 'archived', retention: 'Y', dueDate: null });
      const filed = makeItem({ status: 'filed', dueDate: '2020-01-01' });
      for (const i of [due, held, later, permanent, filed]) await repo.insert(i);
      const count = async (f: Parameters<typeof repo.tally>[0]) =>
        (await repo.tally(f, [])).reduce((n, r) => n + r.items, 0);
      expect(await count({ status: 'archived', dueOnOrBefore: '2024-06-30' })).toBe(2);
      expect(await count({ status: 'archived', dueOnOrBefore: '2024-06-30', held: false })).toBe(1);
      expect(await count({ dueOnOrBefore: '2024-06-30', held: true })).toBe(1);
      const lifted = {
        ...held,
        holds: [{ ...hold, liftedAt: '2024-02-01T00:00:00.000Z', liftedBy: 'archivist' }],
        revision: 2,
      };
      await repo.update(lifted);
      expect(await count({ status: 'archived', dueOnOrBefore: '2024-06-30', held: false })).toBe(2);
      expect((await repo.list({ held: true }, 10, null)).items).toEqual([]);
    });
  });
}
