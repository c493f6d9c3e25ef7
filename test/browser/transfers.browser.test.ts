import type { Browser, Page } from 'playwright-core';
import { residentIdCheckChar } from '../../server/core/identifiers';
import type { Item } from '../../server/core/items/item.model';
import { ManualClock } from '../../server/core/shared/clock.port';
import { makeItem } from '../factories/item.factory';
import { fakePages } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(90_000);

/** 增员: the application (申报表) and the decision (核对表) are both in the text: the check passes. */
const COMPLETE = '重庆市社会保险 在职职工增员申报表 单位名称…… 新增参保人员信息核对表 经办人';
const rid = (n: number) => {
  const first = `50010219900101${String(n).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};

/** The response of a printed document behind a link, fetched with the page's session. */
async function documentBehind(page: Page, name: string | RegExp) {
  const href = await page.getByRole('link', { name }).first().getAttribute('href');
  expect(href).toMatch(/^\/api\//);
  const res = await page.request.get(href!);
  return { status: res.status(), type: res.headers()['content-type'] ?? '', body: await res.body() };
}

describe('viewer: a section pre-archives and transfers; the archivist checks, returns one item, accepts the rest', () => {
  let t: TestArchive;
  let browser: Browser;
  // Now, held still: the session cookie's expiry is the browser's real time.
  const clock = new ManualClock(new Date());
  const Y = clock.now().getUTCFullYear();
  const items: Item[] = [];
  const RETURNED_TITLE = '王芳在职职工增员申报表（身份号码待核）';
  const REASON = '公民身份号码校验位错误，请核对后重新移交';

  beforeAll(async () => {
    t = await startTestArchive({ clock });
    browser = await launchBrowser();
    const seed = (overrides: Partial<Item>) =>
      makeItem({
        year: Y,
        status: 'filed',
        section: '养老保险科',
        pages: fakePages(2),
        content: COMPLETE,
        dueDate: `${Y + 101}-01-01`,
        ...overrides,
      });
    items.push(
      seed({
        date: `${Y}0503`,
        title: '李强在职职工增员申报表',
        persons: [{ name: '李强', residentId: rid(2) }],
      }),
      seed({
        date: `${Y}0511`,
        title: '张伟在职职工增员申报表',
        persons: [{ name: '张伟', residentId: rid(3) }],
      }),
      // A wrong check digit: the check reports it, and the archivist returns the item.
      seed({
        date: `${Y}0520`,
        title: RETURNED_TITLE,
        persons: [{ name: '王芳', residentId: '500102199001014510' }],
      }),
      seed({
        date: `${Y}0420`,
        title: '赵敏在职职工增员申报表',
        persons: [{ name: '赵敏', residentId: rid(4) }],
      }),
    );
    for (const i of items) await t.stores.items.insert(i);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('goes from filed items to 档号, with a returned item back in the section with its reason', async () => {
    // —— The clerk: 预立卷 of May, 卷内文件目录, a transfer, its form, submission.
    const clerk = await openViewer(browser, t);
    let page = clerk.page;
    await signIn(page, 'clerk');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '移交验收' }).click();
    await page.getByRole('heading', { name: /本科室移交/ }).waitFor();
    const monthRow = (p: Page, label: string) =>
      p.locator('table.months > tbody > tr').filter({ has: p.getByRole('rowheader', { name: label }) });
    const may = monthRow(page, `${Y}-05`);
    expect(await may.getByRole('cell').nth(0).textContent()).toBe('3');
    await page.getByRole('button', { name: `查看件 ${Y}-05` }).click();
    await page
      .getByRole('table', { name: `${Y}-05的件` })
      .getByText(RETURNED_TITLE)
      .waitFor();
    await page.getByRole('button', { name: `预立卷 ${Y}-05` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `已预立卷：${Y}-05-01` })
      .waitFor();
    // The month table reloads after the confirmation appears: wait for its count to change.
    await may
      .getByRole('cell')
      .nth(2)
      .filter({ hasText: /^\s*3\s*$/ })
      .waitFor();
    expect(await may.getByRole('cell').nth(2).textContent()).toBe('3');
    await screenshot(page, 'transfers-section');

    const contents = await documentBehind(page, `打印卷内文件目录 ${Y}-05-01`);
    expect(contents.status).toBe(200);
    expect(contents.type).toContain('application/pdf');
    expect(contents.body.subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('button', { name: `建立移交单 ${Y}-05` }).click();
    await page.getByRole('heading', { name: /移交单 YJ-\d{4}-0001/ }).waitFor();
    expect(await page.getByRole('heading', { name: /移交单/ }).textContent()).toContain('草稿');

    // The form opens in a new tab, and is a PDF.
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('link', { name: '打印《社保业务档案移交情况登记表》' }).click(),
    ]);
    await popup.waitForURL(/^blob:/);
    await popup.close();
    const form = await documentBehind(page, '打印《社保业务档案移交情况登记表》');
    expect(form.status).toBe(200);
    expect(form.type).toContain('application/pdf');

    // A wrong section head is refused with the API's message; the right one submits.
    await page.getByLabel('业务环节负责人（用户名，可不填）').fill('head2');
    await page.getByRole('button', { name: '提交移交' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('transfer.bad_section_head');
    await page.getByLabel('业务环节负责人（用户名，可不填）').fill('head');
    await page.getByRole('button', { name: '提交移交' }).click();
    await page.getByRole('heading', { name: /已移交/ }).waitFor();
    expect(await page.locator('dl.kv').textContent()).toContain('head');
    await screenshot(page, 'transfer-form-submitted');

    // —— The archivist: waiting transfers, the check, reconciliation, a return and the acceptance.
    const archivist = await openViewer(browser, t);
    page = archivist.page;
    await signIn(page, 'archivist');
    await page.goto('/transfers');
    const waiting = page.getByRole('row', { name: /YJ-\d{4}-0001/ }).first();
    await waiting.getByRole('link', { name: /验收/ }).click();
    await page.getByRole('heading', { name: /移交单 YJ-\d{4}-0001/ }).waitFor();
    await page.getByLabel('实点件数').fill('3');
    await page.getByLabel('实点页数').fill('6');
    await page.getByRole('button', { name: '核对', exact: true }).click();
    await page.getByRole('heading', { name: /已核对/ }).waitFor();
    const badRow = page.getByRole('row').filter({ hasText: RETURNED_TITLE });
    expect(await badRow.textContent()).toContain('有问题');
    expect(await badRow.textContent()).toContain('公民身份号码无效');

    // The business system knows one transaction of May that was not handed over.
    const csv =
      '业务流水号,业务环节,公民身份号码,姓名,办结日期\n' + `LS-9999,GX-01,${rid(9)},陈静,${Y}0515\n`;
    await page
      .getByLabel('业务系统 CSV 文件')
      .setInputFiles({ name: 'system.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: '上传对账' }).click();
    await page.getByRole('heading', { name: '业务系统有、移交中没有（1）' }).waitFor();
    expect(await page.getByRole('row', { name: /LS-9999/ }).textContent()).toContain('陈静');
    await screenshot(page, 'transfer-receive');

    // Returning needs a reason; then the item goes back, and the rest are accepted.
    await badRow.getByRole('checkbox').check();
    await page.getByRole('button', { name: '退回所选' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('请填写退回原因');
    await page.getByLabel('退回原因').fill(REASON);
    await page.getByRole('button', { name: '退回所选' }).click();
    await badRow.getByText(REASON).waitFor();
    await page.getByRole('button', { name: '全部接收' }).click();
    await page.getByRole('heading', { name: /部分接收/ }).waitFor();
    const codes = await page.locator('table.transfer-items td.code').allTextContents();
    expect(codes.filter((c) => new RegExp(`^160-${Y}-GL-D100-\\d{4}$`).test(c))).toEqual([
      `160-${Y}-GL-D100-0001`,
      `160-${Y}-GL-D100-0002`,
    ]);
    expect(await badRow.locator('td.code').textContent()).toBe('—');
    await screenshot(page, 'transfer-accepted');
    await archivist.context.close();

    // —— The clerk sees the returned item with the archive's reason, and a way to fix it.
    page = clerk.page;
    await page.goto('/transfers');
    const returned = page.getByRole('table', { name: '退回补正的件' }).getByRole('row').filter({
      hasText: RETURNED_TITLE,
    });
    await returned.waitFor();
    expect(await returned.textContent()).toContain(REASON);
    expect(await returned.getByRole('link', { name: /修改/ }).getAttribute('href')).toBe(
      `/items/${items[2]!.id}`,
    );
    // The returned item counts again in its month, ready to be pre-archived after the fix.
    expect(await monthRow(page, `${Y}-05`).getByRole('cell').nth(1).textContent()).toBe('1');

    // Late transfers: nothing of earlier years; this year's April and May are due by 31 March next year.
    await page.getByRole('link', { name: '逾期未移交' }).click();
    await page.getByRole('heading', { name: new RegExp(`${Y}年度的件`) }).waitFor();
    expect(await page.getByText('没有逾期未移交的件。').count()).toBe(1);
    await screenshot(page, 'transfers-late');
    await clerk.context.close();
  });

  it('keeps the pages usable at 200% zoom', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.setViewportSize({ width: 683, height: 384 });
    await page.goto('/transfers');
    await page.getByRole('heading', { name: '移交验收', level: 1 }).waitFor();
    await page
      .getByRole('row', { name: /YJ-\d{4}-0001/ })
      .first()
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /YJ-\d{4}-0001/ }).waitFor();
    // Nothing wider than the screen but the tables' own scrolling boxes.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'transfer-accepted-zoom');
    await context.close();
  });
});
