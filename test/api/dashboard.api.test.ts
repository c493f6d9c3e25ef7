import { ManualClock } from '../../server/core/shared/clock.port';
import { makeItem } from '../factories/item.factory';
import { fakePages } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

describe.each(testBackends())('API: the dashboard (待办) [%s backends]', (backend) => {
  let t: TestArchive;
  const clock = new ManualClock(new Date('2026-05-06T02:00:00Z'));
  const tokens: Record<string, string> = {};
  const board = async (user: string) => {
    const r = await t.api(tokens[user]!, '/api/dashboard');
    expect(r.status).toBe(200);
    return Object.fromEntries(
      (r.body.waiting as { key: string; count: number }[]).map((w) => [w.key, w.count]),
    ) as Record<string, number>;
  };

  beforeAll(async () => {
    t = await startTestArchive({ backend, clock });
    for (const u of [
      'clerk',
      'clerk2',
      'archivist',
      'approver',
      'head',
      'borrower',
      'auditor',
      'supervisor1',
    ])
      tokens[u] = await t.login(u);
    // 养老保险科: three 2025 items filed, one returned for correction; all late since 1 April 2026.
    for (let i = 0; i < 3; i++) await t.stores.items.insert(makeItem({ year: 2025, date: '20250610' }));
    await t.stores.items.insert(makeItem({ year: 2025, status: 'returned' }));
    // The archive: one archived item long past its due date, one not yet due.
    await t.stores.items.insert(
      makeItem({
        status: 'archived',
        archivalCode: '160-2013-GL-D10-0001',
        itemNumber: 1,
        retention: 'D10',
        dueDate: '2024-01-01',
      }),
    );
    await t.stores.items.insert(
      makeItem({
        status: 'archived',
        archivalCode: '160-2013-GL-D100-0001',
        itemNumber: 1,
        dueDate: '2114-01-01',
        pages: fakePages(2),
      }),
    );
  });
  afterAll(async () => t.close());

  it('shows a section its own work: items to pre-archive, returned items and late transfers', async () => {
    const clerk = await board('clerk');
    expect(clerk).toMatchObject({
      items_to_pre_archive: 3,
      items_to_transfer: 0,
      items_returned: 1,
      late_transfers: 4,
    });
    expect(clerk).not.toHaveProperty('loans_to_approve');
    expect(clerk).not.toHaveProperty('transfers_to_receive');
    expect(await board('clerk2')).toMatchObject({
      items_to_pre_archive: 0,
      items_returned: 0,
      late_transfers: 0,
    });
  });

  it('shows the archive what falls due and what waits at the desk', async () => {
    const archivist = await board('archivist');
    expect(archivist).toMatchObject({
      transfers_to_receive: 0,
      items_falling_due: 1,
      loans_overdue: 0,
      late_transfers: 4,
    });
    expect(archivist).not.toHaveProperty('items_to_pre_archive');
  });

  it('counts a request on the leader’s list, not on the section head’s, and none for the auditor', async () => {
    const item = (await t.stores.items.list({ status: 'archived' }, 10, null)).items[0]!;
    const filed = await t.api(tokens.borrower!, '/api/loans', {
      method: 'POST',
      body: JSON.stringify({
        kind: 'consult',
        purpose: { category: '权益查询', text: '查询本人参保记录' },
        items: [{ itemId: item.id }],
        days: 1,
        borrower: {
          username: 'borrower',
          idType: '居民身份证',
          idNumber: '11010519491231002X',
          organisation: '个人',
        },
      }),
    });
    expect([filed.status, filed.body.error]).toEqual([201, undefined]);
    expect((await board('approver')).loans_to_approve).toBe(1);
    expect((await board('head')).loans_to_approve).toBe(0);
    expect(await board('auditor')).toEqual({});
    expect(await board('supervisor1')).toEqual({ destruction_to_confirm: 0 });
    const audit = await t.stores.deps.audit.list({ action: 'dashboard.read', limit: 100 });
    expect(audit.length).toBe(7); // one per dashboard read above
    expect(JSON.stringify(audit)).not.toContain('11010519491231002X');
  });

  it('links each line to a list the user may open, filtered by the status it names', async () => {
    for (const user of Object.keys(tokens)) {
      const r = await t.api(tokens[user]!, '/api/dashboard');
      for (const { link } of r.body.waiting as { link: string }[]) {
        const list = await t.api(tokens[user]!, link);
        expect([user, link, list.status]).toEqual([user, link, 200]);
        const status = new URL(link, 'http://x').searchParams.get('status');
        const rows = Object.values(list.body as object).find(Array.isArray) as
          { status: string }[] | undefined;
        if (status && rows) for (const row of rows) expect([link, row.status]).toEqual([link, status]);
      }
    }
  });
});
