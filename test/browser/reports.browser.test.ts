import type { Browser, Page } from 'playwright-core';
import { makeItem } from '../factories/item.factory';
import { archivedItem, fakePages } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(60_000);

/** The text of each cell of the table row whose header cell is `head`. */
async function rowCells(page: Page, table: string, head: string): Promise<string[]> {
  const row = page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({
      has: page.getByRole('rowheader', { name: head, exact: true }),
    });
  return row.locator('th, td').allTextContents();
}

/** Fetches a URL in the page (with the session cookie): status and content type. */
const fetchInPage = (page: Page, href: string) =>
  page.evaluate(async (url) => {
    const r = await fetch(url);
    return {
      status: r.status,
      type: r.headers.get('content-type') ?? '',
      size: (await r.arrayBuffer()).byteLength,
    };
  }, href);

describe('viewer: reports (统计报表) and the dashboard charts', () => {
  let t: TestArchive;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestArchive();
    browser = await launchBrowser();
    // Held items with known page counts: 2021 two 永久 of 3 pages and one 30年 of 5; 2022 three 10年
    // of 2 pages; 2023 one 永久 of 7 pages. A filed (not yet transferred) item of 2021 is not held.
    const seed = [
      archivedItem({ year: 2021, classCode: 'GL', retention: 'Y' }, 1, { pages: fakePages(3) }),
      archivedItem({ year: 2021, classCode: 'GL', retention: 'Y' }, 2, { pages: fakePages(3) }),
      archivedItem({ year: 2021, classCode: 'GL', retention: 'D30' }, 1, { pages: fakePages(5) }),
      archivedItem({ year: 2022, classCode: 'ZJ', retention: 'D10' }, 1, { pages: fakePages(2) }),
      archivedItem({ year: 2022, classCode: 'ZJ', retention: 'D10' }, 2, { pages: fakePages(2) }),
      archivedItem({ year: 2022, classCode: 'ZJ', retention: 'D10' }, 3, { pages: fakePages(2) }),
      archivedItem({ year: 2023, classCode: 'GL', retention: 'Y' }, 1, { pages: fakePages(7) }),
      makeItem({ year: 2021, pages: fakePages(4) }),
    ];
    for (const item of seed) await t.stores.items.insert(item);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('charts the holdings per year and by retention period on the archivist’s dashboard', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    const chart = page.getByRole('img', { name: '各年度馆藏件数' });
    await chart.waitFor();
    expect(await chart.locator('rect.bar').count()).toBe(3);
    expect(
      await chart.locator('.bar-group').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-label'))),
    ).toEqual(['2021', '2022', '2023']);
    // The numbers are there for a screen reader too.
    const numbers = page.getByRole('table', { name: '各年度馆藏件数' });
    expect(await numbers.getByRole('row').allTextContents()).toEqual(['年度件数', '20213', '20223', '20231']);
    const retention = page.getByRole('img', { name: '按保管期限（件数）' });
    expect(await retention.locator('[data-label="永久"] .value').textContent()).toBe('3（42.9%）');
    expect(await retention.locator('[data-label="10年"] .value').textContent()).toBe('3（42.9%）');
    // The waiting cards are still there above the charts.
    expect(await page.locator('.cards [data-key]').count()).toBeGreaterThan(0);
    await screenshot(page, 'dashboard-charts');
    await context.close();
  });

  it('shows the 业务档案统计表 for a year range, with PDF and XLSX that download', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '统计报表' }).click();
    await page.getByRole('heading', { name: '统计报表', level: 1 }).waitFor();
    await page.getByLabel('起始年度').fill('2021');
    await page.getByLabel('终止年度').fill('2022');
    await page.getByRole('button', { name: '统计' }).click();
    await page.getByText('2021–2022').waitFor();
    const table = page.getByRole('table', { name: '业务档案统计表' });
    // Grouped headings: 永久 over 件数 / 页数.
    const group = table.getByRole('columnheader', { name: '永久' });
    expect(await group.getAttribute('colspan')).toBe('2');
    //                                          永久    100年  50年   30年   10年   合计
    expect(await rowCells(page, '业务档案统计表', '2021')).toEqual([
      '2021',
      '2',
      '6',
      '0',
      '0',
      '0',
      '0',
      '1',
      '5',
      '0',
      '0',
      '3',
      '11',
    ]);
    expect(await rowCells(page, '业务档案统计表', '2022')).toEqual([
      '2022',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '3',
      '6',
      '3',
      '6',
    ]);
    expect(await rowCells(page, '业务档案统计表', '合计')).toEqual([
      '合计',
      '2',
      '6',
      '0',
      '0',
      '0',
      '0',
      '1',
      '5',
      '3',
      '6',
      '6',
      '17',
    ]);
    expect(await rowCells(page, '业务档案统计表', '2023')).toEqual([]);
    // The range is in the address (years only), so a reload shows the same table.
    expect(new URL(page.url()).search).toBe('?view=business&fromYear=2021&toYear=2022');

    const pdf = await page.getByRole('link', { name: '下载 PDF' }).getAttribute('href');
    const xlsx = await page.getByRole('link', { name: '下载 XLSX' }).getAttribute('href');
    expect(pdf).toBe('/api/reports/business?fromYear=2021&toYear=2022&format=pdf');
    expect(await fetchInPage(page, pdf!)).toMatchObject({ status: 200, type: 'application/pdf' });
    expect(await fetchInPage(page, xlsx!)).toMatchObject({
      status: 200,
      type: expect.stringContaining('spreadsheetml'),
    });
    await screenshot(page, 'reports-business');

    // A range the wrong way round is caught before asking.
    await page.getByLabel('起始年度').fill('2023');
    await page.getByLabel('终止年度').fill('2021');
    await page.getByRole('button', { name: '统计' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('起始年度不能晚于终止年度');

    // The other tables answer on screen too.
    await page.getByRole('link', { name: '历年档案统计表' }).click();
    const yearly = page.getByRole('table', { name: '历年档案统计表' });
    await yearly.waitFor();
    // 2022 (the range is kept): 3 received and held (6 pages); 6 held up to 2022 (17 pages).
    expect(await rowCells(page, '历年档案统计表', '2022')).toEqual([
      '2022',
      '3',
      '0',
      '3',
      '6',
      '6',
      '17',
      '0',
    ]);
    // The filed item of 2021 is not received yet.
    expect((await rowCells(page, '历年档案统计表', '2021')).at(-1)).toBe('1');
    await page.getByRole('link', { name: '全局档案统计表' }).click();
    await page.getByRole('table', { name: '全局档案统计表' }).waitFor();
    // Summed over the range kept from the business table (2021–2022).
    expect((await rowCells(page, '全局档案统计表', '160')).slice(2, 4)).toEqual(['6', '17']);
    await page.getByRole('link', { name: '各类别业务档案统计表' }).click();
    await page.getByRole('table', { name: '各类别业务档案统计表' }).waitFor();
    await screenshot(page, 'reports-by-class');
    await context.close();
  });

  it('offers the registers and loan statistics as files, loans also on screen', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.goto('/reports?view=registers');
    const receipts = page.getByRole('listitem').filter({ hasText: '档案接收登记表' });
    const href = await receipts.getByRole('link', { name: '下载 XLSX' }).getAttribute('href');
    expect(await fetchInPage(page, href!)).toMatchObject({
      status: 200,
      type: expect.stringContaining('spreadsheetml'),
    });
    const changes = page.getByRole('listitem').filter({ hasText: '档案异动登记表' });
    const changesPdf = await changes.getByRole('link', { name: '下载 PDF' }).getAttribute('href');
    expect(changesPdf).toContain('kind=changes');
    expect(await fetchInPage(page, changesPdf!)).toMatchObject({ status: 200, type: 'application/pdf' });
    await screenshot(page, 'reports-registers');

    await page.getByRole('link', { name: '借阅利用统计' }).click();
    await page.getByText('所选年度没有借阅申请。').waitFor();
    const loansPdf = await page.getByRole('link', { name: '下载 PDF' }).getAttribute('href');
    expect(await fetchInPage(page, loansPdf!)).toMatchObject({ status: 200, type: 'application/pdf' });
    await screenshot(page, 'reports-loans');
    await context.close();
  });

  it('shows the 达标验收 readiness report with each item’s status, finding and evidence', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.goto('/reports');
    await page.getByRole('link', { name: '达标验收自查' }).click();
    const lines = page.getByRole('table', { name: '社会保险业务档案管理达标验收迎检准备情况' });
    await lines.waitFor();
    const line = (item: string) =>
      lines.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${item}`) }) });
    expect(await line('管理办法').locator('.col-status').textContent()).toBe('系统未掌握');
    expect(await line('档案人员').locator('.col-status').textContent()).toBe('部分达标');
    // Seven held items, all numbered; no boxes yet, so 整理 is only partly met.
    expect(await line('检索工具').locator('.col-status').textContent()).toBe('达标');
    expect(await line('整理').locator('.col-status').textContent()).toBe('部分达标');
    expect(await line('收集').textContent()).toContain('登记的件');
    // An evidence link to a statistics table opens it in the viewer.
    await line('整理').getByRole('link', { name: '各类别业务档案统计表' }).waitFor();
    const summary = page.getByRole('table', { name: '自查结果汇总' });
    expect(await summary.getByRole('rowheader').allTextContents()).toEqual([
      '达标',
      '部分达标',
      '未达标',
      '系统未掌握',
    ]);
    const pdf = await page.getByRole('link', { name: '下载 PDF' }).getAttribute('href');
    expect(await fetchInPage(page, pdf!)).toMatchObject({ status: 200, type: 'application/pdf' });
    await screenshot(page, 'reports-inspection');
    await line('整理').getByRole('link', { name: '各类别业务档案统计表' }).click();
    await page.getByRole('table', { name: '各类别业务档案统计表' }).waitFor();
    await context.close();
  });

  it('keeps the readiness report from a section head, whose tables cover their own section', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'head');
    await page.goto('/reports?view=inspection');
    // The tab is not offered; the business table shows instead, scoped to 养老保险科.
    expect(await page.getByRole('link', { name: '达标验收自查' }).count()).toBe(0);
    await page.getByRole('table', { name: '业务档案统计表' }).waitFor();
    expect(await page.locator('.report-meta').textContent()).toContain('统计范围养老保险科');
    await context.close();
  });

  it('stays usable at 200% zoom (a 683×384 viewport)', async () => {
    const { context, page } = await openViewer(browser, t);
    await page.setViewportSize({ width: 683, height: 384 });
    await signIn(page, 'archivist');
    await page.goto('/reports?view=business&fromYear=2021&toYear=2023');
    await page.getByRole('table', { name: '业务档案统计表' }).waitFor();
    // The wide table scrolls inside its own region; the page itself does not scroll sideways.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow as number).toBeLessThanOrEqual(0);
    await screenshot(page, 'reports-business-zoom');
    await context.close();
  });
});
