import type { Browser, Page } from 'playwright-core';
import type { Item } from '../../server/core/items/item.model';
import { sweepStaleIndex } from '../../search/indexer';
import { makeItem } from '../factories/item.factory';
import { archivalCodeOf, fakePages } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(120_000);

const ZHANG = { name: '张伟', residentId: '500102199001014517' };
const WANG = { name: '王芳', residentId: '11010519491231002X' };
const OTHERS = ['刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴敏', '徐强', '孙燕', '马超'];

/** ~30 items across years and classes (张伟 in six of them, over three years), plus 60 plain ones. */
function seedItems(): Item[] {
  const items: Item[] = [];
  let n = 0;
  const item = (o: Partial<Item> & { year: number }) => {
    n++;
    const archived = n % 3 === 0;
    const classCode = o.classCode ?? 'GL';
    const retention = o.retention ?? 'D100';
    return makeItem({
      date: `${o.year}0${(n % 9) + 1}15`,
      docNumber: `涪社保〔${o.year}〕${n}号`,
      pages: n % 2 === 0 ? fakePages(2) : [],
      ...(archived
        ? {
            status: 'archived',
            itemNumber: n,
            archivalCode: archivalCodeOf({ year: o.year, classCode, retention }, n),
          }
        : {}),
      ...o,
    });
  };
  for (const year of [2012, 2014, 2016]) {
    items.push(
      item({
        year,
        classCode: 'YL',
        insuranceType: 'YL',
        title: `张伟基本养老保险待遇核定表`,
        persons: [ZHANG],
      }),
      // The longest 业务环节 name of the catalogue: its facet label must not widen the facets panel.
      item({
        year,
        title: `张伟在职职工增员申报表`,
        persons: [ZHANG],
        retention: 'D30',
        businessStep: 'GX-09',
      }),
    );
  }
  for (const year of [2013, 2015])
    items.push(
      item({ year, title: '王芳在职职工增员申报表', persons: [WANG] }),
      item({ year, classCode: 'ZJ', title: '王芳个人缴费核定单', persons: [WANG], retention: 'D30' }),
    );
  OTHERS.forEach((name, i) => {
    const year = 2011 + (i % 6);
    items.push(
      item({ year, title: `${name}参保登记表`, persons: [{ name }], retention: i % 2 ? 'Y' : 'D100' }),
    );
  });
  for (const [i, name] of ['李强', '钱坤', '郑浩', '冯涛', '何军'].entries())
    items.push(
      item({
        year: 2014 + (i % 2),
        classCode: 'GS',
        insuranceType: 'GS',
        businessStep: undefined,
        section: '工伤保险科',
        title: `${name}工伤认定申请表`,
        persons: [{ name }],
        retention: 'D50',
      }),
    );
  for (let i = 0; i < 60; i++)
    items.push(
      makeItem({
        year: 2010,
        date: '20101231',
        classCode: 'TJ',
        title: `社会保险业务统计月报表第${i + 1}期`,
        persons: [],
        units: [],
      }),
    );
  return items;
}

