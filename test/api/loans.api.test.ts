import { mkdirSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { openWithPdfjs } from '../../ingest/adapters/pdfjs-loader';
import { seedAccount } from '../../server/core/accounts/account-service';
import type { Item, ItemPage } from '../../server/core/items/item.model';
import { scheduleLoanJobs } from '../../server/core/loans/loan.jobs';
import { ManualClock } from '../../server/core/shared/clock.port';
import { makeItem } from '../factories/item.factory';
import { PASSWORD, startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

/**
 * 借阅 / 查阅 / 复制 through the HTTP API on a real embedded archive, with a clock the test moves.
 * Set LOANS_LOOK_DIR to keep the watermarked page and the copy for a human to look at.
 */
const START = new Date('2026-03-02T01:00:00Z'); // 09:00 in Chongqing
const DAY = 24 * 3600_000;
const RESIDENT_ID = '500102199001014517'; // on the items (张伟)
const VISITOR_ID = '11010519491231002X'; // an outside borrower's 居民身份证

describe.each(testBackends())('API: loans (借阅 / 查阅 / 复制) [%s backends]', (backend) => {
  let t: TestArchive;
  let clock: ManualClock;
  const tokens: Record<string, string> = {};
  const items: Record<string, Item> = {};

  const as = (user: string) => tokens[user]!;
  const get = (user: string, path: string) => t.api(as(user), path);
  const post = (user: string, path: string, body: unknown = {}) =>
    t.api(as(user), path, { method: 'POST', body: JSON.stringify(body) });
  const decide = (user: string, id: string, step?: number, decision = 'approve', comment = '') =>
    post(user, `/api/loans/${id}/decision`, { decision, comment, ...(step !== undefined ? { step } : {}) });
  async function loginAll() {
    for (const u of [
      'archivist',
      'clerk',
      'clerk2',
      'head',
      'head2',
      'headb',
      'approver',
      'borrower',
      'auditor',
    ])
      tokens[u] = await t.login(u);
  }

  /** A scanned A4 page at 150 dpi: white paper, black bars (text lines), a different layout per page. */
  async function scan(n: number): Promise<Buffer> {
    const bars = Array.from({ length: 12 }, (_, i) => ({
      input: {
        create: { width: 700 + ((i * 37 * n) % 300), height: 18, channels: 3 as const, background: '#111' },
      },
      left: 150,
      top: 200 + i * 110,
    }));
    return sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#fff' } })
      .composite(bars)
      .jpeg({ quality: 90 })
      .withMetadata({ density: 150 })
      .toBuffer();
  }

  async function storedPages(count: number): Promise<ItemPage[]> {
    const pages: ItemPage[] = [];
    for (let n = 1; n <= count; n++) {
      const original = await scan(n);
      const preview = await sharp(original)
        .resize(800, 800, { fit: 'inside' })
        .jpeg({ quality: 82 })
        .toBuffer();
      const o = await t.archive.deps.blobs.put(original);
      const p = await t.archive.deps.blobs.put(preview);
      pages.push({
        n,
        sha256: o.sha256,
        mediaType: 'image/jpeg',
        bytes: o.bytes,
        originalName: `第${n}页.jpg`,
        preview: p.sha256,
      });
    }
    return pages;
  }

  async function archivedItem(key: string, k: number, overrides: Partial<Item> = {}): Promise<Item> {
    const item = makeItem({
      status: 'archived',
      archivalCode: `160-2013-GL-D100-${String(k).padStart(4, '0')}`,
      itemNumber: k,
      pages: await storedPages(3),
      ...overrides,
    });
    await t.stores.items.insert(item);
    items[key] = item;
    return item;
  }

  async function auditEntries(action: string) {
    return t.archive.deps.audit.list({ action, limit: 1000 });
  }

  beforeAll(async () => {
    clock = new ManualClock(START);
    t = await startTestArchive({ backend, clock });
    await seedAccount(t.archive.deps, {
      username: 'headb',
      displayName: '养老保险科副科长',
      password: PASSWORD,
      roles: ['section_head'],
      section: '养老保险科',
    });
    await loginAll();
    await archivedItem('a', 1);
    await archivedItem('b', 2);
    await archivedItem('c', 3);
    await archivedItem('jh', 4, { classCode: 'JH' });
    await archivedItem('filed', 5, { status: 'filed', archivalCode: null, itemNumber: null });
  }, 60_000);
  afterAll(async () => t.close());

  describe('electronic consultation (查阅)', () => {
    let id: string;

    it('routes another section’s request to the owning section’s head, then the archive office', async () => {
      const r = await post('clerk2', '/api/loans', {
        kind: 'consult',
        purpose: { category: '业务办理', text: '核对工伤认定前的参保缴费记录' },
        items: [{ itemId: items.a!.id, pages: [{ from: 1, to: 2 }] }],
        days: 3,
      });
      expect(r.status).toBe(201);
      id = r.body.id;
      expect(r.body).toMatchObject({
        number: 'JY-2026-0001',
        kind: 'consult',
        status: 'pending',
        statusLabel: '待审批',
        borrower: { type: 'other_section', username: 'clerk2', section: '工伤保险科' },
        pendingWith: 'section_head:养老保险科',
        currentStep: 0,
        grant: null,
      });
      expect(r.body.steps.map((s: any) => [s.approver, s.section])).toEqual([
        ['section_head', '养老保险科'],
        ['archive', null],
      ]);
      expect(r.body.items[0]).toMatchObject({
        itemId: items.a!.id,
        pages: [{ from: 1, to: 2 }],
        pageCount: 3,
      });
    });

    it('serves nothing before approval', async () => {
      const r = await get('clerk2', `/api/loans/${id}/items/${items.a!.id}/pages/1`);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('loan.not_granted');
    });

    it('lets only the right approver decide the step, and the borrower never', async () => {
      const wrongHead = await decide('head2', id, 0);
      expect(wrongHead.status).toBe(404); // 工伤保险科's head is not on this route: the request is not theirs to see
      const leader = await decide('approver', id, 0);
      expect(leader.status).toBe(404);
      const borrower = await decide('clerk2', id, 0);
      expect(borrower.status).toBe(403);
      expect(borrower.body.error.code).toBe('auth.forbidden');
      const queue = await get('head', '/api/loans?view=to_approve');
      expect(queue.body.loans.map((l: any) => l.id)).toContain(id);
      expect(queue.body.loans[0].canDecide).toBe(true);
    });

    it('approves step by step; an approver naming a decided step is refused', async () => {
      const first = await decide('head', id, 0, 'approve', '同意');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'pending', pendingWith: 'archive', currentStep: 1 });
      const again = await decide('headb', id, 0);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('loan.step_already_decided');
      const sameHeadAgain = await decide('head', id, 1);
      expect(sameHeadAgain.status).toBe(403); // the archive office's step is not a section head's
      expect(sameHeadAgain.body.error.code).toBe('loan.not_your_step');
      const second = await decide('archivist', id, 1, 'approve', '同意调阅');
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ status: 'approved', grantStatus: 'active', pendingWith: null });
      expect(second.body.grant).toEqual({
        from: START.toISOString(),
        until: new Date(START.getTime() + 3 * DAY).toISOString(),
      });
    });

    it('serves an approved page with a watermark burned in', async () => {
      const r = await get('clerk2', `/api/loans/${id}/items/${items.a!.id}/pages/1`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/jpeg');
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      if (process.env.LOANS_LOOK_DIR) {
        mkdirSync(process.env.LOANS_LOOK_DIR, { recursive: true });
        writeFileSync(`${process.env.LOANS_LOOK_DIR}/watermarked-page.jpg`, r.body);
      }
      const preview = await t.archive.deps.blobs.open(items.a!.pages[0]!.preview!);
      const chunks: Buffer[] = [];
      for await (const c of preview!.stream) chunks.push(Buffer.from(c));
      const grey = (b: Buffer) => sharp(b).greyscale().raw().toBuffer({ resolveWithObject: true });
      const before = await grey(Buffer.concat(chunks));
      const after = await grey(r.body);
      expect([after.info.width, after.info.height]).toEqual([before.info.width, before.info.height]);
      const { width, height } = after.info;
      let darkened = 0;
      let brightened = 0;
      let inkKept = 0;
      let ink = 0;
      const quadrants = [0, 0, 0, 0];
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const i = y * width + x;
          const was = before.data[i]!;
          const now = after.data[i]!;
          if (was - now > 40) {
            darkened++;
            quadrants[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]!++;
          }
          if (now - was > 40) brightened++;
          if (was < 60) {
            ink++;
            if (now < 100) inkKept++;
          }
        }
      const share = darkened / (width * height);
      // Semi-transparent text over the page: a visible share of the paper is darkened, nothing is lightened,
      // the page's own ink stays ink, and the tiles cover every quarter of the page.
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.3);
      expect(brightened / (width * height)).toBeLessThan(0.001);
      expect(inkKept / ink).toBeGreaterThan(0.99);
      for (const q of quadrants) expect(q / (width * height)).toBeGreaterThan(0.002);
      // …and grey, not black: the text under it stays readable.
      let darkest = 255;
      for (let i = 0; i < after.data.length; i++)
        if (before.data[i]! > 200) darkest = Math.min(darkest, after.data[i]!);
      expect(darkest).toBeGreaterThan(120);
    });

    it('stamps the time of viewing: the same page an hour later differs', async () => {
      const first = await get('clerk2', `/api/loans/${id}/items/${items.a!.id}/pages/2`);
      clock.advance(3600_000);
      const later = await get('clerk2', `/api/loans/${id}/items/${items.a!.id}/pages/2`);
      expect(first.status).toBe(200);
      expect(later.status).toBe(200);
      expect(Buffer.compare(first.body, later.body)).not.toBe(0);
    });

    it('refuses pages and items outside the grant, other people, and a download', async () => {
      const page3 = await get('clerk2', `/api/loans/${id}/items/${items.a!.id}/pages/3`);
      expect(page3.status).toBe(403);
      expect(page3.body.error.code).toBe('loan.page_not_granted');
      const otherItem = await get('clerk2', `/api/loans/${id}/items/${items.b!.id}/pages/1`);
      expect(otherItem.status).toBe(403);
      expect(otherItem.body.error.code).toBe('loan.item_not_granted');
      const stranger = await get('clerk', `/api/loans/${id}/items/${items.a!.id}/pages/1`);
      expect(stranger.status).toBe(404);
      const copy = await get('clerk2', `/api/loans/${id}/copy`);
      expect(copy.status).toBe(403);
      expect(copy.body.error.code).toBe('loan.copy_not_approved');
    });

    it('audits every page served and every refusal, without personal data', async () => {
      const views = (await auditEntries('loan.page_view')).filter((e) => e.target === id);
      const served = views.filter((e) => e.outcome === 'ok');
      expect(served.map((e) => e.details)).toEqual(
        expect.arrayContaining([
          { number: 'JY-2026-0001', itemId: items.a!.id, page: 1 },
          { number: 'JY-2026-0001', itemId: items.a!.id, page: 2 },
        ]),
      );
      expect(served).toHaveLength(3);
      expect(views.filter((e) => e.outcome === 'denied').map((e) => e.details.code)).toEqual(
        expect.arrayContaining(['loan.not_granted', 'loan.page_not_granted', 'loan.item_not_granted']),
      );
      const all = JSON.stringify(await t.archive.deps.audit.list({ target: id, limit: 1000 }));
      expect(all).not.toContain(RESIDENT_ID);
      expect(all).not.toContain('张伟');
    });

    it('serves nothing after the grant expires', async () => {
      clock.set(new Date(START.getTime() + 3 * DAY + 60_000));
      await loginAll();
      const r = await get('clerk2', `/api/loans/${id}/items/${items.a!.id}/pages/1`);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('loan.grant_expired');
      const view = await get('clerk2', `/api/loans/${id}`);
      expect(view.body.grantStatus).toBe('expired');
    });

    it('is closed with its use effect, and nothing is served after', async () => {
      const r = await post('archivist', `/api/loans/${id}/close`, {
        effect: { category: '工作查考', note: '核实缴费年限，工伤认定按时办结' },
        typical: {
          title: '调阅参保档案助力工伤认定',
          summary: '工伤保险科调阅养老保险参保档案，三日内完成认定。',
        },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        status: 'closed',
        effect: { category: '工作查考' },
        closedBy: 'archivist',
      });
      const page = await get('clerk2', `/api/loans/${id}/items/${items.a!.id}/pages/1`);
      expect(page.body.error.code).toBe('loan.closed');
    });
  });

  describe('outside borrowers and copies (复制)', () => {
    let copyId: string;

    it('needs the ID of an outside borrower account, and routes it to the leader', async () => {
      const body = {
        kind: 'consult',
        purpose: { category: '权益查询', text: '查询本人参保记录' },
        items: [{ itemId: items.b!.id }],
        days: 1,
      };
      const noId = await post('borrower', '/api/loans', body);
      expect(noId.status).toBe(400);
      expect(noId.body.error.code).toBe('loan.identity_required');
      const badId = await post('borrower', '/api/loans', {
        ...body,
        borrower: { username: 'borrower', idType: '居民身份证', idNumber: '110105194912310021' },
      });
      expect(badId.status).toBe(400);
      expect(badId.body.error.code).toBe('loan.bad_id_number');
      const ok = await post('borrower', '/api/loans', {
        ...body,
        borrower: { username: 'borrower', idType: '居民身份证', idNumber: VISITOR_ID, organisation: '个人' },
      });
      expect(ok.status).toBe(201);
      expect(ok.body.borrower.type).toBe('external');
      expect(ok.body.steps.map((s: any) => s.approver)).toEqual(['leader']);
      // The borrower role does not see personal data in full: its own ID is masked in the view.
      expect(ok.body.borrower.idNumber).toBe('110105********002X');
      expect(ok.body.items[0].title).not.toContain('张伟');
    });

    it('lets only the desk register someone else', async () => {
      const r = await post('clerk', '/api/loans', {
        kind: 'consult',
        purpose: { category: '其他', text: '代为查阅' },
        items: [{ itemId: items.b!.id }],
        days: 1,
        borrower: { name: '李明', idType: '居民身份证', idNumber: VISITOR_ID },
      });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('loan.desk_only');
    });

    it('registers an outside person at the desk for a copy, approved by the leader', async () => {
      const r = await post('archivist', '/api/loans', {
        kind: 'copy',
        purpose: { category: '司法取证', text: '劳动争议仲裁举证' },
        items: [{ itemId: items.a!.id, pages: [{ from: 2, to: 3 }] }],
        days: 2,
        borrower: {
          name: '李明',
          idType: '居民身份证',
          idNumber: VISITOR_ID,
          organisation: '重庆某律师事务所',
        },
      });
      expect(r.status).toBe(201);
      copyId = r.body.id;
      expect(r.body.steps.map((s: any) => s.approver)).toEqual(['leader']);
      expect(r.body.borrower).toMatchObject({ name: '李明', idNumber: VISITOR_ID, accountId: null });
      const seenByLeader = await get('approver', `/api/loans/${copyId}`);
      expect(seenByLeader.status).toBe(200);
      expect(seenByLeader.body.borrower).toMatchObject({ name: '李*', idNumber: '110105********002X' });
      expect(seenByLeader.body.personalDataMasked).toBe(true);
      const approved = await decide('approver', copyId, 0, 'approve', '同意复制');
      expect(approved.body.status).toBe('approved');
    });

    it('makes a watermarked PDF of exactly the approved pages, each the size of its paper', async () => {
      const r = await get('archivist', `/api/loans/${copyId}/copy`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('content-disposition')).toContain('attachment');
      if (process.env.LOANS_LOOK_DIR) writeFileSync(`${process.env.LOANS_LOOK_DIR}/copy.pdf`, r.body);
      const pdf = await PDFDocument.load(r.body);
      expect(pdf.getPageCount()).toBe(2);
      for (const page of pdf.getPages()) {
        const { width, height } = page.getSize();
        expect(Math.round(width)).toBe(595); // 1240 px at 150 dpi = 210 mm
        expect(Math.round(height)).toBe(842);
      }
      expect(pdf.getTitle()).toBe(`${(await get('archivist', `/api/loans/${copyId}`)).body.number} 复制件`);
      const audit = (await auditEntries('loan.copy')).filter(
        (e) => e.target === copyId && e.outcome === 'ok',
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.details.pages).toBe(2);
      expect(JSON.stringify(audit)).not.toContain(VISITOR_ID);
      expect(JSON.stringify(await t.archive.deps.audit.list({ target: copyId, limit: 100 }))).not.toContain(
        '李明',
      );
    });

    it('sends sensitive items (a class the policy lists) past the archive office and the leader', async () => {
      const r = await post('clerk', '/api/loans', {
        kind: 'consult',
        purpose: { category: '审计稽核', text: '稽核复查' },
        items: [{ itemId: items.jh!.id }],
        days: 2,
      });
      expect(r.status).toBe(201);
      expect(r.body.steps.map((s: any) => s.approver)).toEqual(['section_head', 'archive', 'leader']);
    });

    it('follows a policy the archive office changes (versioned)', async () => {
      const current = await get('clerk', '/api/loans/policy');
      expect(current.status).toBe(200);
      expect(current.body.version).toBe(0);
      const denied = await t.api(as('clerk'), '/api/loans/policy', {
        method: 'PUT',
        body: JSON.stringify({ expectedVersion: 0, policy: current.body.policy }),
      });
      expect(denied.status).toBe(403);
      const saved = await t.api(as('archivist'), '/api/loans/policy', {
        method: 'PUT',
        body: JSON.stringify({
          expectedVersion: 0,
          policy: { ...current.body.policy, sensitiveClasses: [] },
        }),
      });
      expect(saved.status).toBe(200);
      expect(saved.body.version).toBe(1);
      const r = await post('clerk', '/api/loans', {
        kind: 'consult',
        purpose: { category: '审计稽核', text: '稽核复查' },
        items: [{ itemId: items.jh!.id }],
        days: 2,
      });
      expect(r.body.steps.map((s: any) => s.approver)).toEqual(['section_head']);
      expect(r.body.policyVersion).toBe(1);
      const stale = await t.api(as('archivist'), '/api/loans/policy', {
        method: 'PUT',
        body: JSON.stringify({ expectedVersion: 0, policy: current.body.policy }),
      });
      expect(stale.status).toBe(409);
    });

    it('refuses items not in the archive, unknown items and periods past the policy', async () => {
      const base = { kind: 'consult', purpose: { category: '业务办理', text: '核对' }, days: 2 };
      const filed = await post('clerk', '/api/loans', { ...base, items: [{ itemId: items.filed!.id }] });
      expect([filed.status, filed.body.error.code]).toEqual([409, 'loan.item_not_available']);
      const long = await post('clerk', '/api/loans', { ...base, days: 30, items: [{ itemId: items.b!.id }] });
      expect([long.status, long.body.error.code]).toEqual([400, 'loan.period_too_long']);
      const pages = await post('clerk', '/api/loans', {
        ...base,
        items: [{ itemId: items.b!.id, pages: [{ from: 2, to: 9 }] }],
      });
      expect([pages.status, pages.body.error.code]).toEqual([400, 'loan.bad_pages']);
    });
  });

  describe('physical loan (借出)', () => {
    let id: string;

    it('checks out with the pages counted, the item out of its box, an 出库 registered', async () => {
      const r = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '业务办理', text: '待遇复核' },
        items: [{ itemId: items.b!.id }],
        days: 7,
      });
      id = r.body.id;
      expect(r.body.steps.map((s: any) => `${s.approver}:${s.section}`)).toEqual(['section_head:养老保险科']);
      expect((await decide('head', id, 0)).body.status).toBe('approved');
      const wrongCount = await post('archivist', `/api/loans/${id}/checkout`, { items: [] });
      expect(wrongCount.status).toBe(400);
      const out = await post('archivist', `/api/loans/${id}/checkout`, {
        items: [{ itemId: items.b!.id, pages: 3 }],
      });
      expect(out.status).toBe(200);
      expect(out.body).toMatchObject({
        status: 'checked_out',
        statusLabel: '借出中',
        handledBy: 'archivist',
      });
      expect(out.body.due).toBe(new Date(clock.now().getTime() + 7 * DAY).toISOString());
      expect(out.body.items[0].checkout).toMatchObject({ pages: 3, countDiffers: false });
      const item = await get('archivist', `/api/items/${items.b!.id}`);
      expect(item.body.out).toMatchObject({ reason: 'loan', ref: id, due: out.body.due });
      expect(await t.archive.deps.records.holder(`physical:${items.b!.id}`)).toBe(id);
      const moves: any[] = [];
      for await (const m of t.archive.deps.records
        .collection<any>('movement')
        .all({ subjectId: items.b!.id }))
        moves.push(m);
      expect(moves.map((m) => [m.direction, m.reason, m.ref])).toEqual([['out', 'loan', out.body.number]]);
    });

    it('renews a limited number of times', async () => {
      const due = (await get('clerk', `/api/loans/${id}`)).body.due;
      const first = await post('archivist', `/api/loans/${id}/renew`);
      expect(first.status).toBe(200);
      expect(first.body.due).toBe(new Date(Date.parse(due) + 7 * DAY).toISOString());
      expect((await post('archivist', `/api/loans/${id}/renew`, { days: 3 })).status).toBe(200);
      const third = await post('archivist', `/api/loans/${id}/renew`);
      expect([third.status, third.body.error.code]).toEqual([409, 'loan.renewal_limit']);
      const item = await get('archivist', `/api/items/${items.b!.id}`);
      expect(item.body.out.due).toBe((await get('clerk', `/api/loans/${id}`)).body.due);
    });

    it('lists it overdue and reminds once a day (daily job, idempotent)', async () => {
      const due = Date.parse((await get('clerk', `/api/loans/${id}`)).body.due);
      clock.set(new Date(due + 2 * DAY));
      await loginAll();
      const overdue = await get('archivist', '/api/loans/overdue');
      expect(overdue.status).toBe(200);
      expect(overdue.body.loans.map((l: any) => [l.id, l.daysOverdue])).toEqual([[id, 2]]);
      await t.archive.worker.drain();
      const once = (await get('clerk', `/api/loans/${id}`)).body.reminders;
      expect(once).toHaveLength(1);
      expect(once[0]).toMatchObject({ daysOverdue: 2 });
      // The day's run again (a restart queues it anew): nobody is reminded twice the same day.
      await scheduleLoanJobs(t.archive.deps);
      await t.archive.worker.drain();
      expect((await get('clerk', `/api/loans/${id}`)).body.reminders).toHaveLength(1);
      clock.advance(DAY);
      await loginAll();
      await t.archive.worker.drain();
      const twice = (await get('clerk', `/api/loans/${id}`)).body.reminders;
      expect(twice.map((r: any) => r.daysOverdue)).toEqual([2, 3]);
      const audited = (await auditEntries('loan.reminder')).filter((e) => e.target === id);
      expect(audited).toHaveLength(2);
      expect(audited[0]!.actor).toBe('system');
    });

    it('returns with the pages counted again: a difference is recorded and flagged', async () => {
      const r = await post('archivist', `/api/loans/${id}/return`, {
        items: [{ itemId: items.b!.id, pages: 2, note: '缺第3页，借阅人称未拆卷' }],
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'returned', flags: ['page_mismatch'] });
      expect(r.body.items[0].return).toMatchObject({ pages: 2, mismatch: true });
      const item = await get('archivist', `/api/items/${items.b!.id}`);
      expect(item.body.out).toBeNull();
      expect(await t.archive.deps.records.holder(`physical:${items.b!.id}`)).toBeNull();
      const flagged = (await auditEntries('loan.page_mismatch')).filter((e) => e.target === id);
      expect(flagged[0]!.details.items).toEqual([{ itemId: items.b!.id, out: 3, back: 2 }]);
      const moves: any[] = [];
      for await (const m of t.archive.deps.records
        .collection<any>('movement')
        .all({ subjectId: items.b!.id }))
        moves.push(m);
      expect(moves.map((m) => m.direction).sort()).toEqual(['in', 'out']);
      const closed = await post('archivist', `/api/loans/${id}/close`, {
        effect: { category: '提供凭证', note: '' },
      });
      expect(closed.body.status).toBe('closed');
    });

    it('keeps an outside borrower’s physical loan in the reading room (due the same day, no renewal)', async () => {
      const r = await post('archivist', '/api/loans', {
        kind: 'loan',
        purpose: { category: '权益查询', text: '核对原件' },
        items: [{ itemId: items.c!.id }],
        days: 5,
        borrower: { name: '王芳', idType: '护照', idNumber: 'E12345678' },
      });
      expect(r.body).toMatchObject({ inRoom: true, days: 0 });
      await decide('approver', r.body.id, 0);
      const out = await post('archivist', `/api/loans/${r.body.id}/checkout`, {
        items: [{ itemId: items.c!.id, pages: 3 }],
      });
      expect(out.status).toBe(200);
      expect(out.body.due.slice(11)).toBe('15:59:59.000Z'); // 23:59:59 in Chongqing
      const renew = await post('archivist', `/api/loans/${r.body.id}/renew`);
      expect(renew.body.error.code).toBe('loan.in_room');
      const back = await post('archivist', `/api/loans/${r.body.id}/return`, {
        items: [{ itemId: items.c!.id, pages: 3 }],
      });
      expect(back.body).toMatchObject({ status: 'returned', flags: [] });
    });
  });

  describe('concurrency', () => {
    it('checks one physical item out to exactly one of several approved requests racing for it', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await post('clerk', '/api/loans', {
          kind: 'loan',
          purpose: { category: '业务办理', text: `并发借阅 ${i}` },
          items: [{ itemId: items.c!.id }],
          days: 7,
        });
        await decide(i % 2 ? 'head' : 'headb', r.body.id, 0);
        ids.push(r.body.id);
      }
      const results = await Promise.all(
        ids.map((id) =>
          post('archivist', `/api/loans/${id}/checkout`, { items: [{ itemId: items.c!.id, pages: 3 }] }),
        ),
      );
      const won = results.filter((r) => r.status === 200);
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(
        Array(5).fill('loan.item_out'),
      );
      const winner = won[0]!.body.id;
      expect(await t.archive.deps.records.holder(`physical:${items.c!.id}`)).toBe(winner);
      expect((await get('archivist', `/api/items/${items.c!.id}`)).body.out.ref).toBe(winner);
      const statuses = await Promise.all(
        ids.map(async (id) => (await get('archivist', `/api/loans/${id}`)).body.status),
      );
      expect(statuses.filter((s) => s === 'checked_out')).toHaveLength(1);
    });

    it('lets only one of two approvers racing for the same step decide it', async () => {
      const r = await post('clerk2', '/api/loans', {
        kind: 'consult',
        purpose: { category: '业务办理', text: '并发审批' },
        items: [{ itemId: items.b!.id }],
        days: 1,
      });
      const both = await Promise.all([decide('head', r.body.id, 0), decide('headb', r.body.id, 0)]);
      expect(both.map((x) => x.status).sort()).toEqual([200, 409]);
      const loan = (await get('archivist', `/api/loans/${r.body.id}`)).body;
      expect(loan.steps[0].decision).toBe('approved');
      expect(loan.currentStep).toBe(1);
    });
  });

  it('lists requests by status (`?status=`; the old `?state=` is refused)', async () => {
    const closed = (await get('archivist', '/api/loans?view=all&status=closed')).body.loans;
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((l: { status: string }) => l.status === 'closed')).toBe(true);
    expect((await get('archivist', '/api/loans?view=all&state=closed')).status).toBe(400);
  });

  describe('roles', () => {
    it('refuses the wrong roles, and records each refusal', async () => {
      const anyLoan = (await get('archivist', '/api/loans?view=all')).body.loans[0].id;
      const cases: [string, () => Promise<{ status: number }>, number][] = [
        [
          'auditor files a request',
          () =>
            post('auditor', '/api/loans', {
              kind: 'consult',
              purpose: { category: '其他', text: 'x' },
              items: [{ itemId: items.b!.id }],
              days: 1,
            }),
          403,
        ],
        [
          'borrower checks out',
          () =>
            post('borrower', `/api/loans/${anyLoan}/checkout`, {
              items: [{ itemId: items.c!.id, pages: 3 }],
            }),
          403,
        ],
        ['clerk decides', () => decide('clerk', anyLoan, 0), 403],
        ['clerk lists all', () => get('clerk', '/api/loans?view=all'), 403],
        [
          'approver reads a register',
          () => get('approver', '/api/loans/registers/consultation?from=2026-01-01&to=2026-12-31'),
          403,
        ],
        [
          'borrower reads statistics',
          () => get('borrower', '/api/loans/statistics?from=2026-01-01&to=2026-12-31'),
          403,
        ],
        [
          'auditor closes',
          () => post('auditor', `/api/loans/${anyLoan}/close`, { effect: { category: '其他' } }),
          403,
        ],
      ];
      for (const [what, call, status] of cases) expect([what, (await call()).status]).toEqual([what, status]);
      const denied = await t.archive.deps.audit.list({ limit: 1000 });
      expect(
        denied.filter((e) => e.outcome === 'denied' && e.action.startsWith('loan.')).length,
      ).toBeGreaterThanOrEqual(cases.length);
    });
  });

  describe('registers and statistics', () => {
    async function pdfText(bytes: Buffer): Promise<string> {
      const doc = await openWithPdfjs(bytes);
      try {
        let text = '';
        for (let p = 1; p <= doc.numPages; p++) {
          const content = await (await doc.getPage(p)).getTextContent();
          text += content.items.map((i) => ('str' in i ? i.str : '')).join('') + '\n';
        }
        return text;
      } finally {
        await doc.destroy();
      }
    }
    const RANGE = 'from=2026-03-01&to=2026-03-31';

    it('counts requests by kind, purpose, borrower and effect, per month', async () => {
      const r = await get('approver', '/api/loans/statistics?from=2026-01-01&to=2026-12-31');
      expect(r.status).toBe(200);
      expect(r.body.byKind).toEqual({ 电子查阅: 5, 借出: 8, 复制: 1 });
      expect(r.body.requests).toBe(14);
      expect(r.body.byEffect).toMatchObject({ 工作查考: 1, 提供凭证: 1 });
      expect(r.body.typicalCases).toBe(1);
      expect(r.body.pageMismatches).toBe(1);
      expect(r.body.byMonth.map((m: any) => m.month)).toEqual(['2026-03']);
      expect(r.body.byBorrowerType['外单位或个人']).toBe(3);
    });

    it('prints 《档案查阅登记表》 as PDF and XLSX', async () => {
      const r = await get('archivist', `/api/loans/registers/consultation?${RANGE}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      if (process.env.LOANS_LOOK_DIR) writeFileSync(`${process.env.LOANS_LOOK_DIR}/consultation.pdf`, r.body);
      const text = await pdfText(r.body);
      for (const s of [
        '档案查阅登记表',
        '证件类型及号码',
        '查阅目的',
        '利用效果',
        '160-2013-GL-D100-0001',
        '李明',
        '电子查阅',
        '复制',
        '工作查考',
      ])
        expect(text).toContain(s);
      const x = await get('archivist', `/api/loans/registers/consultation?${RANGE}&format=xlsx`);
      expect(x.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(x.body);
      const cells: string[] = [];
      book.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      expect(cells).toEqual(
        expect.arrayContaining(['查阅人', '利用方式', '李明', `居民身份证 ${VISITOR_ID}`]),
      );
    });

    it('prints 《业务档案内部借阅表》 with the return count and the typical cases of the year', async () => {
      const r = await get('archivist', `/api/loans/registers/internal?${RANGE}`);
      expect(r.status).toBe(200);
      if (process.env.LOANS_LOOK_DIR) writeFileSync(`${process.env.LOANS_LOOK_DIR}/internal.pdf`, r.body);
      const text = await pdfText(r.body);
      for (const s of ['业务档案内部借阅表', '归还页数', '养老保险科', '160-2013-GL-D100-0002', '2（不符）'])
        expect(text).toContain(s);
      const cases = await get('archivist', '/api/loans/typical-cases?year=2026');
      expect(cases.status).toBe(200);
      const casesText = await pdfText(cases.body);
      expect(casesText).toContain('2026年度档案利用典型事例汇编');
      expect(casesText).toContain('调阅参保档案助力工伤认定');
      const xlsx = await get('archivist', '/api/loans/typical-cases?year=2026&format=xlsx');
      expect(xlsx.status).toBe(200);
    });

    it('documents every loan route in the OpenAPI document', async () => {
      const doc = await t.api(null, '/api/openapi.json');
      const paths = Object.keys(doc.body.paths).filter((p) => p.startsWith('/api/loans'));
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/loans',
          '/api/loans/{id}/decision',
          '/api/loans/{id}/items/{itemId}/pages/{n}',
          '/api/loans/{id}/checkout',
          '/api/loans/{id}/return',
          '/api/loans/registers/consultation',
        ]),
      );
    });
  });

  describe('loans and retention (鉴定, 销毁) and other sections', () => {
    const movementsOf = async (itemId: string) => {
      const out: any[] = [];
      for await (const m of t.archive.deps.records.collection<any>('movement').all({ subjectId: itemId }))
        out.push(m);
      return out;
    };
    async function approvedLoan(itemId: string, text: string): Promise<string> {
      const r = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '业务办理', text },
        items: [{ itemId }],
        days: 7,
      });
      expect(r.status).toBe(201);
      expect((await decide('head', r.body.id, 0)).body.status).toBe('approved');
      return r.body.id;
    }

    it('does not lend an item under appraisal or awaiting destruction; lends it once released', async () => {
      // Formed 2013, kept 10 years: due since 2024-01-01.
      const due = await archivedItem('due', 11, { retention: 'D10', dueDate: '2024-01-01' });
      const opened = await post('archivist', '/api/appraisals', { itemIds: [due.id] });
      expect(opened.status).toBe(201);
      const id = await approvedLoan(due.id, '鉴定期间调原件');
      const refused = await post('archivist', `/api/loans/${id}/checkout`, {
        items: [{ itemId: due.id, pages: 3 }],
      });
      expect([refused.status, refused.body.error.code]).toEqual([409, 'loan.item_in_appraisal']);
      expect(refused.body.error.details).toEqual({ itemId: due.id, appraisalId: opened.body.id });
      expect((await get('archivist', `/api/items/${due.id}`)).body.out ?? null).toBeNull();
      expect(await t.archive.deps.records.holder(`physical:${due.id}`)).toBeNull();
      expect(await movementsOf(due.id)).toEqual([]);

      const released = await post('archivist', `/api/appraisals/${opened.body.id}/items/${due.id}/release`, {
        reason: '业务科室调阅原件',
      });
      expect(released.status).toBe(200);
      const lent = await post('archivist', `/api/loans/${id}/checkout`, {
        items: [{ itemId: due.id, pages: 3 }],
      });
      expect(lent.status).toBe(200);
      // Out on loan, it is still on the due list, shown as out.
      const list = await get('archivist', '/api/retention/due');
      expect(list.body.items.find((i: { id: string }) => i.id === due.id)).toMatchObject({
        out: { reason: 'loan', label: '借出中', ref: id },
      });
      await post('archivist', `/api/loans/${id}/return`, { items: [{ itemId: due.id, pages: 3 }] });
    });

    it('does not lend a destroyed item, and takes one back without registering it in the store', async () => {
      const gone = await archivedItem('gone', 12);
      const id = await approvedLoan(gone.id, '核对原件');
      const tomb = async (item: Item) => {
        const cur = (await t.stores.items.get(item.id))!;
        await t.stores.items.update({
          ...cur,
          status: 'destroyed',
          pages: [],
          destruction: {
            listId: 'dsl_00000000000000000000',
            at: clock.now().toISOString(),
            method: '粉碎',
            pages: 3,
          },
          revision: cur.revision + 1,
        });
      };
      // Destroyed between approval and checkout.
      await tomb(gone);
      const refused = await post('archivist', `/api/loans/${id}/checkout`, {
        items: [{ itemId: gone.id, pages: 3 }],
      });
      expect([refused.status, refused.body.error.code]).toEqual([409, 'loan.item_not_available']);
      expect(refused.body.error.details).toEqual({ itemId: gone.id, status: 'destroyed' });

      // An item destroyed while out (what execution did before it skipped items out) comes back:
      // the loan is returned, the tombstone is no longer out, and no 入库 is registered.
      const lent = await archivedItem('lent', 13);
      const id2 = await approvedLoan(lent.id, '核对原件');
      expect(
        (await post('archivist', `/api/loans/${id2}/checkout`, { items: [{ itemId: lent.id, pages: 3 }] }))
          .status,
      ).toBe(200);
      await tomb(lent);
      const back = await post('archivist', `/api/loans/${id2}/return`, {
        items: [{ itemId: lent.id, pages: 3 }],
      });
      expect(back.status).toBe(200);
      expect(back.body.status).toBe('returned');
      const item = (await get('archivist', `/api/items/${lent.id}`)).body;
      expect(item).toMatchObject({ status: 'destroyed', out: null });
      expect((await movementsOf(lent.id)).map((m) => [m.direction, m.reason])).toEqual([['out', 'loan']]);
      expect(await t.archive.deps.records.holder(`physical:${lent.id}`)).toBeNull();
      const audited = (await auditEntries('loan.return')).filter((e) => e.target === id2);
      expect(audited[0]!.details).toMatchObject({ destroyedItems: [lent.id], complete: true });
    });

    it('limits a section head’s loan statistics to their own section, as the other reports do', async () => {
      const other = await archivedItem('injury', 14, { section: '工伤保险科' });
      const r = await post('clerk2', '/api/loans', {
        kind: 'consult',
        purpose: { category: '业务办理', text: '工伤认定核对' },
        items: [{ itemId: other.id }],
        days: 1,
      });
      expect(r.status).toBe(201);
      const stats = async (user: string) =>
        (await get(user, '/api/loans/statistics?from=2026-01-01&to=2026-12-31')).body;
      const all = await stats('approver');
      const pension = await stats('head');
      const injury = await stats('head2');
      expect(all.sections).toBeNull();
      expect(pension.sections).toEqual(['养老保险科']);
      expect(injury.sections).toEqual(['工伤保险科']);
      expect(injury).toMatchObject({ requests: 1, served: 0, itemUses: 0 });
      expect(injury.byKind).toMatchObject({ 电子查阅: 1, 借出: 0, 复制: 0 });
      expect(pension.requests + injury.requests).toBe(all.requests);
      expect(pension.itemUses).toBe(all.itemUses);
      expect((await get('clerk', '/api/loans/statistics?from=2026-01-01&to=2026-12-31')).status).toBe(403);
      const audited = (await auditEntries('loan.statistics')).filter((e) => e.actor === 'head2');
      expect(audited.at(-1)!.details).toMatchObject({ sections: ['工伤保险科'], requests: 1 });
    });
  });
});
