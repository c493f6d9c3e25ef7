import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { openWithPdfjs, pdfjsTextItems } from '../../ingest/adapters/pdfjs-loader';
import { seedAccount } from '../../server/core/accounts/account-service';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import type { AuditEntry } from '../../server/core/audit/audit.model';
import { residentIdCheckChar } from '../../server/core/identifiers';
import { ManualClock } from '../../server/core/shared/clock.port';
import { PASSWORD, itemForm, startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

/**
 * One archive, the whole life of a handful of items, through the HTTP API only (the clock is the one thing
 * the test moves; accounts are seeded as every API suite does):
 *
 *   登记 → 预立卷 → 移交 → 验收 (接收 / 退回补正 → 再移交) → 档号 → 装盒 → 标签 → 上架
 *   → 电子查阅 (审批, 水印, 过期) → 借出 / 归还 (出库 / 归还登记) → 统计
 *   → 到期 (冻结的除外) → 鉴定 → 销毁清册 → 批准 → 两名监销人 → 执行 → 已销毁 → 销毁清册永久保存
 *   → 审计链完整
 *
 * Alongside, probes of how the modules meet (an item on loan and destruction, a box and a destroyed item,
 * other sections, personal data in the audit trail, error codes). A probe that finds a defect asserts the
 * correct behaviour and is marked `it.failing`, with a comment saying what happens instead.
 */
// The machine is shared: a step may take a few seconds under load.
jest.setTimeout(60_000);

const T0 = new Date('2014-03-03T01:00:00Z'); // Monday 09:00 in Chongqing
const DAY = 24 * 3600_000;
const VISITOR_ID = '11010519491231002X'; // the outside borrower's 居民身份证
const DESK_VISITOR = { name: '欧阳明月', idType: '护照', idNumber: 'E98765432' }; // registered at the desk

/** A valid 公民身份号码 for person `n`. */
const rid = (n: number) => {
  const first = `50010219800101${String(n).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A small scanned-looking page (white, one black line), different for every `seed`. */
async function pagePng(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 452, channels: 3, background: '#ffffff' } })
    .composite([
      {
        input: { create: { width: 80 + seed * 3, height: 10, channels: 3, background: '#000000' } },
        left: 20,
        top: 30 + seed * 4,
      },
    ])
    .png()
    .toBuffer();
}

let printed = 0;
/**
 * Text of every page of a PDF, joined, whitespace removed. With JOURNEY_LOOK_DIR set, each PDF the journey
 * reads is also written there (`NN-<title>.pdf`) to look at (`pdftoppm -png`).
 */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await openWithPdfjs(bytes);
  if (process.env.JOURNEY_LOOK_DIR) {
    const title = ((await pdfjsTextItems(doc, 0))[0]?.str ?? 'pdf').replace(/[^\p{L}\p{N}]+/gu, '');
    writeFileSync(
      join(process.env.JOURNEY_LOOK_DIR, `${String(++printed).padStart(2, '0')}-${title}.pdf`),
      bytes,
    );
  }
  try {
    let out = '';
    for (let i = 0; i < doc.numPages; i++)
      out += (await pdfjsTextItems(doc, i)).map((x) => x.str).join('') + '\n';
    return out.replace(/[ \t]+/g, '');
  } finally {
    await doc.destroy();
  }
}

/** The share of the page's pixels that `served` shows darker than `original` (same size, grey scale). */
async function darkenedShare(original: Buffer, served: Buffer): Promise<number> {
  const grey = (b: Buffer) =>
    sharp(b).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const [a, b] = await Promise.all([grey(original), grey(served)]);
  expect([b.info.width, b.info.height]).toEqual([a.info.width, a.info.height]);
  let darker = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i]! - b.data[i]! > 30) darker++;
  return darker / (a.info.width * a.info.height);
}

interface Filed {
  key: string;
  id: string;
  title: string;
  person: { name: string; residentId: string };
  pages: Buffer[];
  archivalCode?: string;
}

describe.each(testBackends())(
  'API journey (%s backends): an item’s whole life, across transfer, store, loans, retention and reports',
  (backend) => {
    const clock = new ManualClock(T0);
    let t: TestArchive;
    const tokens: Record<string, string> = {};
    const USERS = [
      'archivist',
      'clerk',
      'clerk2',
      'head',
      'head2',
      'approver',
      'leader',
      'appraiser',
      'appraiser2',
      'supervisor1',
      'supervisor2',
      'borrower',
      'auditor',
    ];
    async function loginAll() {
      for (const u of USERS) tokens[u] = await t.login(u);
    }
    const as = (u: string) => tokens[u]!;
    const get = (u: string, path: string) => t.api(as(u), path);
    const post = (u: string, path: string, body: unknown = {}) =>
      t.api(as(u), path, { method: 'POST', body: JSON.stringify(body) });
    const patch = (u: string, path: string, body: unknown) =>
      t.api(as(u), path, { method: 'PATCH', body: JSON.stringify(body) });
    /** Moves the clock and logs everyone in again (sessions last 12 hours of the clock). */
    async function travel(to: Date) {
      clock.set(to);
      await loginAll();
    }
    async function allAudit(): Promise<AuditEntry[]> {
      const out: AuditEntry[] = [];
      for await (const e of t.archive.deps.audit.scan(1, 1000)) out.push(e);
      return out;
    }
    const item = async (id: string) => (await get('archivist', `/api/items/${id}`)).body;

    // The items, all 养老保险科, formed May 2013, 社会保险管理类 kept 10 years: due on 2024-01-01.
    //   I1 consulted electronically, destroyed     I2 lent physically, destroyed
    //   I3 returned for correction, re-transferred, destroyed      I4 appraised and kept (30 years)
    //   I5 held (冻结): never due                  I6, I7 probes: on loan while appraised / destroyed
    const PEOPLE = ['赵建国', '钱秀英', '孙志强', '李淑芬', '周海燕', '吴国栋', '郑丽华'];
    const F: Record<string, Filed> = {};
    const keys = ['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7'];
    let volumeId: string;
    let transfer1: any;
    let transfer2: any;
    let box: any;
    let shelf: any;
    let consultId: string;
    let loanId: string;
    let appraisalId: string;
    let listId: string;
    let recordItemId: string;

    beforeAll(async () => {
      t = await startTestArchive({ clock, backend });
      await seedAccount(t.archive.deps, {
        username: 'leader',
        displayName: '分管领导兼监销人',
        password: PASSWORD,
        roles: ['approver', 'supervisor'],
        section: null,
      });
      await loginAll();
    }, 60_000);
    afterAll(async () => t?.close());

    it('a clerk files items with pages; they are pre-archived, transferred, checked, accepted or returned and re-transferred, and numbered gap-free', async () => {
      for (const [n, key] of keys.entries()) {
        const person = { name: PEOPLE[n]!, residentId: rid(n + 1) };
        const title = `${person.name}养老保险待遇核定表`;
        const pages = await Promise.all(
          Array.from({ length: key === 'I2' ? 3 : 2 }, (_, p) => pagePng(n * 5 + p + 1)),
        );
        const meta = {
          fondsCode: '160',
          year: 2013,
          classCode: 'GL',
          insuranceType: 'YL',
          retention: 'D10',
          title,
          date: `201305${String(n + 10)}`,
          persons: [person],
        };
        const r = await t.api(as('clerk'), '/api/items', {
          method: 'POST',
          body: itemForm(
            meta,
            pages.map((data, p) => ({ name: `第${p + 1}页.png`, data, type: 'image/png' })),
          ),
        });
        expect([key, r.status, r.body.error]).toEqual([key, 201, undefined]);
        expect(r.body).toMatchObject({ status: 'filed', section: '养老保险科', retention: 'D10' });
        expect(r.body.dueDate).toBe('2024-01-01');
        F[key] = { key, id: r.body.id, title, person, pages };
      }
      await t.archive.worker.drain();

      // 预立卷: the month's filed items of the section in one volume, in order of 日期.
      const v = await post('clerk', '/api/transfers/volumes', { year: 2013, month: 5 });
      expect(v.status).toBe(201);
      expect(v.body.volumes).toHaveLength(1);
      volumeId = v.body.volumes[0].id;
      expect(v.body.volumes[0].itemIds).toEqual(keys.map((k) => F[k]!.id));
      expect((await item(F.I1!.id)).status).toBe('pre_archived');

      // 移交: a draft from the volume, submitted naming the section head.
      const draft = await post('clerk', '/api/transfers', { volumeIds: [volumeId] });
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({ status: 'draft', section: '养老保险科', pending: 7 });
      const sub = await post('clerk', `/api/transfers/${draft.body.id}/submit`, { sectionHead: 'head' });
      expect(sub.status).toBe(200);
      transfer1 = sub.body;
      expect(transfer1).toMatchObject({ status: 'submitted', submittedBy: 'clerk', sectionHead: 'head' });
      expect(transfer1.declared).toEqual({ items: 7, pages: 15 });
      for (const k of keys) expect((await item(F[k]!.id)).status).toBe('in_transfer');
      // Handed over: the section can no longer edit it.
      const edit = await patch('clerk', `/api/items/${F.I1!.id}`, { remarks: '补充' });
      expect([edit.status, edit.body.error.code]).toEqual([409, 'item.in_transfer']);

      // 验收: counts agree; the pages carry no text, so the forms cannot be verified (a warning, not a stop).
      const checked = await post('archivist', `/api/transfers/${transfer1.id}/check`, {
        countedItems: 7,
        countedPages: 15,
      });
      expect(checked.status).toBe(200);
      expect(checked.body.status).toBe('checked');
      expect(checked.body.check.counts.actual).toEqual({ items: 7, pages: 15 });

      // I3 goes back to the section (退回补正); the rest is accepted and numbered.
      const ret = await post('archivist', `/api/transfers/${transfer1.id}/return`, {
        items: [{ itemId: F.I3!.id, reason: '题名缺少业务环节，请补正' }],
      });
      expect(ret.status).toBe(200);
      expect(ret.body).toMatchObject({ returned: 1, pending: 6 });
      const acc = await post('archivist', `/api/transfers/${transfer1.id}/accept`);
      expect(acc.status).toBe(200);
      expect(acc.body).toMatchObject({ status: 'partially_accepted', accepted: 6, returned: 1, pending: 0 });
      const firstCodes = ['I1', 'I2', 'I4', 'I5', 'I6', 'I7'];
      for (const [n, k] of firstCodes.entries()) {
        const it = await item(F[k]!.id);
        expect(it).toMatchObject({ status: 'archived', itemNumber: n + 1 });
        expect(it.archivalCode).toBe(`160-2013-GL-D10-${String(n + 1).padStart(4, '0')}`);
        F[k]!.archivalCode = it.archivalCode;
      }
      const back = await item(F.I3!.id);
      expect(back).toMatchObject({
        status: 'returned',
        archivalCode: null,
        transfer: { transferId: transfer1.id, returnReason: '题名缺少业务环节，请补正' },
      });

      // The section sees why, fixes the title and hands it over again.
      const seen = await get('clerk', `/api/transfers/${transfer1.id}/items`);
      expect(seen.body.items.find((i: { id: string }) => i.id === F.I3!.id)).toMatchObject({
        decision: 'returned',
        returnReason: '题名缺少业务环节，请补正',
      });
      const fixedTitle = `${F.I3!.person.name}养老保险待遇核定表（待遇核定环节）`;
      const fixed = await patch('clerk', `/api/items/${F.I3!.id}`, {
        title: fixedTitle,
        revision: back.revision,
      });
      expect(fixed.status).toBe(200);
      F.I3!.title = fixedTitle;
      const again = await post('clerk', '/api/transfers', { itemIds: [F.I3!.id] });
      expect(again.status).toBe(201);
      const sub2 = await post('clerk', `/api/transfers/${again.body.id}/submit`, { sectionHead: 'head' });
      expect(sub2.status).toBe(200);
      transfer2 = sub2.body;
      expect((await item(F.I3!.id)).status).toBe('in_transfer');
    });

    it('keeps an item in an open transfer out of boxes and loans', async () => {
      const boxed = await post('archivist', '/api/boxes', {
        fondsCode: '160',
        year: 2013,
        classCode: 'GL',
        retention: 'D10',
        items: [F.I3!.id],
      });
      expect([boxed.status, boxed.body.error?.code]).toEqual([409, 'box.item_not_archived']);
      const lent = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '业务办理', text: '待遇复核' },
        items: [{ itemId: F.I3!.id }],
        days: 3,
      });
      expect([lent.status, lent.body.error?.code]).toEqual([409, 'loan.item_not_available']);
    });

    it('accepts the corrected item: it takes the next 档号, the group stays gap-free, both receipts are registered', async () => {
      const checked = await post('archivist', `/api/transfers/${transfer2.id}/check`);
      expect(checked.status).toBe(200);
      const acc = await post('archivist', `/api/transfers/${transfer2.id}/accept`);
      expect(acc.body).toMatchObject({ status: 'accepted', accepted: 1 });
      const i3 = await item(F.I3!.id);
      expect(i3).toMatchObject({ status: 'archived', itemNumber: 7, archivalCode: '160-2013-GL-D10-0007' });
      F.I3!.archivalCode = i3.archivalCode;
      const list = await get('archivist', '/api/items?year=2013&class=GL&retention=D10&limit=200');
      expect(list.status).toBe(200);
      const numbers = list.body.items
        .map((i: { itemNumber: number }) => i.itemNumber)
        .sort((a: number, b: number) => a - b);
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);

      const reg = await get('archivist', '/api/transfers/register?from=2014-03-03&to=2014-03-03');
      expect(reg.status).toBe(200);
      const text = await pdfText(reg.body);
      expect(text).toContain('档案接收登记表');
      expect(text).toContain(transfer1.number);
      expect(text).toContain(transfer2.number);
    });

    it('packs the accepted items into a box in 档号 order, prints its labels, and shelves it', async () => {
      const created = await post('archivist', '/api/boxes', {
        fondsCode: '160',
        year: 2013,
        classCode: 'GL',
        retention: 'D10',
        items: keys.map((k) => F[k]!.id),
      });
      expect(created.status).toBe(201);
      box = created.body;
      expect(box).toMatchObject({ boxNumber: '0001', itemRange: '0001-0007', itemCount: 7, pageCount: 15 });
      expect(box.entries.map((e: { itemNumber: number }) => e.itemNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect((await item(F.I1!.id)).box).toEqual({ boxId: box.id, boxNumber: '0001' });

      const labels = await get('archivist', `/api/boxes/${box.id}/labels`);
      expect(labels.status).toBe(200);
      expect(labels.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(labels.body);
      for (const s of ['全宗号', '年度', '保管期限', '起止件号', '盒号', '0001-0007', '2013', '10年'])
        expect(text).toContain(s);

      const room = await post('archivist', '/api/locations', {
        kind: 'room',
        number: 1,
        name: '业务档案库房',
        layout: { rows: 1, sections: 1, shelves: 2, capacity: 4 },
      });
      expect(room.status).toBe(201);
      const rows = await get('archivist', `/api/locations?parentId=${room.body.location.id}`);
      const sections = await get('archivist', `/api/locations?parentId=${rows.body.locations[0].id}`);
      const shelves = await get('archivist', `/api/locations?parentId=${sections.body.locations[0].id}`);
      shelf = shelves.body.locations[0];
      const placed = await post('archivist', `/api/boxes/${box.id}/place`, { shelfId: shelf.id });
      expect(placed.status).toBe(200);
      expect(placed.body.locationCode).toBe('1库-01列-1节-1层');
      const sealed = await post('archivist', `/api/boxes/${box.id}/seal`);
      expect(sealed.body.status).toBe('sealed');
      const map = await get('archivist', `/api/locations/${room.body.location.id}/map`);
      expect(map.body.totals).toMatchObject({ boxes: 1, occupied: 1 });
    });

    it('an outside borrower consults one page electronically: approved by the leader, watermarked, refused after expiry', async () => {
      const asked = await post('borrower', '/api/loans', {
        kind: 'consult',
        purpose: { category: '权益查询', text: '查询本人参保待遇核定情况' },
        items: [{ itemId: F.I1!.id, pages: [{ from: 1, to: 1 }] }],
        days: 1,
        borrower: { username: 'borrower', idType: '居民身份证', idNumber: VISITOR_ID, organisation: '个人' },
      });
      expect(asked.status).toBe(201);
      consultId = asked.body.id;
      expect(asked.body).toMatchObject({ status: 'pending', borrower: { type: 'external' } });
      expect(asked.body.steps.map((s: { approver: string }) => s.approver)).toEqual(['leader']);
      expect(JSON.stringify(asked.body)).not.toContain(F.I1!.person.name); // titles masked for the borrower

      const early = await get('borrower', `/api/loans/${consultId}/items/${F.I1!.id}/pages/1`);
      expect([early.status, early.body.error.code]).toEqual([403, 'loan.not_granted']);
      const self = await post('borrower', `/api/loans/${consultId}/decision`, {
        decision: 'approve',
        step: 0,
      });
      expect(self.status).toBe(403);
      const ok = await post('approver', `/api/loans/${consultId}/decision`, {
        decision: 'approve',
        step: 0,
        comment: '同意',
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'approved', grantStatus: 'active' });

      const page = await get('borrower', `/api/loans/${consultId}/items/${F.I1!.id}/pages/1`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('image/jpeg');
      // Set JOURNEY_LOOK_DIR to keep the served page for a look.
      if (process.env.JOURNEY_LOOK_DIR)
        writeFileSync(join(process.env.JOURNEY_LOOK_DIR, 'consulted-page.jpg'), page.body);
      // The original is white with one thin line; the served page has the watermark's text burned in.
      expect(await darkenedShare(F.I1!.pages[0]!, page.body)).toBeGreaterThan(0.01);
      const other = await get('borrower', `/api/loans/${consultId}/items/${F.I1!.id}/pages/2`);
      expect([other.status, other.body.error.code]).toEqual([403, 'loan.page_not_granted']);
      const plain = await get('borrower', `/api/items/${F.I1!.id}/pages/1`);
      expect(plain.status).toBe(403); // no way round the watermark

      await travel(new Date(T0.getTime() + 2 * DAY));
      const late = await get('borrower', `/api/loans/${consultId}/items/${F.I1!.id}/pages/1`);
      expect([late.status, late.body.error.code]).toEqual([403, 'loan.grant_expired']);
      const closed = await post('archivist', `/api/loans/${consultId}/close`, {
        effect: { category: '维护权益', note: '确认待遇核定无误' },
      });
      expect(closed.body.status).toBe('closed');
      const views = (
        await t.archive.deps.audit.list({ action: 'loan.page_view', target: consultId, limit: 50 })
      ).map((e) => e.outcome);
      expect(views.filter((o) => o === 'ok')).toHaveLength(1);
      expect(views.filter((o) => o === 'denied').length).toBeGreaterThanOrEqual(3);
    });

    it('a physical loan: approved by the section head, checked out (the item shows out, in its box too), returned; 出库 and 归还 registered', async () => {
      const asked = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '业务办理', text: '待遇重算调原件' },
        items: [{ itemId: F.I2!.id }],
        days: 7,
      });
      expect(asked.status).toBe(201);
      loanId = asked.body.id;
      expect(asked.body.steps.map((s: any) => `${s.approver}:${s.section}`)).toEqual([
        'section_head:养老保险科',
      ]);
      const notYet = await post('archivist', `/api/loans/${loanId}/checkout`, {
        items: [{ itemId: F.I2!.id, pages: 3 }],
      });
      expect(notYet.status).toBe(409);
      expect(
        (await post('head', `/api/loans/${loanId}/decision`, { decision: 'approve', step: 0 })).status,
      ).toBe(200);
      const out = await post('archivist', `/api/loans/${loanId}/checkout`, {
        items: [{ itemId: F.I2!.id, pages: 3 }],
      });
      expect(out.status).toBe(200);
      expect(out.body.status).toBe('checked_out');
      expect((await item(F.I2!.id)).out).toMatchObject({ reason: 'loan', ref: loanId });
      const inBox = (await get('archivist', `/api/boxes/${box.id}`)).body.items.find(
        (i: { id: string }) => i.id === F.I2!.id,
      );
      expect(inBox.out).toMatchObject({ reason: 'loan', ref: loanId });

      // A second approved request for the same item cannot be checked out meanwhile.
      const rival = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '业务办理', text: '另案核对' },
        items: [{ itemId: F.I2!.id }],
        days: 3,
      });
      await post('head', `/api/loans/${rival.body.id}/decision`, { decision: 'approve', step: 0 });
      const twice = await post('archivist', `/api/loans/${rival.body.id}/checkout`, {
        items: [{ itemId: F.I2!.id, pages: 3 }],
      });
      expect([twice.status, twice.body.error.code]).toEqual([409, 'loan.item_out']);
      expect((await post('clerk', `/api/loans/${rival.body.id}/cancel`)).body.status).toBe('cancelled');

      await travel(new Date(T0.getTime() + 5 * DAY));
      const back = await post('archivist', `/api/loans/${loanId}/return`, {
        items: [{ itemId: F.I2!.id, pages: 3 }],
      });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: 'returned', flags: [] });
      expect((await item(F.I2!.id)).out).toBeNull();
      const closed = await post('archivist', `/api/loans/${loanId}/close`, {
        effect: { category: '提供凭证', note: '' },
      });
      expect(closed.body.status).toBe('closed');

      const moves = await get('archivist', `/api/movements?subjectId=${F.I2!.id}`);
      expect(moves.status).toBe(200);
      expect(moves.body.movements.map((m: any) => [m.direction, m.reason]).sort()).toEqual([
        ['in', 'return'],
        ['out', 'loan'],
      ]);
      const reg = await get('archivist', '/api/movements/register?kind=in_out&from=2014-03-01&to=2014-03-31');
      expect(reg.status).toBe(200);
      const text = await pdfText(reg.body);
      expect(text).toContain('业务档案出入库情况登记表');
      expect(text).toContain(F.I2!.archivalCode);
      for (const s of ['出库', '借出', '归还', '2014-03-08']) expect(text).toContain(s);
    });

    it('reports the holding, the receipts and the loans in the statistics', async () => {
      const business = await get('archivist', '/api/reports/business?fromYear=2013&toYear=2013');
      expect(business.status).toBe(200);
      expect(business.body.rows).toHaveLength(1);
      expect(business.body.rows[0]).toMatchObject({
        year: 2013,
        'D10.items': 7,
        'D10.pages': 15,
        'total.items': 7,
        'total.pages': 15,
      });
      const holdings = await get('head', '/api/reports/holdings?fromYear=2013&toYear=2013');
      expect(holdings.status).toBe(200);
      expect(holdings.body.rows[0]).toMatchObject({
        fondsCode: '160',
        'archived.items': 7,
        'destroyed.items': 0,
      });
      const loans = await get('approver', '/api/loans/statistics?from=2014-03-01&to=2014-03-31');
      expect(loans.status).toBe(200);
      expect(loans.body.byKind).toMatchObject({ 电子查阅: 1, 借出: 2 });
      const pdf = await get('archivist', '/api/reports/yearly?fromYear=2013&toYear=2013&format=pdf');
      expect(pdf.status).toBe(200);
      expect(await pdfText(pdf.body)).toContain('历年档案统计表');
    });

    // ——— ten years later ———————————————————————————————————————————————————————————————————————————

    it('ten years on, the due list shows every due item but the held one', async () => {
      await travel(new Date('2024-03-04T01:00:00Z'));
      const held = await post('archivist', `/api/items/${F.I5!.id}/holds`, {
        reason: '区审计局专项审计，暂缓销毁',
        authority: '区审计局',
      });
      expect(held.status).toBe(201);
      // I6 goes out on a physical loan before anyone appraises it (a probe further down).
      const asked = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '审计稽核', text: '稽核调原件' },
        items: [{ itemId: F.I6!.id }],
        days: 7,
      });
      expect(asked.status).toBe(201);
      await post('head', `/api/loans/${asked.body.id}/decision`, { decision: 'approve', step: 0 });
      const out = await post('archivist', `/api/loans/${asked.body.id}/checkout`, {
        items: [{ itemId: F.I6!.id, pages: 2 }],
      });
      expect(out.status).toBe(200);

      const due = await get('archivist', '/api/retention/due');
      expect(due.status).toBe(200);
      const ids = due.body.items.map((i: { id: string }) => i.id).sort();
      expect(ids).toEqual(['I1', 'I2', 'I3', 'I4', 'I6', 'I7'].map((k) => F[k]!.id).sort());
      expect(due.body.excluded).toEqual({ held: 1, in_appraisal: 0 });
      expect(ids).not.toContain(F.I5!.id);
      expect(await fallingDue()).toBe(6);
    });

    const fallingDue = async () =>
      (await get('archivist', '/api/dashboard')).body.waiting.find(
        (w: { key: string }) => w.key === 'items_falling_due',
      ).count;

    it('an appraisal keeps one item for longer and sends the others to a 销毁清册', async () => {
      const opened = await post('archivist', '/api/appraisals', {
        itemIds: ['I1', 'I2', 'I3', 'I4'].map((k) => F[k]!.id),
      });
      expect(opened.status).toBe(201);
      appraisalId = opened.body.id;
      // The dashboard counts as the due list does: the four under appraisal no longer wait for one.
      expect(await fallingDue()).toBe(2);
      const heldToo = await post('archivist', '/api/appraisals', { itemIds: [F.I5!.id] });
      expect(heldToo.body.error).toMatchObject({
        code: 'appraisal.items_not_eligible',
        details: { problems: [{ itemId: F.I5!.id, reason: 'held' }] },
      });
      for (const member of ['appraiser', 'appraiser2']) {
        const v = await post(member, `/api/appraisals/${appraisalId}/votes`, {
          votes: [
            { itemId: F.I1!.id, decision: 'destroy', reason: '保管期满，无继续保存价值' },
            { itemId: F.I2!.id, decision: 'destroy' },
            { itemId: F.I3!.id, decision: 'destroy' },
            { itemId: F.I4!.id, decision: 'keep', retention: 'D30', reason: '涉及待遇追溯，延长保管' },
          ],
        });
        expect([member, v.status]).toEqual([member, 200]);
      }
      const closed = await post('archivist', `/api/appraisals/${appraisalId}/close`);
      expect(closed.status).toBe(200);
      const list = closed.body.destructionList;
      listId = list.id;
      expect(list.status).toBe('draft');
      expect(list.rows.map((r: { itemId: string }) => r.itemId)).toEqual([F.I1!.id, F.I2!.id, F.I3!.id]);
      expect(list.rows.map((r: { archivalCode: string }) => r.archivalCode)).toEqual([
        F.I1!.archivalCode,
        F.I2!.archivalCode,
        F.I3!.archivalCode,
      ]);
      const kept = await item(F.I4!.id);
      expect(kept).toMatchObject({
        retention: 'D30',
        dueDate: '2044-01-01',
        archivalCode: F.I4!.archivalCode,
      });
      const due = await get('archivist', '/api/retention/due');
      expect(due.body.items.map((i: { id: string }) => i.id).sort()).toEqual([F.I6!.id, F.I7!.id].sort());
    });

    it('the list is approved, confirmed by two supervisors (never its approver), and executed', async () => {
      expect((await post('archivist', `/api/destruction-lists/${listId}/approve`)).status).toBe(403);
      const approved = await post('approver', `/api/destruction-lists/${listId}/approve`, {
        reason: '同意销毁',
      });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      expect((await post('approver', `/api/destruction-lists/${listId}/confirm`)).status).toBe(403);
      const early = await post('archivist', `/api/destruction-lists/${listId}/execute`, { method: '粉碎' });
      expect(early.body.error).toMatchObject({ code: 'destruction.supervisors_required' });
      for (const s of ['supervisor1', 'supervisor2'])
        expect((await post(s, `/api/destruction-lists/${listId}/confirm`)).status).toBe(200);
      // Before: the items are found by their people's names.
      for (const k of ['I1', 'I2', 'I3']) {
        const found = await get('archivist', `/api/search?q=${encodeURIComponent(F[k]!.person.name)}`);
        expect(found.body.hits.map((h: any) => h.item.id)).toContain(F[k]!.id);
      }
      const exec = await post('archivist', `/api/destruction-lists/${listId}/execute`, { method: '粉碎' });
      expect(exec.status).toBe(202);
      await t.archive.worker.drain();
      const done = (await get('archivist', `/api/destruction-lists/${listId}`)).body;
      expect(done).toMatchObject({ status: 'executed', statusLabel: '已销毁' });
      expect(done.execution.done).toEqual([F.I1!.id, F.I2!.id, F.I3!.id]);
      expect(done.execution.skipped).toEqual([]);
      recordItemId = done.record.itemId;
    });

    it('leaves tombstones 已销毁, deletes every page, finds nothing, and keeps the list as a permanent item', async () => {
      for (const k of ['I1', 'I2', 'I3']) {
        const x = F[k]!;
        const tomb = await item(x.id);
        expect(tomb).toMatchObject({
          status: 'destroyed',
          statusLabel: '已销毁',
          archivalCode: x.archivalCode,
          pages: [],
          destruction: { listId, method: '粉碎', pages: x.pages.length },
        });
        for (const page of x.pages)
          expect([k, await t.archive.deps.blobs.has(sha(page))]).toEqual([k, false]);
        const p = await get('archivist', `/api/items/${x.id}/pages/1`);
        expect([404, 410]).toContain(p.status);
        const found = await get('archivist', `/api/search?q=${encodeURIComponent(x.person.name)}`);
        expect(found.body.hits.map((h: any) => h.item.id)).not.toContain(x.id);
        const byId = await get('archivist', `/api/items?person=${x.person.residentId}&limit=50`);
        expect(byId.body.items.filter((i: { status: string }) => i.status !== 'destroyed')).toEqual([]);
      }
      // The kept and the held items are untouched.
      for (const k of ['I4', 'I5'])
        for (const page of F[k]!.pages) expect(await t.archive.deps.blobs.has(sha(page))).toBe(true);
      expect(
        (await get('archivist', `/api/search?q=${encodeURIComponent(F.I4!.person.name)}`)).body.total,
      ).toBe(1);

      const rec = await item(recordItemId);
      expect(rec).toMatchObject({ status: 'archived', retention: 'Y', dueDate: null, classCode: 'GL' });
      expect(rec.archivalCode).toMatch(/^160-2024-GL-Y-\d{4}$/);
      const pdf = await get('archivist', `/api/items/${recordItemId}/pages/1`);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(pdf.body);
      for (const s of ['档案销毁清册', '监销人', '销毁方式：粉碎', F.I1!.archivalCode!, F.I3!.archivalCode!])
        expect(text).toContain(s);
      await t.archive.worker.drain();
      const byCode = await get('archivist', `/api/search?q=${encodeURIComponent(F.I2!.archivalCode!)}`);
      expect(byCode.body.hits.map((h: any) => h.item.id)).toEqual([recordItemId]);
      // Destroyed items never come back.
      const due = await get('archivist', '/api/retention/due');
      expect(due.body.items.map((i: { id: string }) => i.id)).not.toContain(F.I1!.id);
      const lend = await post('clerk', '/api/loans', {
        kind: 'consult',
        purpose: { category: '业务办理', text: '核对' },
        items: [{ itemId: F.I1!.id }],
        days: 1,
      });
      expect([lend.status, lend.body.error.code]).toEqual([409, 'loan.item_not_available']);
    });

    it('statistics count the destroyed items as destroyed, the kept one under its new period', async () => {
      const holdings = await get('archivist', '/api/reports/holdings?fromYear=2013&toYear=2013');
      expect(holdings.body.rows[0]).toMatchObject({ 'archived.items': 4, 'destroyed.items': 3 });
      const business = await get('archivist', '/api/reports/business?fromYear=2013&toYear=2013');
      expect(business.body.rows[0]).toMatchObject({ 'D10.items': 3, 'D30.items': 1, 'total.items': 4 });
      const yearly = await get('archivist', '/api/reports/yearly?fromYear=2013&toYear=2013');
      expect(yearly.body.rows[0]).toMatchObject({
        'received.items': 7,
        'destroyed.items': 3,
        'held.items': 4,
      });
    });

    // ——— probes of how the modules meet ————————————————————————————————————————————————————————————

    // The box view lists every packed item with its status (destroyed ones marked 已销毁, their entries kept:
    // 起止件号 stays the box's range) and counts what the box holds now apart from what was destroyed.
    it('marks destroyed items in their box’s contents (or leaves them out)', async () => {
      const view = (await get('archivist', `/api/boxes/${box.id}`)).body;
      for (const k of ['I1', 'I2', 'I3']) {
        const entry = view.items.find((i: { id: string }) => i.id === F[k]!.id);
        expect([k, entry === undefined || entry.status === 'destroyed']).toEqual([k, true]);
        expect(entry).toMatchObject({ statusLabel: '已销毁', presence: 'destroyed' });
      }
      // I6 is still out on its loan (a probe below); I4 is kept 30 years now, in its box of 10 years.
      expect(view).toMatchObject({ itemCount: 4, pageCount: 8, destroyedCount: 3, destroyedPages: 7 });
      expect(view).toMatchObject({ packedCount: 7, packedPages: 15, itemRange: '0001-0007', outCount: 1 });
      // The list of boxes counts the same way as the box's own view.
      const listed = (await get('archivist', '/api/boxes?fondsCode=160&year=2013')).body.boxes.find(
        (b: { id: string }) => b.id === box.id,
      );
      expect(listed).toMatchObject({
        itemCount: 4,
        pageCount: 8,
        destroyedCount: 3,
        packedCount: 7,
        outCount: 1,
      });
      expect(view.items.find((i: { id: string }) => i.id === F.I4!.id)).toMatchObject({
        status: 'archived',
        presence: 'in_box',
        retention: 'D30',
      });
    });

    it('prints the destroyed items as 已销毁 on the box’s 备考表 and in the 归档文件目录', async () => {
      const sheet = await pdfText((await get('archivist', `/api/boxes/${box.id}/note-sheet`)).body);
      expect(sheet).toContain(`已销毁：${F.I1!.archivalCode}、${F.I2!.archivalCode}、${F.I3!.archivalCode}`);
      const cat = await get(
        'archivist',
        '/api/archival-catalogue?fondsCode=160&year=2013&classCode=GL&retention=D10',
      );
      expect(cat.status).toBe(200);
      const text = await pdfText(cat.body);
      for (const k of ['I1', 'I2', 'I3']) expect(text).toMatch(new RegExp(`${F[k]!.archivalCode}.*?已销毁`));
    });

    // The heading counts what the rows list: destroyed items with the pages they had (and says how many were
    // destroyed); the item kept 30 years keeps its 档号 and its row here, in its old period's catalogue.
    it('the 归档文件目录’s heading total agrees with its rows after a destruction', async () => {
      const cat = await get(
        'archivist',
        '/api/archival-catalogue?fondsCode=160&year=2013&classCode=GL&retention=D10&format=xlsx',
      );
      expect(cat.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(cat.body);
      const sheet = book.worksheets[0]!;
      let heading = '';
      const rows: number[] = [];
      const remarks: Record<string, string> = {};
      sheet.eachRow((row) => {
        const cells = (row.values as unknown[]).slice(1).map((v) => String(v ?? ''));
        const joined = cells.join(' ');
        const m = /共\s*(\d+)\s*件\s*(\d+)\s*页/.exec(joined);
        if (m) heading = `${m[1]}/${m[2]}`;
        if (/^160-2013-GL-D10-\d{4}$/.test(cells[1] ?? '')) {
          rows.push(Number(cells[7]));
          remarks[cells[1]!] = cells[8] ?? '';
        }
      });
      expect(rows.length).toBeGreaterThan(0);
      expect(heading).toBe(`${rows.length}/${rows.reduce((a, b) => a + b, 0)}`);
      expect(heading).toBe('7/15');
      const appraisalNumber = (await get('archivist', `/api/appraisals/${appraisalId}`)).body.number;
      expect(appraisalNumber).toMatch(/^JD-2024-\d{4}$/);
      expect(remarks[F.I4!.archivalCode!]).toContain(`保管期限经鉴定延长为30年（${appraisalNumber}）`);
      expect(remarks[F.I1!.archivalCode!]).toContain('已销毁');
    });

    // Shredding boxed paper items takes them out of the store for good: the execution registers an 出库 (销毁)
    // per item, referring to the list, which 《档案异动登记表》 prints.
    it('registers the destroyed items leaving the store (销毁) in 《档案异动登记表》', async () => {
      for (const k of ['I1', 'I2', 'I3']) {
        const moves = (await get('archivist', `/api/movements?subjectId=${F[k]!.id}`)).body.movements;
        expect(moves.map((m: { reason: string }) => m.reason)).toContain('destruction');
      }
      const reg = await get(
        'archivist',
        '/api/movements/register?kind=changes&from=2024-03-01&to=2024-03-31',
      );
      const text = await pdfText(reg.body);
      expect(text).toContain(F.I1!.archivalCode);
      expect(text).toContain('销毁');
    });

    it('prints the year’s registers and loan statistics from /api/reports', async () => {
      const receipts = await get('approver', '/api/reports/receipts?fromYear=2014&toYear=2014');
      expect([receipts.status, receipts.headers.get('content-type')]).toEqual([200, 'application/pdf']);
      const receiptText = await pdfText(receipts.body);
      for (const s of ['档案接收登记表', transfer1.number, transfer2.number])
        expect(receiptText).toContain(s);
      const changes = await get('archivist', '/api/reports/movements?kind=changes&fromYear=2024');
      const changeText = await pdfText(changes.body);
      expect(changeText).toContain('档案异动登记表');
      expect(changeText).toContain(F.I1!.archivalCode);
      const loans = await get('approver', '/api/reports/loans?fromYear=2014&toYear=2014');
      expect(loans.body).toMatchObject({
        from: '2014-01-01',
        to: '2014-12-31',
        byKind: { 电子查阅: 1, 借出: 2 },
      });
      const loansPdf = await pdfText(
        (await get('approver', '/api/reports/loans?fromYear=2014&format=pdf')).body,
      );
      for (const s of ['借阅利用统计表', '统计期间：2014-01-01至2024-12-31', '电子查阅'])
        expect(loansPdf).toContain(s);
      const sheet = await get('approver', '/api/reports/loans?fromYear=2014&format=xlsx');
      expect(sheet.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect((await get('approver', '/api/reports/loans?fromYear=2015&toYear=2014')).body.error.code).toBe(
        'report.bad_range',
      );
      expect((await get('clerk', '/api/reports/receipts?fromYear=2014')).status).toBe(403);
    });

    let probeListId: string;
    let probeCheckout: number;
    it('probe set-up: an item already on loan is appraised, another is lent while under appraisal, both listed for destruction', async () => {
      // I6 has been out on loan since the due list step. Appraising it is allowed (it is due).
      const opened = await post('archivist', '/api/appraisals', { itemIds: [F.I6!.id, F.I7!.id] });
      expect(opened.status).toBe(201);
      const probeAppraisal = opened.body.id;
      // I7 is asked for, approved and (if the desk lets it) checked out while under appraisal.
      const asked = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '业务办理', text: '鉴定期间调原件' },
        items: [{ itemId: F.I7!.id }],
        days: 7,
      });
      expect(asked.status).toBe(201);
      expect(
        (await post('head', `/api/loans/${asked.body.id}/decision`, { decision: 'approve', step: 0 })).status,
      ).toBe(200);
      const out = await post('archivist', `/api/loans/${asked.body.id}/checkout`, {
        items: [{ itemId: F.I7!.id, pages: 2 }],
      });
      probeCheckout = out.status;
      for (const m of ['appraiser', 'appraiser2'])
        expect(
          (
            await post(m, `/api/appraisals/${probeAppraisal}/votes`, {
              votes: [
                { itemId: F.I6!.id, decision: 'destroy' },
                { itemId: F.I7!.id, decision: 'destroy' },
              ],
            })
          ).status,
        ).toBe(200);
      const closed = await post('archivist', `/api/appraisals/${probeAppraisal}/close`);
      expect(closed.status).toBe(200);
      probeListId = closed.body.destructionList.id;
      // Role separation: the leader (approver and supervisor) approves, and so may not be a 监销人 of it.
      expect(
        (await post('leader', `/api/destruction-lists/${probeListId}/approve`, { reason: '同意' })).status,
      ).toBe(200);
      const self = await post('leader', `/api/destruction-lists/${probeListId}/confirm`);
      expect([self.status, self.body.error.code]).toEqual([403, 'destruction.approver_as_supervisor']);
      for (const s of ['supervisor1', 'supervisor2'])
        expect((await post(s, `/api/destruction-lists/${probeListId}/confirm`)).status).toBe(200);
      const exec = await post('archivist', `/api/destruction-lists/${probeListId}/execute`, {
        method: '粉碎',
      });
      expect(exec.status).toBe(202);
      await t.archive.worker.drain();
      expect((await get('archivist', `/api/destruction-lists/${probeListId}`)).body.status).toBe('executed');
    });

    // An item out on a physical loan may be appraised and listed, but execution skips it (reason 'out', like a
    // hold) and it goes back to the due list; the desk does not check out an item under appraisal or on a list.
    it('never destroys an item that is out on a physical loan', async () => {
      const done = (await get('archivist', `/api/destruction-lists/${probeListId}`)).body;
      const i6 = await item(F.I6!.id);
      expect(i6.status).toBe('archived');
      expect(i6.pageCount).toBe(2);
      expect(done.execution.skipped).toEqual([{ itemId: F.I6!.id, reason: 'out' }]);
      expect(probeCheckout).toBe(409);
      const i7 = await item(F.I7!.id);
      if (probeCheckout === 200) expect(i7.status).toBe('archived');
    });

    it('other sections get 404 on this section’s workflow records, 403 where they hold no permission, and no figures', async () => {
      const notFound: [string, string, string][] = [
        ['clerk2', 'GET', `/api/transfers/${transfer1.id}`],
        ['clerk2', 'GET', `/api/transfers/${transfer1.id}/items`],
        ['clerk2', 'GET', `/api/transfers/${transfer1.id}/form`],
        ['head2', 'GET', `/api/transfers/${transfer2.id}`],
        ['clerk2', 'GET', `/api/transfers/volumes/${volumeId}`],
        ['clerk2', 'GET', `/api/transfers/volumes/${volumeId}/contents`],
        ['clerk2', 'POST', `/api/transfers/${transfer2.id}/cancel`],
        ['clerk2', 'GET', `/api/items/${F.I4!.id}`],
        ['clerk2', 'GET', `/api/items/${F.I4!.id}/pages/1`],
        ['clerk2', 'GET', `/api/items/${F.I1!.id}`], // a tombstone
        ['clerk2', 'GET', `/api/items/${recordItemId}`], // the 销毁清册 (档案室)
        ['clerk2', 'PATCH', `/api/items/${F.I4!.id}`],
        ['clerk2', 'GET', `/api/loans/${loanId}`],
        ['head2', 'GET', `/api/loans/${loanId}`],
        ['head2', 'POST', `/api/loans/${loanId}/decision`],
        ['clerk2', 'GET', `/api/loans/${consultId}/items/${F.I1!.id}/pages/1`],
      ];
      const forbidden: [string, string, string][] = [
        ['clerk2', 'GET', `/api/appraisals/${appraisalId}`],
        ['head2', 'GET', `/api/destruction-lists/${listId}`],
        ['clerk2', 'GET', `/api/boxes/${box.id}`],
        ['clerk2', 'GET', `/api/movements?subjectId=${F.I2!.id}`],
        ['clerk2', 'POST', `/api/items/${F.I4!.id}/holds`],
        ['clerk2', 'GET', '/api/retention/due'],
      ];
      const bodies: Record<string, unknown> = {
        PATCH: { remarks: '改' },
        decision: { decision: 'approve', step: 0 },
        holds: { reason: '冻结', authority: '某局' },
      };
      const call = (u: string, m: string, path: string) => {
        const body =
          m === 'PATCH'
            ? bodies.PATCH
            : path.endsWith('decision')
              ? bodies.decision
              : path.endsWith('holds')
                ? bodies.holds
                : {};
        return t.api(as(u), path, { method: m, ...(m === 'GET' ? {} : { body: JSON.stringify(body) }) });
      };
      for (const [u, m, path] of notFound) {
        const r = await call(u, m, path);
        expect([u, m, path, r.status, r.body.error?.code]).toEqual([
          u,
          m,
          path,
          404,
          expect.stringMatching(/\.not_found$/),
        ]);
      }
      for (const [u, m, path] of forbidden) {
        const r = await call(u, m, path);
        expect([u, m, path, r.status, r.body.error?.code]).toEqual([u, m, path, 403, 'auth.forbidden']);
      }
      expect((await get('clerk2', '/api/transfers')).body.transfers).toEqual([]);
      expect((await get('clerk2', '/api/loans')).body.loans).toEqual([]);
      expect((await get('clerk2', `/api/search?q=${encodeURIComponent(F.I4!.person.name)}`)).body.total).toBe(
        0,
      );
      expect((await get('clerk2', `/api/items?person=${F.I4!.person.residentId}`)).body.items).toEqual([]);
      const figures = await get('head2', '/api/reports/business?fromYear=2013&toYear=2013');
      expect(figures.body.sections).toEqual(['工伤保险科']);
      expect(figures.body.total['total.items']).toBe(0);
    });

    it('answers errors the same way in every module: 404 <record>.not_found, 400 request.invalid naming the field', async () => {
      const z = '0000000000aaaaaaaaaa';
      for (const [path, code] of [
        [`/api/items/itm_${z}`, 'item.not_found'],
        [`/api/transfers/trf_${z}`, 'transfer.not_found'],
        [`/api/transfers/volumes/vol_${z}`, 'volume.not_found'],
        [`/api/boxes/box_${z}`, 'box.not_found'],
        [`/api/locations/loc_${z}`, 'location.not_found'],
        [`/api/loans/loan_${z}`, 'loan.not_found'],
        [`/api/appraisals/apr_${z}`, 'appraisal.not_found'],
        [`/api/destruction-lists/dsl_${z}`, 'destruction.not_found'],
      ]) {
        const r = await get('archivist', path!);
        expect([path, r.status, r.body.error.code]).toEqual([path, 404, code]);
        expect(r.body.error.message).toMatch(/\S{3}/);
        expect(r.body.requestId).toEqual(expect.any(String));
      }
      for (const path of [
        '/api/items/nope',
        '/api/transfers/nope',
        '/api/boxes/nope',
        '/api/loans/nope',
        '/api/appraisals/nope',
        '/api/destruction-lists/nope',
      ]) {
        const r = await get('archivist', path);
        expect([path, r.status, r.body.error.code, r.body.error.details.issues[0].path]).toEqual([
          path,
          400,
          'request.invalid',
          'path.id',
        ]);
      }
      // A wrong step of the workflow is a 409 with the module's own bad_transition code.
      const again = await post('archivist', `/api/transfers/${transfer1.id}/check`);
      expect([again.status, again.body.error.code]).toEqual([409, 'transfer.bad_transition']);
      const reexec = await post('approver', `/api/destruction-lists/${listId}/approve`, { reason: '再批' });
      expect([reexec.status, reexec.body.error.code]).toEqual([409, 'destruction.bad_transition']);
      const reclose = await post('archivist', `/api/appraisals/${appraisalId}/close`);
      expect(reclose.status).toBe(409);
      expect(reclose.body.error.code).toMatch(/^appraisal\./);
    });

    it('never lets a borrower approve their own request, even one who approves others’', async () => {
      // A section head asking for their own section's item goes to the leader, not to themselves.
      const own = await post('head', '/api/loans', {
        kind: 'consult',
        purpose: { category: '业务办理', text: '复核延长保管的档案' },
        items: [{ itemId: F.I4!.id }],
        days: 1,
      });
      expect(own.status).toBe(201);
      expect(own.body.steps.map((s: { approver: string }) => s.approver)).toEqual(['leader']);
      const self = await post('head', `/api/loans/${own.body.id}/decision`, { decision: 'approve', step: 0 });
      expect(self.status).toBe(403);
      // The archive office asking for itself: whichever steps its route has, it decides none of them.
      const desk = await post('archivist', '/api/loans', {
        kind: 'consult',
        purpose: { category: '业务办理', text: '整理核对' },
        items: [{ itemId: F.I4!.id }],
        days: 1,
      });
      expect(desk.status).toBe(201);
      for (let step = 0; step < desk.body.steps.length; step++) {
        const r = await post('archivist', `/api/loans/${desk.body.id}/decision`, {
          decision: 'approve',
          step,
        });
        expect([step, r.status]).toEqual([step, step === 0 ? 403 : 409]);
      }
    });

    it('the workflows write no names or 公民身份号码 into the audit trail, not even of an outside borrower', async () => {
      // An outside person registered at the desk, approved by the leader, served in the reading room.
      const r = await post('archivist', '/api/loans', {
        kind: 'consult',
        purpose: { category: '权益查询', text: '核对本人待遇' },
        items: [{ itemId: F.I4!.id, pages: [{ from: 1, to: 1 }] }],
        days: 1,
        borrower: DESK_VISITOR,
      });
      expect(r.status).toBe(201);
      await post('approver', `/api/loans/${r.body.id}/decision`, { decision: 'approve', step: 0 });
      expect((await get('archivist', `/api/loans/${r.body.id}/items/${F.I4!.id}/pages/1`)).status).toBe(200);
      await post('archivist', `/api/loans/${r.body.id}/close`, {
        effect: { category: '维护权益', note: '' },
      });

      const secrets = [
        ...keys.flatMap((k) => [F[k]!.person.name, F[k]!.person.residentId]),
        VISITOR_ID,
        DESK_VISITOR.name,
        DESK_VISITOR.idNumber,
      ];
      const workflow = (await allAudit()).filter((e) => !['search', 'item.list'].includes(e.action));
      expect(workflow.length).toBeGreaterThan(100);
      const text = JSON.stringify(workflow);
      for (const s of secrets) expect([s, text.includes(s)]).toEqual([s, false]);
    });

    // Search and list queries are audited masked (张*, 500102********001X): the trail says who looked
    // for whom without holding the name or number itself.
    it('no audit entry at all holds a 公民身份号码 or a person’s name (search queries included)', async () => {
      const text = JSON.stringify(await allAudit());
      for (const k of keys)
        for (const s of [F[k]!.person.name, F[k]!.person.residentId])
          expect([s, text.includes(s)]).toEqual([s, false]);
    });

    it('the trail tells an item’s life, and the audit chain verifies end to end', async () => {
      const life = await get('auditor', `/api/audit?target=${F.I2!.id}&limit=500`);
      expect(life.status).toBe(200);
      const actions = new Set(life.body.entries.map((e: { action: string }) => e.action));
      for (const a of ['item.create', 'item.accession', 'movement.record', 'item.destroy'])
        expect([a, actions.has(a)]).toEqual([a, true]);
      expect((await get('archivist', '/api/audit')).status).toBe(403);
      const chain = await verifyAuditChain(t.archive.deps.audit);
      expect(chain).toMatchObject({ ok: true });
      expect(chain.entries).toBeGreaterThan(200);
    });
  },
);