describe('viewer: catalogue and search', () => {
  let t: TestArchive;
  let browser: Browser;
  let items: Item[];
  beforeAll(async () => {
    t = await startTestArchive();
    browser = await launchBrowser();
    items = seedItems();
    for (const i of items) await t.stores.items.insert(i);
    // Items inserted behind the API's back: the indexer's catch-up sweep queues them, the worker indexes.
    await sweepStaleIndex(t.archive.deps);
    await t.archive.worker.drain();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const rowsOf = (page: Page) => page.locator('.vtable tbody tr:not(.spacer)');
  const column = (page: Page, n: number) => rowsOf(page).locator(`td:nth-child(${n})`).allTextContents();
  const noPersonalDataInUrl = (page: Page) => {
    const url = decodeURIComponent(page.url());
    for (const s of [ZHANG.name, ZHANG.residentId, WANG.name, WANG.residentId]) expect(url).not.toContain(s);
  };

  it('browses the catalogue: pages in by scrolling, filters narrow it, rows are selected for a loan', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.getByRole('navigation').getByRole('link', { name: '档案目录' }).click();
    await page.getByRole('heading', { name: '档案目录' }).waitFor();
    const table = page.getByRole('table', { name: '档案目录列表' });
    await table.waitFor();
    // The first page is 50 items, and only the rows in view are in the page at all.
    await page.getByText('已加载 50 件').waitFor();
    expect(await rowsOf(page).count()).toBeLessThan(50);
    await screenshot(page, 'catalogue');

    // Scrolling to the end loads the next page by cursor.
    await page.locator('.vtable').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.getByText(`已全部加载，共 ${items.length} 件`).waitFor();

    // Sorting the loaded rows by 档号 puts the numbered ones first, in order.
    await table.getByRole('button', { name: /档号/ }).click();
    const codes = (await column(page, 2)).filter((c) => c.startsWith('160-'));
    expect(codes.length).toBeGreaterThan(3);
    expect([...codes].sort()).toEqual(codes);

    // Filters narrow the list (and go into the address bar: codes only).
    await page.getByLabel('年度', { exact: true }).fill('2014');
    const in2014 = items.filter((i) => i.year === 2014);
    await page.getByText(`已全部加载，共 ${in2014.length} 件`).waitFor();
    expect(new Set(await column(page, 5))).toEqual(new Set(['2014']));
    await page.getByLabel('类别').selectOption('YL');
    const yl2014 = in2014.filter((i) => i.classCode === 'YL');
    await page.getByText(`已全部加载，共 ${yl2014.length} 件`).waitFor();
    expect(await column(page, 3)).toEqual(yl2014.map((i) => i.title));
    expect(page.url()).toContain('year=2014');
    await page.getByLabel('类别').selectOption('');
    await page.getByLabel('保管期限').selectOption('D30');
    const d30 = in2014.filter((i) => i.retention === 'D30');
    await page.getByText(`已全部加载，共 ${d30.length} 件`).waitFor();
    await screenshot(page, 'catalogue-filtered');
    // At 200% zoom (half the size) the filters wrap and the table scrolls within its box.
    await page.setViewportSize({ width: 683, height: 384 });
    await screenshot(page, 'catalogue-zoom');
    await page.setViewportSize({ width: 1366, height: 768 });

    // Selecting rows shows the count; select-all takes every loaded row.
    const boxes = table.getByRole('checkbox', { name: /^选择/ });
    await boxes.nth(0).check();
    await page.getByText('已选 1 件').waitFor();
    await table.getByRole('checkbox', { name: '全选已加载的件' }).check();
    await page.getByText(`已选 ${d30.length} 件`).waitFor();

    // A filter that matches nothing says so, and what to do.
    await page.getByLabel('年度', { exact: true }).fill('1999');
    await page.getByText('没有符合条件的件。请放宽或清除筛选条件。').waitFor();
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByText('已加载 50 件').waitFor();

    // 借阅申请 takes the selection to the loan request page through sessionStorage, not the URL.
    await page.getByRole('button', { name: '借阅申请' }).click();
    await page.waitForURL('**/loans/new');
    const stored = await page.evaluate<string>("sessionStorage.getItem('archive.selection')");
    expect(JSON.parse(stored)).toHaveLength(d30.length);
    expect(page.url()).not.toContain('itm_');
    await context.close();
  });

  it('searches a name: highlights, thumbnails or placeholders, facets, saved searches; no name in the URL', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.getByRole('navigation').getByRole('link', { name: '检索' }).click();
    await page.getByRole('heading', { name: '检索', exact: true }).waitFor();
    await page.getByText(/输入题名或正文中的词语/).waitFor();

    await page.getByLabel('检索词').fill(ZHANG.name);
    await page.getByLabel('检索词').press('Enter');
    await page.getByText('共 6 件').waitFor();
    const hits = page.getByRole('list', { name: '检索结果' }).getByRole('listitem');
    expect(await hits.count()).toBe(6);
    expect(await page.locator('.srch-hit-title mark').first().textContent()).toBe('张伟');
    // Items with pages ask for a thumbnail; these pages have no stored image, so a placeholder shows.
    await page.locator('.srch-thumb.placeholder', { hasText: '无图像' }).first().waitFor();
    expect(await page.locator('.srch-thumb.placeholder', { hasText: '无页面' }).count()).toBeGreaterThan(0);
    noPersonalDataInUrl(page);
    // The facets stay in their column, beside the results and not under them, counts in view.
    const panel = (await page.locator('.srch-facets').boundingBox())!;
    const results = (await page.getByRole('list', { name: '检索结果' }).boundingBox())!;
    expect(panel.x + panel.width).toBeLessThanOrEqual(results.x);
    const count = (await page.locator('.srch-facets .count').last().boundingBox())!;
    expect(count.x + count.width).toBeLessThanOrEqual(panel.x + panel.width);

    // A facet narrows the results; its chip takes it off again.
    await page
      .locator('.srch-facets fieldset', { hasText: '年度' })
      .getByRole('button', { name: /2014/ })
      .click();
    await page.getByText('共 2 件').waitFor();
    await screenshot(page, 'search-results');
    await page.getByRole('button', { name: /去掉筛选：年度：2014/ }).click();
    await page.getByText('共 6 件').waitFor();

    // Saved searches live on the server, per account; the words never reach the audit trail.
    await page.getByLabel('名称').fill('张伟的档案');
    await page.getByRole('button', { name: '保存当前检索' }).click();
    const saved = page.locator('.srch-saved-list');
    await saved.getByRole('button', { name: '张伟的档案', exact: true }).waitFor();
    const auditor = await t.login('auditor');
    const trail = await t.api(auditor, '/api/audit?action=saved_search.save');
    expect(trail.status).toBe(200);
    expect(JSON.stringify(trail.body)).toContain('saved_search.save');
    expect(JSON.stringify(trail.body)).not.toContain('张伟');
    // Only the account that saved a search sees it or may delete it.
    const mine = await t.api(await t.login('archivist'), '/api/saved-searches');
    expect(mine.body.searches.map((x: { label: string }) => x.label)).toEqual(['张伟的档案']);
    const clerk = await t.login('clerk');
    expect((await t.api(clerk, '/api/saved-searches')).body.searches).toEqual([]);
    const refused = await t.api(clerk, `/api/saved-searches/${mine.body.searches[0].id}`, {
      method: 'DELETE',
    });
    expect(refused.status).toBe(404);
    const doc = (await t.api(null, '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/saved-searches'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/api/saved-searches/{id}'].delete).toBeDefined();
    await page.getByLabel('检索词').fill('王芳');
    await page.getByLabel('检索词').press('Enter');
    await page.getByText('共 4 件').waitFor();
    await saved.getByRole('button', { name: '张伟的档案', exact: true }).click();
    await page.getByText('共 6 件').waitFor();
    await saved.getByRole('button', { name: '删除保存的检索：张伟的档案' }).click();
    await page.getByText(/还没有保存的检索/).waitFor();

    // The person view: every item of 张伟 across years, grouped by 年度, newest year first.
    await hits.first().getByRole('button', { name: '张伟的全部档案' }).click();
    await page.getByRole('heading', { name: /张伟（500102199001014517）的全部档案/ }).waitFor();
    await page.getByText('共 6 件，3 个年度').waitFor();
    const years = await page.locator('.srch-year h3').allTextContents();
    expect(years.map((y) => y.slice(0, 4))).toEqual(['2016', '2014', '2012']);
    noPersonalDataInUrl(page);
    await screenshot(page, 'person-view');

    // …or by typing a 公民身份号码.
    await page.getByRole('button', { name: '返回检索结果' }).click();
    await page.getByText('共 6 件').waitFor();
    await page.getByLabel('检索词').fill(WANG.residentId);
    await page.getByRole('button', { name: '按人员查档' }).click();
    await page.getByText('共 4 件，2 个年度').waitFor();
    noPersonalDataInUrl(page);

    // At 200% zoom (half the width) the page stacks and still reads.
    await page.setViewportSize({ width: 683, height: 384 });
    await page.getByRole('button', { name: '返回检索结果' }).click();
    await page.getByText('共 6 件').waitFor();
    expect(await page.getByLabel('检索词').inputValue()).toBe(ZHANG.name);
    await screenshot(page, 'search-zoom');
    await context.close();
  });

  it('shows a helpful empty state, and the API’s refusal', async () => {
    const { context, page } = await openViewer(browser, t);
    // clerk2 (工伤保险科) does not see the 养老保险科's items: nothing found, with what to try.
    await signIn(page, 'clerk2');
    await page.getByRole('navigation').getByRole('link', { name: '检索' }).click();
    await page.getByLabel('检索词').fill(ZHANG.name);
    await page.getByLabel('检索词').press('Enter');
    await page.getByText('没有找到符合条件的件。').waitFor();
    await page.getByText(/只能检索本账号有权查看的件/).waitFor();
    noPersonalDataInUrl(page);
    await screenshot(page, 'search-empty');
    // Their own section's items they do find.
    await page.getByLabel('检索词').fill('工伤认定');
    await page.getByLabel('检索词').press('Enter');
    await page.getByText('共 5 件').waitFor();
    await context.close();

    // A borrower may not search the catalogue: the API's own message shows.
    const b = await openViewer(browser, t);
    await signIn(b.page, 'borrower');
    await b.page.goto('/search');
    await b.page.getByLabel('检索词').fill('养老');
    await b.page.getByLabel('检索词').press('Enter');
    const alert = b.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('auth.forbidden');
    await screenshot(b.page, 'search-refused');
    await b.context.close();
  });
});
