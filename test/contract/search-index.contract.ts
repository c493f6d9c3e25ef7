import type { SearchDocument, SearchIndex, SearchQuery } from '../../server/core/search/search-index.port';
import type { ItemId } from '../../server/core/shared/ids';

let n = 0;
export function makeDoc(
  overrides: Partial<Omit<SearchDocument, 'facets'>> & { facets?: Partial<SearchDocument['facets']> } = {},
): SearchDocument {
  n++;
  const { facets, ...rest } = overrides;
  return {
    itemId: `itm_${String(n).padStart(20, '0')}` as ItemId,
    archivalCode: null,
    title: '在职职工增员申报表',
    text: '重庆市涪陵区社会保险局',
    persons: [],
    units: [],
    facets: {
      fondsCode: '160',
      year: 2013,
      classCode: 'GL',
      insuranceType: 'YL',
      businessStep: 'GX-01',
      retention: 'D100',
      status: 'filed',
      section: '养老保险科',
      ...facets,
    },
    date: '20130517',
    revision: 1,
    ...rest,
  };
}

const q = (text: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({
  q: text,
  filters: {},
  limit: 20,
  cursor: null,
  ...extra,
});

/** The SearchIndex contract: the embedded FTS5 index and Elasticsearch must find the same records. */
export function searchIndexContract(
  name: string,
  make: () => Promise<{ index: SearchIndex; cleanup(): Promise<void> }>,
): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ index, cleanup } = await make()));
    afterEach(async () => cleanup());

    const ids = async (query: SearchQuery) => (await index.search(query)).hits.map((h) => h.itemId);

    it('matches a two-character Chinese word inside longer text', async () => {
      const pension = makeDoc({ title: '基本养老保险待遇核定表' });
      const injury = makeDoc({ title: '工伤认定申请表' });
      await index.upsert(pension);
      await index.upsert(injury);
      expect(await ids(q('养老'))).toEqual([pension.itemId]);
      expect(await ids(q('工伤'))).toEqual([injury.itemId]);
      expect(await ids(q('生育'))).toEqual([]);
    });

    it('matches a phrase as a substring, not its characters scattered', async () => {
      const exact = makeDoc({ title: '养老保险待遇核定表' });
      const scattered = makeDoc({ title: '保险关系转移 待遇 养老' });
      await index.upsert(exact);
      await index.upsert(scattered);
      expect(await ids(q('养老保险'))).toEqual([exact.itemId]);
    });

    it('requires every word of a run-on query, in any field', async () => {
      const both = makeDoc({ title: '养老保险待遇核定表', persons: [{ name: '张三丰' }] });
      const titleOnly = makeDoc({ title: '养老保险待遇核定表', persons: [{ name: '李四' }] });
      await index.upsert(both);
      await index.upsert(titleOnly);
      expect(await ids(q('张三丰养老保险'))).toEqual([both.itemId]);
      expect(await ids(q('张三丰 养老'))).toEqual([both.itemId]);
    });

    it('matches a 公民身份号码 and a unit code exactly, and not a part of them', async () => {
      const person = makeDoc({ persons: [{ name: '王芳', residentId: '11010519491231002X' }] });
      const unit = makeDoc({ units: [{ name: '某公司', codes: ['91350100M000100Y43'] }] });
      await index.upsert(person);
      await index.upsert(unit);
      expect(await ids(q('11010519491231002X'))).toEqual([person.itemId]);
      expect(await ids(q('11010519491231002x'))).toEqual([person.itemId]);
      expect(await ids(q('91350100M000100Y43'))).toEqual([unit.itemId]);
      expect(await ids(q('110105194912310021'))).toEqual([]);
      expect(await ids(q('1101051949'))).toEqual([]);
    });

    it('finds a lone character wherever it stands in a run', async () => {
      const end = makeDoc({ title: '小张' });
      const start = makeDoc({ title: '张家' });
      await index.upsert(end);
      await index.upsert(start);
      expect((await ids(q('张'))).sort()).toEqual([end.itemId, start.itemId].sort());
    });

    it('never treats user text as query syntax', async () => {
      const doc = makeDoc({ title: '养老保险 OR 工伤' });
      await index.upsert(doc);
      for (const hostile of [
        '"',
        '养老"',
        '养老 OR',
        'NEAR(养老 工伤)',
        '养老*',
        '^养老',
        'title:养老',
        '-养老',
        '(((',
        "'; DROP TABLE docs; --",
        '\u0000养老',
      ]) {
        await expect(index.search(q(hostile))).resolves.toBeDefined();
      }
      expect(await ids(q('养老" OR "工伤'))).toEqual([doc.itemId]);
      expect(await ids(q('NEAR(养老 工伤)'))).toEqual([]);
    });

    it('filters by facets and by section scope, and counts facets over all matches', async () => {
      const a = makeDoc({
        title: '养老待遇',
        facets: { year: 2013, classCode: 'YL', section: '养老保险科' },
      });
      const b = makeDoc({
        title: '养老关系',
        facets: { year: 2014, classCode: 'GL', section: '养老保险科' },
      });
      const c = makeDoc({ title: '养老稽核', facets: { year: 2014, classCode: 'JH', section: '稽核科' } });
      for (const d of [a, b, c]) await index.upsert(d);
      expect(await ids(q('养老', { filters: { year: 2014 } }))).toEqual([c.itemId, b.itemId]);
      expect(await ids(q('养老', { filters: { year: 2014, classCode: 'GL' } }))).toEqual([b.itemId]);
      expect(await ids(q('养老', { filters: { sections: ['稽核科'] } }))).toEqual([c.itemId]);
      expect(await ids(q('养老', { filters: { sections: [] } }))).toEqual([]);
      expect(await ids(q('', { filters: { classCode: 'YL' } }))).toEqual([a.itemId]);
      const r = await index.search(q('养老'));
      expect(r.total).toBe(3);
      expect(r.facetsExact).toBe(true);
      expect(r.facets.year).toEqual([
        { value: '2014', count: 2 },
        { value: '2013', count: 1 },
      ]);
      expect(r.facets.classCode).toEqual(
        expect.arrayContaining([
          { value: 'YL', count: 1 },
          { value: 'GL', count: 1 },
          { value: 'JH', count: 1 },
        ]),
      );
    });

    it('pages newest first by cursor with an exact total', async () => {
      const docs = Array.from({ length: 5 }, (_, i) => makeDoc({ title: `养老保险第${i}件` }));
      for (const d of docs) await index.upsert(d);
      const first = await index.search(q('养老', { limit: 2 }));
      expect(first.total).toBe(5);
      expect(first.hits.map((h) => h.itemId)).toEqual([docs[4]!.itemId, docs[3]!.itemId]);
      const second = await index.search(q('养老', { limit: 2, cursor: first.nextCursor }));
      expect(second.hits.map((h) => h.itemId)).toEqual([docs[2]!.itemId, docs[1]!.itemId]);
      const third = await index.search(q('养老', { limit: 2, cursor: second.nextCursor }));
      expect(third.hits.map((h) => h.itemId)).toEqual([docs[0]!.itemId]);
      expect(third.nextCursor).toBeNull();
    });

    it('highlights where the words matched', async () => {
      const doc = makeDoc({
        title: '张三丰基本养老保险待遇核定表',
        persons: [{ name: '张三丰', residentId: '11010519491231002X' }],
      });
      await index.upsert(doc);
      const [hit] = (await index.search(q('养老'))).hits;
      const title = hit?.highlights.find((h) => h.field === 'title');
      expect(title).toBeDefined();
      const [s, e] = title!.matches[0]!;
      expect(title!.fragment.slice(s, e)).toBe('养老');
    });

    it('replaces an entry on upsert, ignores an older revision, and forgets on remove', async () => {
      const doc = makeDoc({ title: '养老保险', revision: 2 });
      await index.upsert(doc);
      await index.upsert({ ...doc, title: '工伤保险', revision: 3 });
      expect(await ids(q('养老'))).toEqual([]);
      expect(await ids(q('工伤'))).toEqual([doc.itemId]);
      await index.upsert({ ...doc, title: '生育保险', revision: 1 });
      expect(await ids(q('工伤'))).toEqual([doc.itemId]);
      expect(await index.indexedRevision(doc.itemId)).toBe(3);
      await index.remove(doc.itemId);
      expect(await ids(q('工伤'))).toEqual([]);
      expect(await index.indexedRevision(doc.itemId)).toBeNull();
    });

    it('refuses a cursor it did not issue', async () => {
      await expect(index.search(q('养老', { cursor: 'bogus' }))).rejects.toMatchObject({
        code: 'request.bad_cursor',
      });
    });
  });
}
