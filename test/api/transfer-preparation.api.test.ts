import { ManualClock } from '../../server/core/shared/clock.port';
import { makeItem } from '../factories/item.factory';
import { fakePages } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

describe.each(testBackends())(
  'API: a section’s items to pre-archive and transfer, by month (GET /api/transfers/preparation) [%s backends]',
  (backend) => {
    let t: TestArchive;
    beforeAll(async () => {
      t = await startTestArchive({ backend, clock: new ManualClock(new Date('2026-06-10T02:00:00Z')) });
      const file = (o: Parameters<typeof makeItem>[0]) =>
        t.stores.items.insert(makeItem({ year: 2026, status: 'filed', pages: fakePages(2), ...o }));
      await file({ date: '20260503' });
      await file({
        date: '20260520',
        status: 'returned',
        transfer: { transferId: 'trf_x', returnReason: '缺页' },
      });
      await file({ date: '20260511', status: 'pre_archived' });
      await file({ date: '20260420' });
      await file({ date: '20250420' }); // 日期 outside its 年度
      await file({ date: '20260512', status: 'archived' }); // handed over: not counted
      await file({ date: '20260512', section: '工伤保险科' }); // another section
    });
    afterAll(() => t.close());

    it('counts filed, returned and pre-archived items per month of the clerk’s own section', async () => {
      const clerk = await t.login('clerk');
      const r = await t.api(clerk, '/api/transfers/preparation');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ section: '养老保险科', undated: 1, items: null });
      expect(r.body.months).toEqual([
        { year: 2026, month: 4, filed: 1, returned: 0, preArchived: 0, items: 1, pages: 2 },
        { year: 2026, month: 5, filed: 1, returned: 1, preArchived: 1, items: 3, pages: 6 },
      ]);
      const may = await t.api(clerk, '/api/transfers/preparation?year=2026&month=5');
      expect(may.body.items.map((i: { date: string }) => i.date)).toEqual([
        '20260503',
        '20260511',
        '20260520',
      ]);
      expect(may.body.items[2].transfer.returnReason).toBe('缺页');
    });

    it('refuses a half query, and an account without transfer.prepare', async () => {
      const clerk = await t.login('clerk');
      expect((await t.api(clerk, '/api/transfers/preparation?year=2026')).body.error.code).toBe(
        'request.invalid',
      );
      const archivist = await t.login('archivist');
      expect((await t.api(archivist, '/api/transfers/preparation')).status).toBe(403);
    });

    it('is in the OpenAPI document', async () => {
      const doc = await t.api(null, '/api/openapi.json');
      expect(
        doc.body.paths['/api/transfers/preparation'].get.parameters.map((p: { name: string }) => p.name),
      ).toEqual(['year', 'month']);
    });
  },
);
