import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openWithPdfjs, pdfjsTextItems } from '../../ingest/adapters/pdfjs-loader';
import { renderWithPdfjs } from '../../ingest/adapters/pdf-raster';
import { seedAccount } from '../../server/core/accounts/account-service';
import { residentIdCheckChar } from '../../server/core/identifiers';
import type { Item } from '../../server/core/items/item.model';
import { ManualClock } from '../../server/core/shared/clock.port';
import type { ItemId } from '../../server/core/shared/ids';
import { makeItem } from '../factories/item.factory';
import { fakePages } from '../support/archived-items';
import { PASSWORD, startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

/** 增员: both the application (申报表) and the decision (核对表) forms are in the text. */
const COMPLETE = '重庆市社会保险 在职职工增员申报表 单位名称…… 新增参保人员信息核对表 经办人';
/** A valid 公民身份号码 for person `n`. */
const rid = (n: number) => {
  const first = `50010219900101${String(n).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};

/** Text of every page of a PDF, whitespace removed. */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await openWithPdfjs(bytes);
  try {
    const out: string[] = [];
    for (let i = 0; i < doc.numPages; i++)
      out.push(
        (await pdfjsTextItems(doc, i))
          .map((x) => x.str)
          .join('')
          .replace(/\s+/g, ''),
      );
    return out;
  } finally {
    await doc.destroy();
  }
}

describe.each(testBackends())(
  'API: pre-archiving, transfer and acceptance (预立卷 → 移交 → 验收) [%s backends]',
  (backend) => {
    let t: TestArchive;
    let clerk: string;
    let head: string;
    let clerk2: string;
    let archivist: string;
    let archivist2: string;
    let borrower: string;
    const clock = new ManualClock(new Date('2026-06-10T02:00:00Z'));
    const shots = mkdtempSync(join(tmpdir(), 'transfer-pdf-'));

    beforeAll(async () => {
      t = await startTestArchive({ backend, clock });
      await seedAccount(t.archive.deps, {
        username: 'archivist2',
        displayName: '李档案',
        password: PASSWORD,
        roles: ['archivist'],
        section: null,
      });
      await relogin();
    });
    /** Sessions last 12 hours of the (manual) clock: log in again after moving it. */
    async function relogin() {
      const users = ['clerk', 'head', 'clerk2', 'archivist', 'archivist2', 'borrower'] as const;
      const tokens = await Promise.all(users.map((u) => t.login(u)));
      [clerk, head, clerk2, archivist, archivist2, borrower] = tokens as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
    }
    afterAll(async () => {
      await t.close();
      rmSync(shots, { recursive: true, force: true });
    });

    /** Files an item directly in the catalogue (status filed, two pages, complete text by default). */
    async function file(overrides: Partial<Item> = {}): Promise<Item> {
      const item = makeItem({
        year: 2026,
        date: '20260511',
        status: 'filed',
        pages: fakePages(2),
        content: COMPLETE,
        dueDate: '2127-01-01',
        ...overrides,
      });
      await t.stores.items.insert(item);
      return item;
    }
    const post = (token: string, path: string, body: unknown = {}) =>
      t.api(token, path, { method: 'POST', body: JSON.stringify(body) });
    const item = async (id: string) => (await t.stores.items.get(id as ItemId))!;
    /** Pre-archives a month and creates and submits its transfer; returns the transfer. */
    async function handOver(month: number, submit: Record<string, unknown> = {}, token = clerk) {
      const v = await post(token, '/api/transfers/volumes', { year: 2026, month });
      expect(v.status).toBe(201);
      const created = await post(token, '/api/transfers', { year: 2026, month });
      expect(created.status).toBe(201);
      const submitted = await post(token, `/api/transfers/${created.body.id}/submit`, submit);
      expect(submitted.status).toBe(200);
      return submitted.body;
    }
    const audits = async (action: string, target?: string) =>
      t.stores.deps.audit.list({ action, ...(target ? { target } : {}), limit: 1000 });

    it('takes a month from filed items to archived ones: volume, transfer, check, acceptance, 档号', async () => {
      const items = [
        await file({ date: '20260520', persons: [{ name: '王芳', residentId: rid(1) }] }),
        await file({
          date: '20260503',
          persons: [{ name: '李强', residentId: rid(2) }],
          docNumber: 'LS-0503',
        }),
        await file({ date: '20260511', persons: [{ name: '张伟', residentId: rid(3) }] }),
      ];
      await file({ date: '20260420' }); // another month: stays filed
      await file({ date: '20260512', section: '工伤保险科' }); // another section: stays filed

      // 预立卷
      const v = await post(clerk, '/api/transfers/volumes', { year: 2026, month: 5 });
      expect(v.status).toBe(201);
      expect(v.body.volumes).toHaveLength(1);
      const volume = v.body.volumes[0];
      expect(volume).toMatchObject({ section: '养老保险科', year: 2026, month: 5, number: '2026-05-01' });
      // In order of 日期 within the classification.
      expect(volume.itemIds).toEqual([items[1]!.id, items[2]!.id, items[0]!.id]);
      for (const i of items) expect((await item(i.id)).status).toBe('pre_archived');
      expect((await post(clerk, '/api/transfers/volumes', { year: 2026, month: 5 })).body.error.code).toBe(
        'volume.no_items',
      );

      // 移交 (draft, then submitted by the clerk naming the section head)
      const created = await post(clerk, '/api/transfers', { volumeIds: [volume.id] });
      expect(created.status).toBe(201);
      const tr = created.body;
      expect(tr).toMatchObject({
        status: 'draft',
        number: 'YJ-2026-0001',
        section: '养老保险科',
        pending: 3,
      });
      expect(tr.items.map((i: { itemId: string }) => i.itemId)).toEqual(volume.itemIds);
      expect((await item(items[0]!.id)).status).toBe('pre_archived');
      const bad = await post(clerk, `/api/transfers/${tr.id}/submit`, { sectionHead: 'head2' });
      expect(bad.body.error.code).toBe('transfer.bad_section_head');
      const sub = await post(clerk, `/api/transfers/${tr.id}/submit`, { sectionHead: 'head' });
      expect(sub.status).toBe(200);
      expect(sub.body).toMatchObject({
        status: 'submitted',
        submittedBy: 'clerk',
        sectionHead: 'head',
        declared: { items: 3, pages: 6 },
      });
      for (const i of items)
        expect(await item(i.id)).toMatchObject({ status: 'in_transfer', transfer: { transferId: tr.id } });
      expect((await post(clerk, `/api/transfers/${tr.id}/submit`)).body.error.code).toBe(
        'transfer.bad_transition',
      );

      // 验收
      const checked = await post(archivist, `/api/transfers/${tr.id}/check`);
      expect(checked.status).toBe(200);
      expect(checked.body).toMatchObject({ status: 'checked', check: { summary: { ok: 3, problems: 0 } } });
      expect(checked.body.check.findings).toEqual([]);

      const accepted = await post(archivist, `/api/transfers/${tr.id}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({
        status: 'accepted',
        accepted: 3,
        pending: 0,
        receivedBy: 'archivist',
      });
      const codes = accepted.body.items.map((i: { archivalCode: string }) => i.archivalCode);
      expect(codes).toEqual(['160-2026-GL-D100-0001', '160-2026-GL-D100-0002', '160-2026-GL-D100-0003']);
      for (const [n, id] of volume.itemIds.entries())
        expect(await item(id)).toMatchObject({
          status: 'archived',
          archivalCode: codes[n],
          itemNumber: n + 1,
          transfer: { transferId: tr.id },
        });
      expect(accepted.body.receipts).toEqual([
        expect.objectContaining({ by: 'archivist', years: [{ year: 2026, items: 3, pages: 6 }] }),
      ]);
      // Idempotent: accepting again changes nothing.
      const again = await post(archivist, `/api/transfers/${tr.id}/accept`);
      expect(again.body.revision).toBe(accepted.body.revision);

      // Audited, without personal data.
      for (const action of ['transfer.volume.create', 'transfer.create', 'transfer.submit', 'transfer.check'])
        expect(await audits(action)).not.toHaveLength(0);
      expect(await audits('transfer.accept', tr.id)).toHaveLength(1);
      expect(await audits('item.accession', items[0]!.id)).toHaveLength(1);
      const trail = JSON.stringify(await t.stores.deps.audit.list({ limit: 1000 }));
      for (const p of items.flatMap((i) => i.persons)) {
        expect(trail).not.toContain(p.residentId);
        expect(trail).not.toContain(p.name);
      }

      // Lists: the section sees its own; the archive sees all.
      const mine = await t.api(clerk, '/api/transfers');
      expect(mine.body.transfers.map((x: { id: string }) => x.id)).toContain(tr.id);
      expect((await t.api(clerk2, '/api/transfers')).body.transfers).toEqual([]);
      expect((await t.api(archivist, `/api/transfers?status=accepted`)).body.transfers[0].id).toBe(tr.id);
      const listed = await t.api(head, `/api/transfers/${tr.id}/items`);
      expect(listed.body.items.map((i: { archivalCode: string }) => i.archivalCode)).toEqual(codes);
    });

    it('pre-archives race-safely (two clerks at once) and one volume per person (一人一档) on request', async () => {
      const nov = [];
      for (let d = 1; d <= 8; d++) nov.push(await file({ date: `202611${String(d).padStart(2, '0')}` }));
      const head1 = await t.login('head');
      const [a, b] = await Promise.all([
        post(clerk, '/api/transfers/volumes', { year: 2026, month: 11 }),
        post(head1, '/api/transfers/volumes', { year: 2026, month: 11 }),
      ]);
      const ids = [a, b].flatMap((r) =>
        r.status === 201 ? r.body.volumes.flatMap((v: { itemIds: string[] }) => v.itemIds) : [],
      );
      expect(ids.sort()).toEqual(nov.map((i) => i.id).sort());
      for (const r of [a, b]) if (r.status !== 201) expect(r.body.error.code).toBe('volume.no_items');

      await file({ date: '20261201', persons: [{ name: '陈一', residentId: rid(41) }] });
      await file({ date: '20261202', persons: [{ name: '陈一', residentId: rid(41) }] });
      await file({ date: '20261203', persons: [{ name: '林二', residentId: rid(42) }] });
      const per = await post(clerk, '/api/transfers/volumes', { year: 2026, month: 12, mode: 'person' });
      expect(
        per.body.volumes.map((v: { itemIds: string[]; title: string }) => [v.itemIds.length, v.title]),
      ).toEqual([
        [2, '养老保险科 2026年12月 业务档案 陈一 第1卷'],
        [1, '养老保险科 2026年12月 业务档案 林二 第2卷'],
      ]);
    });

    it('is in the OpenAPI document', async () => {
      const doc = (await t.api(null, '/api/openapi.json')).body;
      for (const p of [
        '/api/transfers',
        '/api/transfers/volumes',
        '/api/transfers/{id}/submit',
        '/api/transfers/{id}/check',
        '/api/transfers/{id}/reconciliation',
        '/api/transfers/{id}/accept',
        '/api/transfers/{id}/return',
        '/api/transfers/late',
        '/api/transfers/register',
      ])
        expect(doc.paths[p]).toBeDefined();
      expect(doc.paths['/api/transfers'].post.requestBody).toBeDefined();
    });

    it('flags counts that differ from the form and from what was counted', async () => {
      await file({ date: '20260402', section: '工伤保险科', businessStep: 'GX-01' });
      await file({ date: '20260403', section: '工伤保险科', pages: fakePages(3) });
      const tr = await handOver(4, { declaredItems: 3, declaredPages: 5 }, clerk2);
      const r = await post(archivist, `/api/transfers/${tr.id}/check`, { countedItems: 2, countedPages: 4 });
      expect(r.body.check.counts).toEqual({
        declared: { items: 3, pages: 5 },
        actual: { items: 2, pages: 5 },
        counted: { items: 2, pages: 4 },
      });
      expect(r.body.check.findings.map((f: { code: string }) => f.code)).toEqual([
        'count.items_mismatch',
        'count.items_counted_mismatch',
        'count.pages_counted_mismatch',
      ]);
    });

    it('flags incomplete items, items it cannot verify, and bad ID check digits', async () => {
      const complete = await file({ date: '20260301' });
      const incomplete = await file({ date: '20260302', content: '在职职工增员申报表 单位盖章' });
      const noText = await file({ date: '20260303', content: undefined });
      const badId = await file({
        date: '20260304',
        persons: [{ name: '赵六', residentId: '500102199001014518' }],
      });
      const noPages = await file({ date: '20260305', pages: [] });
      const tr = await handOver(3);
      const r = await post(archivist, `/api/transfers/${tr.id}/check`);
      const byItem = Object.fromEntries(
        r.body.check.items.map((c: { itemId: string; outcome: string; findings: { code: string }[] }) => [
          c.itemId,
          [c.outcome, c.findings.map((f) => f.code)],
        ]),
      );
      expect(byItem[complete.id]).toEqual(['ok', []]);
      expect(byItem[incomplete.id]).toEqual(['problems', ['form.missing']]);
      expect(byItem[noText.id]).toEqual(['unverifiable', ['form.unverifiable']]);
      expect(byItem[badId.id]).toEqual(['problems', ['id.bad_check_digit']]);
      expect(byItem[noPages.id]).toEqual(['problems', ['pages.none']]);
      const missing = r.body.check.items.find((c: { itemId: string }) => c.itemId === incomplete.id)
        .findings[0];
      expect(missing.details).toEqual({ kind: 'decision', expected: ['新增参保人员信息核对表'] });
      expect(r.body.check.summary).toEqual({ ok: 1, problems: 3, unverifiable: 1 });
      expect(JSON.stringify(r.body)).not.toContain('500102199001014518');
    });

    it('reconciles with the business system CSV: missing, extra and mismatched; a malformed file changes nothing', async () => {
      const a = await file({ date: '20260201', persons: [{ name: '周一', residentId: rid(21) }] });
      const b = await file({ date: '20260202', persons: [{ name: '吴二', residentId: rid(22) }] });
      const c = await file({ date: '20260203', persons: [{ name: '郑三', residentId: rid(23) }] });
      const d = await file({
        date: '20260204',
        persons: [{ name: '钱四', residentId: rid(24) }],
        docNumber: 'LS-88',
      });
      const tr = await handOver(2);
      const csv = [
        '业务流水号,业务环节,公民身份号码,姓名,办结日期',
        `LS-01,在职增员,${rid(21)},周一,2026-02-01`, // a: matches
        `LS-02,GX-01,${rid(22)},吴贰,20260202`, // b: 姓名 differs
        `LS-88,GX-01,${rid(24)},钱四,20260205`, // d by 流水号: 办结日期 differs
        `LS-03,GX-01,${rid(25)},孙五,20260206`, // not handed over: missing
        `LS-04,GX-01,${rid(26)},李六,20260301`, // another month: ignored
      ].join('\r\n');
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
      const r = await t.api(archivist, `/api/transfers/${tr.id}/reconciliation`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8' },
        body: bom,
      });
      expect(r.status).toBe(200);
      const rec = r.body.reconciliation;
      expect(rec).toMatchObject({ rows: 5, ignored: 1, matched: 3 });
      expect(rec.missing).toEqual([
        expect.objectContaining({
          line: 5,
          residentId: rid(25),
          businessStep: 'GX-01',
          completedOn: '20260206',
        }),
      ]);
      expect(rec.extra).toEqual([expect.objectContaining({ itemId: c.id })]);
      expect(rec.mismatched).toEqual([
        { itemId: b.id, line: 3, matchedBy: '公民身份号码+业务环节+办结日期', fields: ['姓名'] },
        { itemId: d.id, line: 4, matchedBy: '业务流水号', fields: ['办结日期'] },
      ]);
      expect(rec.mismatched.map((m: { itemId: string }) => m.itemId)).not.toContain(a.id);

      // As JSON: the same result.
      const asJson = await t.api(archivist, `/api/transfers/${tr.id}/reconciliation`, {
        method: 'POST',
        body: JSON.stringify({ csv }),
      });
      expect(asJson.body.reconciliation).toMatchObject({ matched: 3 });
      const before = (await t.api(archivist, `/api/transfers/${tr.id}`)).body;

      // Malformed: 400 with the line; the transfer is unchanged.
      for (const [body, code, line] of [
        [`${csv}\r\nLS-05,GX-01,"${rid(27)},x,20260207`, 'reconcile.csv_malformed', 7],
        [`业务环节,姓名\nGX-01,张三`, 'reconcile.csv_missing_column', 1],
        [`业务环节,公民身份号码,办结日期\nGX-01,${rid(1)}`, 'reconcile.csv_malformed', 2],
        [`业务环节,公民身份号码,办结日期\nGX-01,${rid(1)},2026-02-30`, 'reconcile.csv_bad_date', 2],
      ] as const) {
        const bad = await t.api(archivist, `/api/transfers/${tr.id}/reconciliation`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body,
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error).toMatchObject({ code, details: expect.objectContaining({ line }) });
      }
      expect((await t.api(archivist, `/api/transfers/${tr.id}`)).body).toEqual(before);
      expect((await audits('transfer.reconcile', tr.id)).filter((e) => e.outcome === 'ok')).toHaveLength(2);
    });

    it('reads a GBK export', async () => {
      await file({ date: '20260105', persons: [{ name: '冯七', residentId: rid(31) }] });
      const tr = await handOver(1);
      const csv = `业务环节,公民身份号码,姓名,办结日期\r\n在职增员,${rid(31)},冯七,20260105\r\n`;
      const gbk = Buffer.from(new TextEncoderGbk().encode(csv));
      const r = await t.api(archivist, `/api/transfers/${tr.id}/reconciliation`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: gbk,
      });
      expect(r.status).toBe(200);
      expect(r.body.reconciliation).toMatchObject({
        rows: 1,
        matched: 1,
        missing: [],
        extra: [],
        mismatched: [],
      });
    });

    it('accepts some items and returns others with a reason; the section fixes and hands them over again', async () => {
      const keep = [await file({ date: '20260701' }), await file({ date: '20260702' })];
      const back = await file({ date: '20260703', content: '在职职工增员申报表' });
      clock.set(new Date('2026-08-03T02:00:00Z'));
      await relogin();
      const tr = await handOver(7);
      const firstCode = async () => {
        const last = await t.stores.items.list(
          { year: 2026, classCode: 'GL', retention: 'D100', numbered: true },
          500,
          null,
        );
        return Math.max(...last.items.map((i) => i.itemNumber ?? 0));
      };
      const before = await firstCode();

      const ret = await post(archivist, `/api/transfers/${tr.id}/return`, {
        items: [{ itemId: back.id, reason: '缺少新增参保人员信息核对表' }],
      });
      expect(ret.status).toBe(200);
      expect(ret.body).toMatchObject({ status: 'submitted', pending: 2, returned: 1 });
      expect(await item(back.id)).toMatchObject({
        status: 'returned',
        archivalCode: null,
        transfer: { transferId: tr.id, returnReason: '缺少新增参保人员信息核对表' },
      });
      // Returning again is harmless; accepting a returned item is refused.
      expect(
        (
          await post(archivist, `/api/transfers/${tr.id}/return`, {
            items: [{ itemId: back.id, reason: 'x' }],
          })
        ).status,
      ).toBe(200);
      expect(
        (await post(archivist, `/api/transfers/${tr.id}/accept`, { itemIds: [back.id] })).body.error.code,
      ).toBe('transfer.item_already_returned');

      const acc = await post(archivist, `/api/transfers/${tr.id}/accept`, { itemIds: [keep[0]!.id] });
      expect(acc.body).toMatchObject({ status: 'submitted', accepted: 1, pending: 1 });
      const acc2 = await post(archivist, `/api/transfers/${tr.id}/accept`, { itemIds: [keep[1]!.id] });
      expect(acc2.body).toMatchObject({ status: 'partially_accepted', accepted: 2, returned: 1, pending: 0 });
      expect(acc2.body.receipts).toHaveLength(2);
      expect((await item(keep[0]!.id)).itemNumber).toBe(before + 1);
      expect((await item(keep[1]!.id)).itemNumber).toBe(before + 2);
      expect(
        (
          await post(archivist, `/api/transfers/${tr.id}/return`, {
            items: [{ itemId: keep[0]!.id, reason: 'x' }],
          })
        ).body.error.code,
      ).toBe('transfer.item_already_accepted');

      // The section sees the reason, fixes the item, and hands it over in a new transfer.
      const seen = await t.api(clerk, `/api/transfers/${tr.id}/items`);
      expect(seen.body.items.find((i: { id: string }) => i.id === back.id)).toMatchObject({
        decision: 'returned',
        returnReason: '缺少新增参保人员信息核对表',
        status: 'returned',
      });
      await t.stores.items.update({
        ...(await item(back.id)),
        content: COMPLETE,
        revision: (await item(back.id)).revision + 1,
      });
      const again = await handOver(7);
      expect(again.items.map((i: { itemId: string }) => i.itemId)).toEqual([back.id]);
      expect((await post(archivist, `/api/transfers/${again.id}/check`)).body.check.summary.ok).toBe(1);
      const done = await post(archivist, `/api/transfers/${again.id}/accept`);
      expect(done.body.status).toBe('accepted');
      expect((await item(back.id)).itemNumber).toBe(before + 3);
    });

    it('numbers each item once when two archivists accept the same transfer at once, gap-free and in order', async () => {
      const many = [];
      for (let d = 1; d <= 12; d++) many.push(await file({ date: `202608${String(d).padStart(2, '0')}` }));
      const tr = await handOver(8);
      const numbers = async () =>
        (
          await t.stores.items.list(
            { year: 2026, classCode: 'GL', retention: 'D100', numbered: true },
            1000,
            null,
          )
        ).items
          .map((i) => i.itemNumber!)
          .sort((x, y) => x - y);
      const before = await numbers();
      const [r1, r2] = await Promise.all([
        post(archivist, `/api/transfers/${tr.id}/accept`),
        post(archivist2, `/api/transfers/${tr.id}/accept`),
      ]);
      expect([r1.status, r2.status]).toEqual([200, 200]);
      const final = (await t.api(archivist, `/api/transfers/${tr.id}`)).body;
      expect(final).toMatchObject({ status: 'accepted', accepted: 12 });
      // Every item numbered exactly once; the group's numbers run 1..n with no gap; transfer order kept.
      const after = await numbers();
      expect(after).toEqual(Array.from({ length: before.length + 12 }, (_, i) => i + 1));
      const got = [];
      for (const i of many) got.push((await item(i.id)).itemNumber!);
      expect(got).toEqual(Array.from({ length: 12 }, (_, i) => before.length + 1 + i));
      for (const i of many) expect(await audits('item.accession', i.id)).toHaveLength(1);
      expect(final.receipts.flatMap((r: { itemIds: string[] }) => r.itemIds).sort()).toEqual(
        many.map((i) => i.id).sort(),
      );
    });

    it('guards by role: another section gets 404, a borrower 403, a clerk cannot accept', async () => {
      await file({ date: '20260901' });
      const v = await post(clerk, '/api/transfers/volumes', { year: 2026, month: 9 });
      const tr = (await post(clerk, '/api/transfers', { year: 2026, month: 9 })).body;
      expect((await t.api(clerk2, `/api/transfers/${tr.id}`)).status).toBe(404);
      expect((await post(clerk2, `/api/transfers/${tr.id}/submit`)).status).toBe(404);
      expect((await t.api(clerk2, `/api/transfers/volumes/${v.body.volumes[0].id}`)).status).toBe(404);
      expect((await t.api(clerk2, `/api/transfers/${tr.id}/form`)).status).toBe(404);
      expect((await t.api(borrower, `/api/transfers/${tr.id}`)).status).toBe(403);
      expect((await t.api(borrower, '/api/transfers')).status).toBe(403);
      expect((await post(borrower, '/api/transfers/volumes', { year: 2026, month: 9 })).status).toBe(403);
      expect((await post(archivist, '/api/transfers/volumes', { year: 2026, month: 9 })).status).toBe(403);
      expect((await post(clerk, `/api/transfers/${tr.id}/submit`)).status).toBe(200);
      expect((await post(clerk, `/api/transfers/${tr.id}/accept`)).status).toBe(403);
      expect((await post(head, `/api/transfers/${tr.id}/check`)).status).toBe(403);
      expect((await t.api(head, `/api/transfers/${tr.id}`)).status).toBe(200);
      const denied = await audits('transfer.accept', tr.id);
      expect(denied.map((e) => e.outcome)).toEqual(['denied']);
      // A draft cannot hold an item another open transfer holds.
      await file({ date: '20261001' });
      await post(clerk, '/api/transfers/volumes', { year: 2026, month: 10 });
      const d1 = (await post(clerk, '/api/transfers', { year: 2026, month: 10 })).body;
      const d2 = await post(clerk, '/api/transfers', { itemIds: [d1.items[0].itemId] });
      expect(d2.body.error.code).toBe('transfer.item_taken');
      expect((await post(clerk, `/api/transfers/${d1.id}/cancel`)).body.status).toBe('cancelled');
      expect((await post(clerk, '/api/transfers', { itemIds: [d1.items[0].itemId] })).status).toBe(201);
    });

    it('prints the 卷内文件目录, the 移交情况登记表 and the 档案接收登记表 (PDF and XLSX) in Chinese', async () => {
      const vols = (await t.api(clerk, '/api/transfers/volumes?year=2026&month=5')).body.volumes;
      const contents = await t.api(clerk, `/api/transfers/volumes/${vols[0].id}/contents`);
      expect(contents.status).toBe(200);
      expect(contents.headers.get('content-type')).toBe('application/pdf');
      const cText = await pdfText(contents.body);
      expect(cText.join('')).toContain('卷内文件目录');
      for (const h of ['序号', '责任者', '文号', '题名', '日期', '页数', '备注'])
        expect(cText[0]).toContain(h);
      expect(cText.join('')).toContain('第一份装订于卷首');
      expect(cText.join('')).toContain('第二份交档案管理环节');
      expect(cText.join('')).toContain('LS-0503');

      const tr = (
        await t.api(archivist, '/api/transfers?status=accepted&section=养老保险科')
      ).body.transfers.find((x: { number: string }) => x.number === 'YJ-2026-0001');
      const form = await t.api(archivist, `/api/transfers/${tr.id}/form`);
      expect(form.status).toBe(200);
      const fText = (await pdfText(form.body)).join('');
      for (const s of [
        '社保业务档案移交情况登记表',
        '第一联业务环节存',
        '第二联档案管理环节存',
        '移交单号：YJ-2026-0001',
        '移交部门：养老保险科',
        '社会保险管理类',
        '养老保险',
        '移交人',
        '业务环节负责人',
        '接收人（专职档案人员）',
        '合计：3件，6页',
        '已接收160-2026-GL-D100-0001',
      ])
        expect(fText).toContain(s);
      writeFileSync(join(shots, 'form.pdf'), form.body);
      const doc = await openWithPdfjs(form.body);
      const png = await renderWithPdfjs(doc, 0, 110);
      await doc.destroy();
      if (png) writeFileSync(join(shots, 'form-page1.png'), png);
      // Set TRANSFER_PNG_DIR to keep the rendered pages for a look.
      if (process.env.TRANSFER_PNG_DIR && png) {
        writeFileSync(join(process.env.TRANSFER_PNG_DIR, 'form.png'), png);
        const c = await openWithPdfjs(contents.body);
        writeFileSync(
          join(process.env.TRANSFER_PNG_DIR, 'contents.png'),
          (await renderWithPdfjs(c, 0, 110))!,
        );
        await c.destroy();
      }
      expect(png === null || png.byteLength > 1000).toBe(true);

      const reg = await t.api(archivist, '/api/transfers/register?from=2026-01-01&to=2026-12-31');
      expect(reg.status).toBe(200);
      const rText = (await pdfText(reg.body)).join('');
      for (const s of [
        '档案接收登记表',
        '接收日期',
        '移交部门',
        '移交单号',
        '件数',
        '接收人',
        'YJ-2026-0001',
        '养老保险科',
      ])
        expect(rText).toContain(s);
      expect(rText).toContain('退回补正1件');
      const xlsx = await t.api(
        archivist,
        '/api/transfers/register?from=2026-06-10&to=2026-06-10&format=xlsx',
      );
      expect(xlsx.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body);
      const cells: string[] = [];
      book.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      expect(cells).toEqual(expect.arrayContaining(['档案接收登记表', 'YJ-2026-0001', '2026-06-10']));
      const august = (await t.api(archivist, '/api/transfers?status=partially_accepted')).body.transfers[0];
      expect(august.receipts[0].at.slice(0, 7)).toBe('2026-08');
      expect(cells).not.toContain(august.number); // accepted in August, outside the range
      expect((await t.api(clerk, '/api/transfers/register?from=2026-01-01&to=2026-12-31')).status).toBe(403);
    }, 60_000);
  },
);

