import { ITEM, itemForm, startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

describe.each(testBackends())('API: search [%s backends]', (backend) => {
  let t: TestArchive;
  let archivist: string;
  beforeAll(async () => {
    t = await startTestArchive({ backend });
    archivist = await t.login('archivist');
    const clerk = await t.login('clerk');
    const clerk2 = await t.login('clerk2');
    const file = (token: string, m: unknown) =>
      t.api(token, '/api/items', { method: 'POST', body: itemForm(m) });
    await file(clerk, {
      ...ITEM,
      title: '张伟基本养老保险待遇核定表',
      businessStep: undefined,
      classCode: 'YL',
      insuranceType: 'YL',
      retention: 'D100',
    });
    await file(clerk, {
      ...ITEM,
      title: '王芳在职职工增员申报表',
      persons: [{ name: '王芳', residentId: '11010519491231002X' }],
    });
    await file(clerk2, {
      ...ITEM,
      year: 2020,
      date: '20200101',
      title: '李强工伤认定申请表',
      businessStep: undefined,
      classCode: 'GS',
      insuranceType: 'GS',
      retention: 'D50',
      persons: [{ name: '李强' }],
    });
    await t.archive.worker.drain();
  });
  afterAll(async () => t.close());

  const search = (token: string, qs: string) => t.api(token, `/api/search?${qs}`);

  it('finds a two-character Chinese word, with highlights and facet counts', async () => {
    const r = await search(archivist, `q=${encodeURIComponent('养老')}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    const [hit] = r.body.hits;
    expect(hit.item.title).toBe('张伟基本养老保险待遇核定表');
    const h = hit.highlights.find((x: { field: string }) => x.field === 'title');
    expect(h.fragment.slice(h.matches[0][0], h.matches[0][1])).toBe('养老');
    expect(r.body.facets.year).toEqual([{ value: '2013', count: 1 }]);
    expect((await search(archivist, `q=${encodeURIComponent('工伤')}`)).body.total).toBe(1);
  });

  it('finds a full 公民身份号码 exactly, and masks it for roles that do not need it', async () => {
    const r = await search(archivist, 'q=11010519491231002X');
    expect(r.body.hits.map((h: { item: { title: string } }) => h.item.title)).toEqual([
      '王芳在职职工增员申报表',
    ]);
    const appraiser = await t.login('appraiser');
    const masked = await search(appraiser, 'q=11010519491231002X');
    expect(masked.body.total).toBe(1);
    const text = JSON.stringify(masked.body);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('王芳');
    expect(text).toContain('110105********002X');
  });

  it('filters by the item filters and keeps a clerk inside their section', async () => {
    expect((await search(archivist, 'year=2020')).body.total).toBe(1);
    expect((await search(archivist, `q=${encodeURIComponent('申请表')}&class=GL`)).body.total).toBe(0);
    const clerk = await t.login('clerk');
    const r = await search(clerk, `q=${encodeURIComponent('工伤')}`);
    expect(r.body.total).toBe(0);
    const borrower = await t.login('borrower');
    expect((await search(borrower, `q=${encodeURIComponent('养老')}`)).status).toBe(403);
  });

  it('treats hostile strings as plain words', async () => {
    for (const q of [
      '"',
      '养老" OR "工伤',
      'NEAR(养老',
      '*',
      "'); DROP TABLE items;--",
      '\\',
      '^养老',
      '{}[]',
    ]) {
      const r = await search(archivist, `q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
    }
    expect((await search(archivist, `q=${encodeURIComponent('养老" OR "工伤')}`)).body.total).toBe(0);
  });

  it('refuses unknown and malformed parameters', async () => {
    const unknown = await search(archivist, 'q=a&sort=rank');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('request.invalid');
    expect((await search(archivist, 'q=a&limit=100000')).status).toBe(400);
    expect((await search(archivist, 'q=a&q=b')).status).toBe(400);
    expect((await search(archivist, `q=${'长'.repeat(201)}`)).status).toBe(400);
    expect((await search(archivist, 'q=a&cursor=zzz')).body.error.code).toBe('request.bad_cursor');
  });
});
