import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openWithPdfjs } from '../../ingest/adapters/pdfjs-loader';
import { retentionDueDate, type RetentionPeriod } from '../../server/core/catalogue/retention.policy';
import type { Item } from '../../server/core/items/item.model';
import { ManualClock } from '../../server/core/shared/clock.port';
import { makeItem } from '../factories/item.factory';
import { archivedItem, fakePages } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

const PENSION = '养老保险科';
const INJURY = '工伤保险科';

let number = 0;
/** An item of a known year, class, retention, section, status and 页数. */
function item(
  year: number,
  classCode: string,
  retention: RetentionPeriod,
  section: string,
  status: Item['status'],
  pageCount: number,
  extra: Partial<Item> = {},
): Item {
  number++;
  const fields: Partial<Item> = {
    section,
    status,
    pages: fakePages(pageCount, 'image/jpeg'),
    date: `${year}0315`,
    insuranceType: section === INJURY ? 'GS' : 'YL',
    dueDate: retentionDueDate(year, retention),
    ...extra,
  };
  return status === 'archived' && extra.archivalCode !== null
    ? archivedItem({ year, classCode, retention }, number, fields)
    : makeItem({ year, classCode, retention, ...fields });
}

/**
 * The known holding (fonds 160), range 2012–2014 unless said otherwise:
 *   A 2012 GL Y    养老 archived 3p      B 2012 GL D30 养老 archived 2p     C 2012 GS D50 工伤 archived 4p
 *   D 2013 GS D10  工伤 archived 1p, out on loan, due for appraisal since 2024-01-01
 *   E 2013 YL Y    养老 archived 5p      F 2013 GL D10 养老 destroyed       G 2013 GL D10 养老 filed 2p (late)
 *   H 2014 GS D50  工伤 in transfer 1p   J 2014 YL D30 养老 archived 6p, no 档号 yet
 *   I 2011 YL D100 养老 archived 2p (before the range)
 */
const HOLDING: Item[] = [
  item(2012, 'GL', 'Y', PENSION, 'archived', 3),
  item(2012, 'GL', 'D30', PENSION, 'archived', 2),
  item(2012, 'GS', 'D50', INJURY, 'archived', 4),
  item(2013, 'GS', 'D10', INJURY, 'archived', 1, {
    out: { reason: 'loan', ref: 'loan_test', since: '2025-05-20T01:00:00.000Z', due: '2025-05-27' },
  }),
  item(2013, 'YL', 'Y', PENSION, 'archived', 5),
  item(2013, 'GL', 'D10', PENSION, 'destroyed', 0, {
    destruction: { listId: 'dsl_test', at: '2025-01-10T02:00:00.000Z', method: '粉碎', pages: 2 },
  }),
  item(2013, 'GL', 'D10', PENSION, 'filed', 2),
  item(2014, 'GS', 'D50', INJURY, 'in_transfer', 1),
  item(2014, 'YL', 'D30', PENSION, 'archived', 6, { archivalCode: null }),
  item(2011, 'YL', 'D100', PENSION, 'archived', 2),
];

const RANGE = 'fromYear=2012&toYear=2014';
type Row = Record<string, string | number>;

