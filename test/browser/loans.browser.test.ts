import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { ManualClock } from '../../server/core/shared/clock.port';
import { itemForm, startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(90_000);

/**
 * 借阅利用 in the browser: an outside borrower asks to consult an archived item's pages, the leader approves,
 * the borrower reads the watermarked pages until the grant expires; the loan desk lends a paper item and
 * takes it back with the pages counted. The server's clock is a ManualClock the test moves (ahead of the
 * real time, so that the browser keeps the session cookies it is given).
 */
const START = new Date('2027-03-01T01:00:00Z'); // 09:00 in Chongqing
const DAY = 24 * 3600_000;
const VISITOR_ID = '11010519491231002X';

/** A scanned A4 page at 150 dpi: white paper with dark bars for lines of text, a layout per page. */
function scan(n: number): Promise<Buffer> {
  const bars = Array.from({ length: 14 }, (_, i) => ({
    input: {
      create: {
        width: 600 + ((i * 53 * n) % 400),
        height: 20,
        channels: 3 as const,
        background: i === 0 ? '#1d4f91' : '#333',
      },
    },
    left: 150,
    top: 180 + i * 100,
  }));
  return sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#fff' } })
    .composite(bars)
    .png()
    .toBuffer();
}

describe('viewer: borrowing (借阅利用)', () => {
  let t: TestArchive;
  let browser: Browser;
  const clock = new ManualClock(START);
  let consultItem: { id: string; archivalCode: string };
  let paperItem: { id: string; archivalCode: string };

  /** Files an item with real page images (archivist) and accessions it: archived, with a 档号. */
  async function archived(title: string, pages: number) {
    const token = await t.login('archivist');
    const meta = {
      fondsCode: '160',
      year: 2013,
      classCode: 'GL',
      insuranceType: 'YL',
      retention: 'D100',
      title,
      date: '20130517',
      section: '养老保险科',
    };
    const files = await Promise.all(
      Array.from({ length: pages }, async (_, i) => ({
        name: `第${i + 1}页.png`,
        data: await scan(i + 1),
        type: 'image/png',
      })),
    );
    const created = await t.api(token, '/api/items', { method: 'POST', body: itemForm(meta, files) });
    expect(created.status).toBe(201);
    const acc = await t.api(token, `/api/items/${created.body.id}/accession`, { method: 'POST' });
    expect(acc.status).toBe(200);
    return acc.body as { id: string; archivalCode: string };
  }

  /** The viewer at 1366×768; a wait fails after 10 s (pages answer in well under a second). */
  async function open() {
    const v = await openViewer(browser, t);
    v.page.setDefaultTimeout(10_000);
    return v;
  }

  /** After the clock moved past the session's end: sign in again and open `path`. */
  async function again(page: Page, user: string, path: string) {
    await signIn(page, user);
    await page.goto(path);
  }

  beforeAll(async () => {
    t = await startTestArchive({ clock });
    browser = await launchBrowser();
    consultItem = await archived('参保单位基本信息核定表（永利建筑）', 3);
    paperItem = await archived('在职职工增员申报表（永利建筑）', 3);
    await t.archive.worker.drain(); // previews and the search index (档号 look-up)
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let loanId: string;

  it('an outside borrower requests electronic consultation of items selected in the catalogue', async () => {
    const { context, page } = await open();
    await signIn(page, 'borrower');
    // The catalogue keeps its selection in sessionStorage; the request form starts from it.
    const selection = JSON.stringify(JSON.stringify([consultItem.id]));
    await page.evaluate(`sessionStorage.setItem('archive.selection', ${selection})`);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '借阅利用' }).click();
    await page.getByText('您还没有借阅申请').waitFor();
    await page
      .getByRole('navigation', { name: '借阅利用导航' })
      .getByRole('link', { name: '新建借阅申请' })
      .click();
    await page.getByRole('heading', { name: '新建借阅申请' }).waitFor();
    await page.getByRole('cell', { name: consultItem.archivalCode, exact: true }).waitFor();
    await page.getByLabel(`申请页码 ${consultItem.archivalCode}`).fill('1-2');
    await page.getByLabel('目的类别').selectOption('权益查询');
    await page.getByLabel('具体用途').fill('核对本单位职工参保登记信息');
    await page.getByLabel('借阅天数').fill('3');
    await page.getByLabel('证件类型').selectOption('居民身份证');
    await page.getByLabel('证件号码').fill(VISITOR_ID);
    await page.getByLabel('单位', { exact: true }).fill('重庆市涪陵区永利建筑工程有限公司');
    await screenshot(page, 'loans-new');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByRole('heading', { name: /借阅单 JY-2027-0001/ }).waitFor();
    loanId = page.url().split('/').pop()!;
    // No personal data in the address bar.
    expect(page.url()).not.toContain(VISITOR_ID);
    expect(await page.locator('.route').textContent()).toContain('主管领导');
    expect(await page.locator('dl.facts').first().textContent()).toContain('110105********002X');

    await page.getByRole('link', { name: '我的申请' }).click();
    await page.getByRole('cell', { name: 'JY-2027-0001' }).waitFor();
    expect(await page.getByRole('row').nth(1).textContent()).toContain('待审批');
    await screenshot(page, 'loans-mine');
    await context.close();
  });

  it('the leader approves it in the list of requests waiting for approval', async () => {
    const { context, page } = await open();
    await signIn(page, 'approver');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '借阅利用' }).click();
    await page.getByRole('heading', { name: '待我审批' }).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: 'JY-2027-0001' });
    await card.waitFor();
    expect(await card.textContent()).toContain('核对本单位职工参保登记信息');
    // The leader sees the outside person's name and ID masked.
    expect(await card.textContent()).not.toContain(VISITOR_ID);
    await card.getByLabel('审批意见').fill('同意查阅第1-2页');
    await screenshot(page, 'loans-approve');
    await card.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByText('目前没有等待您审批的借阅申请。').waitFor();
    const loan = await t.api(await t.login('approver'), `/api/loans/${loanId}`);
    expect(loan.body).toMatchObject({ status: 'approved', grantStatus: 'active' });
    expect(loan.body.steps[0]).toMatchObject({
      decision: 'approved',
      by: 'approver',
      comment: '同意查阅第1-2页',
    });
    await context.close();
  });

  it('the borrower reads the watermarked pages, and after the grant expires sees the API’s refusal and no page', async () => {
    const { context, page } = await open();
    await signIn(page, 'borrower');
    await page.goto(`/loans/${loanId}`);
    await page.getByRole('heading', { name: '水印查阅' }).waitFor();
    const first = page.getByRole('img', { name: `${consultItem.archivalCode} 第 1 页（已加水印）` });
    await first.waitFor();
    expect(
      await first.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(100);
    expect(await page.getByRole('button', { name: /下载/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /下载/ }).count()).toBe(0);
    expect(await page.locator('.route').textContent()).toContain('approver');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByRole('img', { name: `${consultItem.archivalCode} 第 2 页（已加水印）` }).waitFor();
    // Only pages 1-2 were granted.
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '放大' }).click();
    await page.getByText('125%').waitFor();
    await page.getByRole('button', { name: '适合宽度' }).click();
    await screenshot(page, 'loan-viewer');

    clock.set(new Date(START.getTime() + 4 * DAY));
    await again(page, 'borrower', `/loans/${loanId}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('loan.grant_expired');
    await page.getByText('查阅期限已过，页面不再显示', { exact: false }).waitFor();
    expect(await page.getByRole('img').count()).toBe(0);
    expect(await page.locator('dl.facts').first().textContent()).toContain('已过期');
    await screenshot(page, 'loan-expired');
    await context.close();
  });

  it('the desk registers a paper loan by 档号, checks it out with the pages counted and takes it back', async () => {
    const { context, page } = await open();
    await signIn(page, 'archivist');
    await page.goto('/loans/new');
    await page.getByLabel('档号或条目编号').fill(`${paperItem.archivalCode}\n160-2013-GL-D100-9999`);
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByRole('cell', { name: paperItem.archivalCode, exact: true }).waitFor();
    await page.getByText('未找到').waitFor();
    await page.getByRole('radio', { name: /^借出/ }).check();
    await page.getByLabel('本系统用户（代登记）').check();
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('具体用途').fill('核对增员材料原件');
    await page.getByLabel('借阅天数').fill('7');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByRole('heading', { name: /借阅单 JY-2027-0002/ }).waitFor();
    const paperLoan = page.url().split('/').pop()!;
    expect(await page.locator('.route').textContent()).toContain('科室负责人（养老保险科）');

    const head = await t.login('head');
    const approved = await t.api(head, `/api/loans/${paperLoan}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'approve', step: 0, comment: '同意' }),
    });
    expect(approved.status).toBe(200);

    await page.reload();
    await page.getByRole('heading', { name: '借出（当面清点）' }).waitFor();
    expect(await page.getByLabel(`清点页数 ${paperItem.archivalCode}`).inputValue()).toBe('3');
    await page.getByRole('button', { name: '登记借出' }).click();
    await page.getByRole('heading', { name: '归还（当面清点）' }).waitFor();
    expect(await page.locator('.page-head .tag').allTextContents()).toContain('借出中');

    // Past the due date: the overdue list.
    clock.set(new Date(START.getTime() + 12 * DAY));
    await again(page, 'archivist', '/loans/overdue');
    const row = page.getByRole('row').filter({ hasText: 'JY-2027-0002' });
    await row.waitFor();
    expect(await row.textContent()).toContain('逾期 1 天');
    await screenshot(page, 'loans-overdue');

    // Back with one page fewer: the difference is shown before and flagged after.
    await row.getByRole('link', { name: 'JY-2027-0002' }).click();
    const count = page.getByLabel(`清点页数 ${paperItem.archivalCode}`);
    await count.fill('2');
    await page.getByText('与 3 页不符').waitFor();
    await page.getByLabel(`备注 ${paperItem.archivalCode}`).fill('缺第3页，已告知借阅人');
    await page.getByRole('button', { name: '登记归还' }).click();
    await page.getByRole('heading', { name: '办结' }).waitFor();
    expect(await page.locator('.page-head .tag').allTextContents()).toEqual(
      expect.arrayContaining(['已归还', '归还页数不符']),
    );
    await page.getByLabel('利用效果').selectOption('工作查考');
    await page.getByRole('button', { name: '办结' }).click();
    await page.locator('.page-head .tag', { hasText: '已办结' }).waitFor();
    await screenshot(page, 'loan-closed');

    await page.getByRole('link', { name: '登记表' }).click();
    const pdf = page
      .getByRole('listitem')
      .filter({ hasText: '《业务档案内部借阅表》' })
      .getByRole('link', { name: 'PDF' });
    const href = await pdf.getAttribute('href');
    expect(href).toMatch(
      /^\/api\/loans\/registers\/internal\?from=\d{4}-01-01&to=\d{4}-\d{2}-\d{2}&format=pdf$/,
    );
    await screenshot(page, 'loans-registers');
    await context.close();
  });

  it('is usable at 200% zoom', async () => {
    const { context, page } = await open();
    await page.setViewportSize({ width: 683, height: 384 });
    await signIn(page, 'borrower');
    await page.goto(`/loans/${loanId}`);
    await page.getByRole('heading', { name: /借阅单 JY-2027-0001/ }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'loan-zoom200');
    await context.close();
  });
});
