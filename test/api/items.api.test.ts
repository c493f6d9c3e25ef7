import { createHash } from 'node:crypto';
import { makeItem } from '../factories/item.factory';
import { ITEM, PNG_1x1, itemForm, startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

describe.each(testBackends())('API: items (件) [%s backends]', (backend) => {
  let t: TestArchive;
  let archivist: string;
  let clerk: string;
  beforeAll(async () => {
    t = await startTestArchive({ backend });
    archivist = await t.login('archivist');
    clerk = await t.login('clerk');
  });
  afterAll(async () => t.close());

  const create = (token: string, metadata: unknown, pages = [{ name: '第1页.png', data: PNG_1x1 }]) =>
    t.api(token, '/api/items', { method: 'POST', body: itemForm(metadata, pages) });

  it('files an item with pages, classified from its business step, and serves the pages byte for byte', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const r = await create(clerk, ITEM, [
      { name: '核定表.png', data: PNG_1x1 },
      { name: 'scan.pdf', data: pdf },
    ]);
    expect(r.status).toBe(201);
    const item = r.body;
    expect(item).toMatchObject({
      fondsCode: '160',
      year: 2013,
      classCode: 'GL',
      businessStep: 'GX-01',
      retention: 'D100',
      section: '养老保险科',
      status: 'filed',
      pageCount: 2,
      archivalCode: null,
    });
    expect(item.dueDate).toBe('2114-01-01');
    expect(item.classifiedBy).toMatchObject({
      retentionTable: 1,
      businessSteps: 1,
      scheme: 'default',
      retentionRowId: 'GL-02',
    });
    expect(
      item.pages.map((p: { mediaType: string; originalName: string }) => [p.mediaType, p.originalName]),
    ).toEqual([
      ['image/png', '核定表.png'],
      ['application/pdf', 'scan.pdf'],
    ]);
    const page2 = await t.api(clerk, `/api/items/${item.id}/pages/2`);
    expect(page2.status).toBe(200);
    expect(page2.headers.get('content-type')).toBe('application/pdf');
    expect(createHash('sha256').update(page2.body).digest('hex')).toBe(
      createHash('sha256').update(pdf).digest('hex'),
    );
    expect((await t.api(clerk, `/api/items/${item.id}/pages/3`)).body.error.code).toBe('page.not_found');
  });

  it('stores identical page content once', async () => {
    const a = await create(clerk, ITEM);
    const b = await create(clerk, { ...ITEM, title: '另一件' });
    expect(a.body.pages[0].sha256).toBe(b.body.pages[0].sha256);
  });

  it('keeps a clerk to their own section, and hides other sections’ items', async () => {
    const other = await create(clerk, { ...ITEM, section: '工伤保险科' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('item.other_section');
    const clerk2 = await t.login('clerk2');
    const mine = await create(clerk2, {
      ...ITEM,
      title: '工伤认定申请表',
      businessStep: undefined,
      classCode: 'GS',
      insuranceType: 'GS',
      retention: 'D50',
    });
    expect(mine.status).toBe(201);
    expect(mine.body.section).toBe('工伤保险科');
    expect((await t.api(clerk, `/api/items/${mine.body.id}`)).status).toBe(404);
    const list = await t.api(clerk, '/api/items?limit=200');
    expect(list.body.items.every((i: { section: string }) => i.section === '养老保险科')).toBe(true);
    expect((await t.api(archivist, `/api/items/${mine.body.id}`)).status).toBe(200);
  });

  it('masks 公民身份号码 and names for roles that do not need them', async () => {
    const r = await create(clerk, {
      ...ITEM,
      title: '张伟在职职工增员申报表',
      remarks: '身份证号500102199001014517',
    });
    const full = await t.api(clerk, `/api/items/${r.body.id}`);
    expect(full.body.persons[0]).toEqual({ name: '张伟', residentId: '500102199001014517' });
    const approver = await t.login('approver');
    const masked = await t.api(approver, `/api/items/${r.body.id}`);
    expect(masked.status).toBe(200);
    expect(masked.body.personalDataMasked).toBe(true);
    expect(masked.body.persons[0]).toEqual({ name: '张*', residentId: '500102********4517' });
    expect(masked.body.title).toBe('张*在职职工增员申报表');
    expect(masked.body.remarks).toBe('身份证号500102********4517');
    expect(JSON.stringify(masked.body)).not.toContain('199001014517');
    expect((await t.api(approver, `/api/items/${r.body.id}/pages/1`)).status).toBe(403);
  });

  it('lists newest first by cursor, with filters', async () => {
    for (let i = 0; i < 3; i++)
      await create(clerk, { ...ITEM, year: 2019, date: '20190301', title: `2019年第${i}件` }, []);
    const first = await t.api(archivist, '/api/items?year=2019&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { title: string }) => i.title)).toEqual(['2019年第2件', '2019年第1件']);
    const next = await t.api(archivist, `/api/items?year=2019&limit=2&cursor=${first.body.nextCursor}`);
    expect(next.body.items.map((i: { title: string }) => i.title)).toEqual(['2019年第0件']);
    expect(next.body.nextCursor).toBeNull();
    const byPerson = await t.api(archivist, '/api/items?person=500102199001014517&limit=200');
    expect(byPerson.body.items.length).toBeGreaterThan(0);
    expect(
      byPerson.body.items.every((i: { persons: { residentId?: string }[] }) =>
        i.persons.some((p) => p.residentId === '500102199001014517'),
      ),
    ).toBe(true);
  });

  it('edits an item, re-classifying it, and refuses a stale revision', async () => {
    const r = await create(clerk, ITEM, []);
    const edited = await t.api(clerk, `/api/items/${r.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ revision: 1, title: '张伟在职职工减员申报表', businessStep: 'GX-02' }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: '张伟在职职工减员申报表',
      businessStep: 'GX-02',
      revision: 2,
    });
    const stale = await t.api(clerk, `/api/items/${r.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ revision: 1, title: '旧' }),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('item.revision_conflict');
    const shorter = await t.api(clerk, `/api/items/${r.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ retention: 'D10' }),
    });
    expect(shorter.status).toBe(400);
    expect(shorter.body.error.code).toBe('retention.below_minimum');
  });

  it('accessions with a gap-free 档号 per group, then locks the classification', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await create(clerk, { ...ITEM, year: 2015, date: '20150102' }, []);
      const acc = await t.api(archivist, `/api/items/${r.body.id}/accession`, { method: 'POST' });
      expect(acc.status).toBe(200);
      codes.push(acc.body.archivalCode);
      expect(acc.body.status).toBe('archived');
    }
    expect(codes).toEqual(['160-2015-GL-D100-0001', '160-2015-GL-D100-0002', '160-2015-GL-D100-0003']);
    const id = (await t.api(archivist, '/api/items?year=2015&limit=1')).body.items[0].id;
    expect((await t.api(archivist, `/api/items/${id}/accession`, { method: 'POST' })).body.error.code).toBe(
      'item.already_accessioned',
    );
    const relabel = await t.api(archivist, `/api/items/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ year: 2016 }),
    });
    expect(relabel.status).toBe(409);
    expect(relabel.body.error.code).toBe('item.classification_locked');
    expect((await t.api(clerk, `/api/items/${id}/accession`, { method: 'POST' })).status).toBe(403);
  });

  it('places and lifts holds', async () => {
    const r = await create(clerk, ITEM, []);
    const held = await t.api(archivist, `/api/items/${r.body.id}/holds`, {
      method: 'POST',
      body: JSON.stringify({ reason: '稽核', authority: '区审计局' }),
    });
    expect(held.status).toBe(201);
    expect(held.body.frozen).toBe(true);
    const lifted = await t.api(archivist, `/api/items/${r.body.id}/holds/${held.body.holds[0].id}`, {
      method: 'DELETE',
    });
    expect(lifted.body.frozen).toBe(false);
    expect(lifted.body.holds[0].liftedBy).toBe('archivist');
  });

  it('refuses edits while an item is in a transfer, and by the section once the archive holds it', async () => {
    const inTransfer = makeItem({ status: 'in_transfer' });
    const archived = makeItem({ status: 'archived', archivalCode: '160-2013-GL-D100-0901', itemNumber: 901 });
    await t.stores.items.insert(inTransfer);
    await t.stores.items.insert(archived);
    const patch = (token: string, id: string) =>
      t.api(token, `/api/items/${id}`, { method: 'PATCH', body: JSON.stringify({ remarks: '补正' }) });
    const a = await patch(clerk, inTransfer.id);
    expect([a.status, a.body.error.code]).toEqual([409, 'item.in_transfer']);
    expect((await patch(archivist, inTransfer.id)).body.error.code).toBe('item.in_transfer');
    const b = await patch(clerk, archived.id);
    expect([b.status, b.body.error.code]).toEqual([409, 'item.handed_over']);
    const c = await patch(archivist, archived.id);
    expect([c.status, c.body.remarks]).toEqual([200, '补正']);
    expect((await t.stores.items.get(inTransfer.id))?.revision).toBe(1);
  });

  it('serves a page preview and thumbnail: the derivative, else an image original; a PDF page has none', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const r = await create(clerk, ITEM, [
      { name: '第1页.png', data: PNG_1x1 },
      { name: 'scan.pdf', data: pdf },
    ]);
    const thumb = await t.api(clerk, `/api/items/${r.body.id}/pages/1/thumbnail`);
    expect([thumb.status, thumb.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(thumb.body).equals(PNG_1x1)).toBe(true);
    const none = await t.api(clerk, `/api/items/${r.body.id}/pages/2/preview`);
    expect([none.status, none.body.error.code]).toEqual([404, 'page.no_preview']);
    expect((await t.api(await t.login('clerk2'), `/api/items/${r.body.id}/pages/1/preview`)).status).toBe(
      404,
    );
  });
});