describe.each(testBackends())(
  'API: statistics and the 达标验收 readiness report [%s backends]',
  (backend) => {
    let t: TestArchive;
    let archivist: string;
    let head: string;
    let approver: string;
    const clock = new ManualClock(new Date('2025-06-02T02:00:00Z'));

    beforeAll(async () => {
      t = await startTestArchive({ backend, clock });
      for (const i of HOLDING) await t.stores.items.insert(i);
      archivist = await t.login('archivist');
      head = await t.login('head');
      approver = await t.login('approver');
    });
    afterAll(async () => t.close());

    const get = (token: string, path: string) => t.api(token, path);
    const byYear = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.year, r]));

    it('《业务档案统计表》: per year, 件数 and 页数 of the holding by 保管期限', async () => {
      const r = await get(archivist, `/api/reports/business?${RANGE}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        report: 'business',
        title: '业务档案统计表',
        fromYear: 2012,
        toYear: 2014,
        fondsCode: null,
        sections: null,
        preparedBy: 'archivist',
        preparedOn: '2025-06-02',
      });
      const y = byYear(r.body.rows);
      expect(r.body.rows.map((x: Row) => x.year)).toEqual([2012, 2013, 2014]);
      expect(y[2012]).toMatchObject({
        'Y.items': 1,
        'Y.pages': 3,
        'D30.items': 1,
        'D30.pages': 2,
        'D50.items': 1,
      });
      expect(y[2012]).toMatchObject({ 'total.items': 3, 'total.pages': 9 });
      expect(y[2013]).toMatchObject({
        'D10.items': 1,
        'D10.pages': 1,
        'Y.items': 1,
        'Y.pages': 5,
        'total.items': 2,
      });
      expect(y[2014]).toMatchObject({ 'D30.items': 1, 'D30.pages': 6, 'total.items': 1, 'total.pages': 6 });
      expect(r.body.total).toMatchObject({
        year: '合计',
        'Y.items': 2,
        'Y.pages': 8,
        'total.items': 6,
        'total.pages': 21,
      });
    });

    it('《各类别业务档案统计表》: every class of the current table, by 保管期限', async () => {
      const r = await get(approver, `/api/reports/by-class?${RANGE}`);
      expect(r.status).toBe(200);
      const rows: Row[] = r.body.rows;
      expect(rows).toHaveLength(10);
      expect(rows[0]).toMatchObject({
        classCode: 'GL',
        className: '社会保险管理类',
        'Y.items': 1,
        'D30.items': 1,
      });
      const of = (code: string) => rows.find((x) => x.classCode === code)!;
      expect(of('GL')).toMatchObject({ 'total.items': 2, 'total.pages': 5 });
      expect(of('GS')).toMatchObject({ 'D50.items': 1, 'D10.items': 1, 'total.items': 2, 'total.pages': 5 });
      expect(of('YL')).toMatchObject({ 'Y.pages': 5, 'D30.pages': 6, 'total.items': 2, 'total.pages': 11 });
      expect(of('SY')).toMatchObject({ 'total.items': 0 });
      expect(r.body.total).toMatchObject({ 'total.items': 6, 'total.pages': 21 });
    });

    it('《全局档案统计表》: per fonds, held, out, in transfer, not transferred, destroyed', async () => {
      const r = await get(archivist, `/api/reports/holdings?${RANGE}`);
      expect(r.status).toBe(200);
      expect(r.body.rows).toEqual([
        {
          fondsCode: '160',
          fondsName: '重庆市涪陵区社会保险局',
          'archived.items': 6,
          'archived.pages': 21,
          'out.items': 1,
          'in_transfer.items': 1,
          'pending.items': 1,
          'destroyed.items': 1,
          'total.items': 9,
          'total.pages': 24,
        },
      ]);
      const all = await get(archivist, '/api/reports/holdings');
      expect(all.body.fromYear).toBeNull();
      expect(all.body.rows[0]).toMatchObject({ 'archived.items': 7, 'total.items': 10 });
    });

    it('《历年档案统计表》: received, destroyed, held, accumulated from the oldest year, not yet received', async () => {
      const r = await get(archivist, `/api/reports/yearly?${RANGE}`);
      expect(r.status).toBe(200);
      const y = byYear(r.body.rows);
      expect(y[2012]).toMatchObject({
        'received.items': 3,
        'destroyed.items': 0,
        'held.items': 3,
        'held.pages': 9,
        'cumulative.items': 4,
        'cumulative.pages': 11,
        'pending.items': 0,
      });
      expect(y[2013]).toMatchObject({
        'received.items': 3,
        'destroyed.items': 1,
        'held.items': 2,
        'cumulative.items': 6,
      });
      expect(y[2013]!['pending.items']).toBe(1);
      expect(y[2014]).toMatchObject({
        'received.items': 1,
        'held.pages': 6,
        'cumulative.items': 7,
        'cumulative.pages': 23,
      });
      expect(y[2014]!['pending.items']).toBe(1);
      expect(r.body.total).toMatchObject({
        'received.items': 7,
        'destroyed.items': 1,
        'cumulative.items': 7,
        'pending.items': 2,
      });
    });

    it('gives a section head only their own section’s figures', async () => {
      const r = await get(head, `/api/reports/business?${RANGE}`);
      expect(r.status).toBe(200);
      expect(r.body.sections).toEqual([PENSION]);
      const y = byYear(r.body.rows);
      expect(y[2012]).toMatchObject({
        'Y.items': 1,
        'D30.items': 1,
        'D50.items': 0,
        'total.items': 2,
        'total.pages': 5,
      });
      expect(y[2013]).toMatchObject({ 'D10.items': 0, 'total.items': 1, 'total.pages': 5 });
      expect(r.body.total).toMatchObject({ 'total.items': 4, 'total.pages': 16 });
      const holdings = await get(head, `/api/reports/holdings?${RANGE}`);
      expect(holdings.body.rows[0]).toMatchObject({
        'archived.items': 4,
        'out.items': 0,
        'in_transfer.items': 0,
      });
      const head2 = await t.login('head2');
      const other = await get(head2, `/api/reports/by-class?${RANGE}`);
      expect(other.body.total).toMatchObject({ 'total.items': 2, 'total.pages': 5 });
      // The readiness report is of the whole archive: not for a section.
      const insp = await get(head, '/api/reports/inspection');
      expect(insp.status).toBe(403);
      expect(insp.body.error.code).toBe('report.whole_archive_only');
    });

    it('filters by fonds, refuses bad ranges and unknown tables, and refuses roles without report.read', async () => {
      const none = await get(archivist, `/api/reports/business?${RANGE}&fondsCode=999`);
      expect(none.body.total['total.items']).toBe(0);
      expect((await get(archivist, '/api/reports/business?fromYear=2014&toYear=2012')).body.error.code).toBe(
        'report.bad_range',
      );
      expect((await get(archivist, '/api/reports/business?fromYear=1950&toYear=2100')).status).toBe(400);
      expect((await get(archivist, '/api/reports/nonsense')).status).toBe(400);
      expect((await get(archivist, '/api/reports/business?format=doc')).status).toBe(400);
      for (const user of ['clerk', 'borrower', 'auditor', 'appraiser', 'supervisor1']) {
        const token = await t.login(user);
        const r = await get(token, `/api/reports/business?${RANGE}`);
        expect(r.status).toBe(403);
        expect((await get(token, '/api/reports/inspection')).status).toBe(403);
      }
      expect((await t.api(null, '/api/reports/business')).status).toBe(401);
    });

    it('audits every read as report.read, refusals included', async () => {
      const entries = await t.stores.deps.audit.list({ action: 'report.read', limit: 500 });
      const ok = entries.filter((e) => e.outcome === 'ok');
      expect(ok.some((e) => e.actor === 'archivist' && e.target === 'business')).toBe(true);
      expect(ok.find((e) => e.actor === 'head' && e.target === 'business')?.details).toMatchObject({
        fromYear: 2012,
        toYear: 2014,
        format: 'json',
      });
      expect(entries.some((e) => e.actor === 'clerk' && e.outcome === 'denied')).toBe(true);
      expect(
        entries.some((e) => e.actor === 'head' && e.target === 'inspection' && e.outcome === 'denied'),
      ).toBe(true);
    });

    it('the readiness report: every checklist item, statuses from what the system holds', async () => {
      const r = await get(archivist, '/api/reports/inspection');
      expect(r.status).toBe(200);
      expect(r.body.title).toBe('社会保险业务档案管理达标验收迎检准备情况');
      expect(r.body.lines).toHaveLength(16);
      expect(r.body.lines.reduce((a: number, l: { points: number }) => a + l.points, 0)).toBe(100);
      const line = (item: string) => r.body.lines.find((l: { item: string }) => l.item === item);
      for (const l of r.body.lines) {
        expect(['met', 'partly', 'not_met', 'not_held']).toContain(l.status);
        expect(typeof l.finding).toBe('string');
      }
      // 2024 and before were due by 2025-03-31: G (filed) is late, H is in transfer; 1 of 10 is a tenth.
      expect(line('归档')).toMatchObject({ status: 'partly' });
      expect(line('归档').evidence).toEqual(
        expect.arrayContaining([
          { label: '应已移交的年度（截至）', value: 2024 },
          { label: '逾期未移交件数', value: 1 },
          { label: '已移交待验收件数', value: 1 },
          { label: '归档率', value: '80.0%' },
        ]),
      );
      // J is archived without a 档号.
      expect(line('整理').status).toBe('partly');
      expect(line('整理').evidence).toContainEqual({ label: '未编档号的已归档件', value: 1 });
      expect(line('检索工具').status).toBe('partly');
      // D fell due on 2024-01-01 and no appraisal is open.
      expect(line('鉴定销毁统计').status).toBe('partly');
      expect(line('鉴定销毁统计').evidence).toContainEqual({ label: '到期待鉴定的件', value: 1 });
      expect(line('鉴定销毁统计').links.map((k: { href: string }) => k.href)).toContain(
        '/api/reports/yearly',
      );
      expect(line('利用').status).toBe('not_met');
      expect(line('保管').evidence).toContainEqual({ label: '库房温湿度记录', value: '系统未掌握' });
      expect(line('管理办法').status).toBe('not_held');
      expect(line('查询').statusLabel).toBe('系统未掌握');
      expect(r.body.summary.reduce((a: number, s: { points: number }) => a + s.points, 0)).toBe(100);
    });

    it('every link of the readiness report answers the archivist', async () => {
      const hrefs = new Set<string>();
      for (const q of ['', '?fondsCode=160']) {
        const r = await get(archivist, `/api/reports/inspection${q}`);
        expect(r.status).toBe(200);
        for (const l of r.body.lines as { links: { href: string }[] }[])
          for (const k of l.links) hrefs.add(k.href);
      }
      // The printed registers and the latest year's 归档文件目录 are among them, with the query they need.
      expect([...hrefs]).toEqual(
        expect.arrayContaining([
          '/api/transfers/register?from=2025-01-01&to=2025-06-02',
          '/api/movements/register?kind=changes&from=2025-01-01&to=2025-06-02',
          '/api/archival-catalogue?fondsCode=160&year=2014',
          '/api/loans/typical-cases?year=2025',
        ]),
      );
      const failed: string[] = [];
      for (const href of hrefs) {
        const r = await get(archivist, href);
        if (r.status !== 200) failed.push(`${href} → ${r.status}`);
      }
      expect(failed).toEqual([]);
    });

    it('the readiness report counts a closed loan with its use effect', async () => {
      await t.stores.deps.records.collection('loan').insert({
        id: 'loan_closed1',
        revision: 1,
        status: 'closed',
        effect: { category: 'evidence', note: '核实退休年龄', typical: { title: '典型事例', summary: '……' } },
        createdAt: '2025-05-01T01:00:00.000Z',
      } as never);
      const r = await get(approver, '/api/reports/inspection');
      const loan = r.body.lines.find((l: { item: string }) => l.item === '利用');
      expect(loan.status).toBe('met');
      expect(loan.evidence).toEqual(
        expect.arrayContaining([
          { label: '已办结并记载利用效果', value: 1 },
          { label: '利用典型事例', value: 1 },
          { label: '借出/调出在外的件', value: 1 },
        ]),
      );
    });

    it('exports a table as XLSX with the title, the range, 制表人 and the figures', async () => {
      const r = await get(archivist, `/api/reports/business?${RANGE}&format=xlsx`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('spreadsheetml');
      expect(r.headers.get('content-disposition')).toContain('business-2012-2014.xlsx');
      expect(r.headers.get('content-disposition')).toMatch(/^attachment;/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(r.body);
      const sheet = book.worksheets[0]!;
      const cells: string[] = [];
      sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      expect(cells).toContain('业务档案统计表');
      expect(cells.some((c) => c.includes('统计年度：2012—2014年度'))).toBe(true);
      expect(cells.some((c) => c.includes('制表人：archivist'))).toBe(true);
      expect(cells.some((c) => c.includes('制表日期：2025-06-02'))).toBe(true);
      expect(cells).toEqual(expect.arrayContaining(['永久件数', '合计页数', '合计', '21']));

      const insp = await get(archivist, '/api/reports/inspection?format=xlsx');
      expect(insp.status).toBe(200);
      const book2 = new ExcelJS.Workbook();
      await book2.xlsx.load(insp.body);
      const texts: string[] = [];
      book2.worksheets[0]!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
      expect(texts).toContain('社会保险业务档案管理达标验收迎检准备情况');
      expect(texts).toEqual(expect.arrayContaining(['验收项目', '三、专业建设 鉴定销毁统计', '部分达标']));
    });

    // PDF checks last: the table PDF adapter is written alongside.
    describe('PDF', () => {
      let dir: string;
      beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'reports-pdf-'))));
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number; size: number[] }> {
        const doc = await openWithPdfjs(bytes);
        try {
          let text = '';
          for (let p = 1; p <= doc.numPages; p++) {
            const page = await doc.getPage(p);
            const content = await page.getTextContent();
            text += content.items.map((i) => ('str' in i ? i.str : '')).join('') + '\n';
          }
          const first = await doc.getPage(1);
          return { text, pages: doc.numPages, size: first.view.slice(2) };
        } finally {
          await doc.destroy();
        }
      }

      it('prints a statistics table: A4 landscape, the title, the range and the figures', async () => {
        const r = await get(archivist, `/api/reports/by-class?${RANGE}&format=pdf`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/pdf');
        expect(r.headers.get('content-disposition')).toMatch(/^inline;/);
        writeFileSync(join(dir, 'by-class.pdf'), r.body);
        const { text, size } = await pdfText(r.body);
        expect(size.map(Math.round)).toEqual([842, 595]);
        expect(text).toContain('各类别业务档案统计表');
        expect(text).toContain('统计年度：2012—2014年度');
        expect(text).toContain('社会保险管理类');
        expect(text).toContain('制表人：archivist');
        expect(text.replace(/\s/g, '')).toContain('合计');
      });

      it('prints the readiness report', async () => {
        const r = await get(archivist, '/api/reports/inspection?format=pdf');
        expect(r.status).toBe(200);
        writeFileSync(join(dir, 'inspection.pdf'), r.body);
        const { text } = await pdfText(r.body);
        const flat = text.replace(/\s/g, '');
        expect(flat).toContain('社会保险业务档案管理达标验收迎检准备情况');
        expect(flat).toContain('鉴定销毁统计');
        expect(flat).toContain('系统未掌握');
        expect(flat).toContain('逾期未移交件数：1');
      });
    });
  },
);