describe.each(testBackends())('API: late transfers (逾期未移交) [%s backends]', (backend) => {
  let t: TestArchive;
  const clock = new ManualClock(new Date('2026-03-30T02:00:00Z'));
  beforeAll(async () => (t = await startTestArchive({ backend, clock })));
  afterAll(async () => t.close());

  it('lists the previous year’s items not handed over by 31 March, per section and year', async () => {
    const put = async (o: Partial<Item>) => t.stores.items.insert(makeItem({ pages: fakePages(1), ...o }));
    await put({ year: 2025, date: '20250601', status: 'filed' });
    await put({ year: 2025, date: '20250602', status: 'pre_archived' });
    await put({ year: 2025, date: '20250603', status: 'archived' });
    await put({ year: 2025, date: '20250604', status: 'in_transfer' });
    await put({ year: 2025, date: '20250605', status: 'returned', section: '工伤保险科' });
    await put({ year: 2024, date: '20240605', status: 'filed', section: '工伤保险科' });
    await put({ year: 2026, date: '20260105', status: 'filed' });

    let archivist = await t.login('archivist');
    let r = await t.api(archivist, '/api/transfers/late');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ asOf: '2026-03-30', lateUpToYear: 2024 });
    expect(r.body.late).toEqual([
      { section: '工伤保险科', year: 2024, items: 1, pages: 1, byStatus: { filed: 1 } },
    ]);
    expect(r.body.due).toMatchObject({ year: 2025, deadline: '2026-03-31', total: { items: 3, pages: 3 } });

    clock.set(new Date('2026-04-01T01:00:00Z')); // 09:00 on 1 April in China
    archivist = await t.login('archivist');
    r = await t.api(archivist, '/api/transfers/late');
    expect(r.body.lateUpToYear).toBe(2025);
    expect(r.body.late).toEqual([
      { section: '养老保险科', year: 2025, items: 2, pages: 2, byStatus: { filed: 1, pre_archived: 1 } },
      { section: '工伤保险科', year: 2024, items: 1, pages: 1, byStatus: { filed: 1 } },
      { section: '工伤保险科', year: 2025, items: 1, pages: 1, byStatus: { returned: 1 } },
    ]);
    expect(r.body.lateTotal).toEqual({ items: 4, pages: 4 });

    const head2 = await t.login('head2');
    const own = await t.api(head2, '/api/transfers/late');
    expect(own.body.late.map((x: { section: string }) => x.section)).toEqual(['工伤保险科', '工伤保险科']);
    expect((await t.api(await t.login('borrower'), '/api/transfers/late')).status).toBe(403);
  });
});

/** GBK bytes of a string, for the test (Node has no GBK encoder): via a lookup built from the decoder. */
class TextEncoderGbk {
  private static table: Map<string, number[]> | null = null;
  encode(text: string): Uint8Array {
    if (!TextEncoderGbk.table) {
      const table = new Map<string, number[]>();
      const dec = new TextDecoder('gbk');
      for (let hi = 0x81; hi <= 0xfe; hi++)
        for (let lo = 0x40; lo <= 0xfe; lo++) {
          const ch = dec.decode(new Uint8Array([hi, lo]));
          if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
        }
      TextEncoderGbk.table = table;
    }
    const out: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) out.push(code);
      else out.push(...(TextEncoderGbk.table.get(ch) ?? [0x3f]));
    }
    return new Uint8Array(out);
  }
}
