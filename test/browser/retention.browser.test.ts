import type { Browser } from 'playwright-core';
import { ManualClock } from '../../server/core/shared/clock.port';
import { PNG_1x1, itemForm, startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(90_000);

/**
 * 到期 → 鉴定 → 销毁 in the browser. Items formed in 2020 with 10-year retention fall due on 2031-01-01; the
 * server's clock stands in March 2031. The archivist opens an appraisal from the due list, two committee
 * members vote destroy, the archivist closes it, the leader approves the list, two 监销人 confirm, the
 * archivist executes, and the list ends executed.
 */
const NOW = new Date('2031-03-03T02:00:00Z'); // 10:00 in Chongqing

describe('viewer: retention (鉴定销毁)', () => {
  let t: TestArchive;
  let browser: Browser;
  const clock = new ManualClock(NOW);
  const items: { id: string; archivalCode: string }[] = [];
  let appraisalPath: string;
  let listPath: string;

  async function open(user: string) {
    const v = await openViewer(browser, t);
    v.page.setDefaultTimeout(10_000);
    await signIn(v.page, user);
    return v;
  }

  beforeAll(async () => {
    t = await startTestArchive({ clock });
    browser = await launchBrowser();
    const token = await t.login('archivist');
    for (const [k, title] of [
      '养老待遇核定表（甲）',
      '养老待遇核定表（乙）',
      '养老待遇核定表（丙）',
    ].entries()) {
      const meta = {
        fondsCode: '160',
        year: 2020,
        classCode: 'GL',
        insuranceType: 'YL',
        retention: 'D10',
        title,
        date: '20200517',
        section: '养老保险科',
      };
      const page = Buffer.concat([PNG_1x1, Buffer.from(`#${k}`)]);
      const r = await t.api(token, '/api/items', {
        method: 'POST',
        body: itemForm(meta, [{ name: '第1页.png', data: page, type: 'image/png' }]),
      });
      expect(r.status).toBe(201);
      const a = await t.api(token, `/api/items/${r.body.id}/accession`, { method: 'POST' });
      expect(a.status).toBe(200);
      items.push(a.body);
    }
    await t.archive.worker.drain();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the archivist opens an appraisal over items selected in the due list', async () => {
    const { context, page } = await open('archivist');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '鉴定销毁' }).click();
    await page.getByRole('heading', { name: '保管期满的档案' }).waitFor();
    for (const i of items) await page.getByRole('cell', { name: i.archivalCode, exact: true }).waitFor();
    await page.getByLabel(`选择 ${items[0]!.archivalCode}`).check();
    await page.getByLabel(`选择 ${items[1]!.archivalCode}`).check();
    await page.getByLabel('鉴定名称').fill('2031年第一批到期档案鉴定');
    await screenshot(page, 'retention-due');
    await page.getByRole('button', { name: '发起鉴定（2 件）' }).click();
    await page.getByRole('heading', { name: /^鉴定 JD-2031-0001/ }).waitFor();
    appraisalPath = new URL(page.url()).pathname;
    expect(await page.getByText('0 / 2 件已达法定票数').count()).toBe(1);
    // The archivist is not on the committee: no vote column.
    expect(await page.getByRole('columnheader', { name: '我的表决' }).count()).toBe(0);
    // The two items left the due list; the third is still there.
    await page.getByRole('link', { name: '到期档案' }).click();
    await page.getByRole('cell', { name: items[2]!.archivalCode, exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: items[0]!.archivalCode, exact: true }).count()).toBe(0);
    expect(await page.getByText('2 件已在鉴定中').count()).toBe(1);
    await context.close();
  });

  it('two committee members vote destroy, item by item', async () => {
    {
      const { context, page } = await open('appraiser');
      await page.goto('/retention/appraisals');
      await page.getByRole('link', { name: 'JD-2031-0001' }).click();
      await page.getByRole('button', { name: '未表决的全部拟销毁' }).click();
      await page.getByRole('button', { name: '提交表决（2 件）' }).click();
      await page.getByText('已提交 2 件的表决。').waitFor();
      await context.close();
    }
    const { context, page } = await open('appraiser2');
    await page.goto(appraisalPath);
    for (const i of items.slice(0, 2)) {
      const vote = page.getByRole('group', { name: `我的表决 ${i.archivalCode}` });
      await vote.getByLabel('销毁').check();
      await page.getByLabel(`鉴定意见 ${i.archivalCode}`).fill('保管期满，无继续保存价值');
    }
    await page.getByRole('button', { name: '提交表决（2 件）' }).click();
    await page.getByText('2 / 2 件已达法定票数').waitFor();
    const row = page.getByRole('row').filter({ hasText: items[0]!.archivalCode });
    expect(await row.textContent()).toContain('appraiser：销毁');
    expect(await row.textContent()).toContain('appraiser2：销毁');
    await screenshot(page, 'appraisal');
    await context.close();
  });

  it('the archivist closes the appraisal; its destroy decisions become a 销毁清册', async () => {
    const { context, page } = await open('archivist');
    await page.goto(appraisalPath);
    await page.getByRole('button', { name: '结束鉴定' }).click();
    await page.getByText('鉴定已结束：2 件拟销毁').waitFor();
    await page.getByRole('link', { name: '查看清册' }).click();
    await page.getByRole('heading', { name: /^销毁清册 XH-2031-0001/ }).waitFor();
    listPath = new URL(page.url()).pathname;
    expect(await page.locator('.page-head .tag').textContent()).toBe('待批准');
    const pdf = await page.getByRole('link', { name: '打印销毁清册（PDF）' }).getAttribute('href');
    expect(pdf).toBe(`/api/destruction-lists/${listPath.split('/').pop()}/form`);
    // Nothing to do for the archivist yet: no execute form before approval.
    expect(await page.getByRole('button', { name: '执行销毁' }).count()).toBe(0);
    await context.close();
  });

  it('the leader approves, two supervisors confirm, the archivist executes and watches it to the end', async () => {
    {
      const { context, page } = await open('approver');
      await page.goto(listPath);
      await page.getByLabel('审批意见').fill('同意销毁');
      await page.getByRole('button', { name: '批准销毁' }).click();
      await page.locator('.page-head .tag', { hasText: '已批准' }).waitFor();
      await context.close();
    }
    for (const supervisor of ['supervisor1', 'supervisor2']) {
      const { context, page } = await open(supervisor);
      await page.goto(listPath);
      await page.getByRole('button', { name: '确认监销' }).click();
      await page.getByText('您已确认监销。').waitFor();
      if (supervisor === 'supervisor2') {
        await page.getByText('2 / 2 名监销人已确认').waitFor();
        await screenshot(page, 'destruction-list');
      }
      await context.close();
    }
    const { context, page } = await open('archivist');
    await page.goto(listPath);
    await page.getByLabel('销毁方式').selectOption('粉碎');
    const execute = page.getByRole('button', { name: '执行销毁' });
    expect(await execute.isDisabled()).toBe(true);
    await page.getByLabel(/我已核对清册/).check();
    await execute.click();
    await page.getByRole('heading', { name: /执行情况/ }).waitFor();
    await t.archive.worker.drain();
    await page.getByText('已执行', { exact: true }).waitFor();
    await page.locator('.page-head .tag', { hasText: '已销毁' }).waitFor();
    await page.getByText('已销毁 2 件，跳过 0 件，共 2 件。').waitFor();
    expect(await page.getByRole('row').filter({ hasText: items[0]!.archivalCode }).textContent()).toContain(
      '已销毁',
    );
    // The permanent record: the list itself, archived with a 档号 of its own.
    await page
      .locator('dl.facts')
      .first()
      .getByRole('link', { name: /^160-\d{4}-GL-Y-\d{4}$/ })
      .waitFor();
    await screenshot(page, 'destruction-executed');
    const item = await t.api(await t.login('archivist'), `/api/items/${items[0]!.id}`);
    expect(item.body.status).toBe('destroyed');
    await context.close();
  });

  it('is usable at 200% zoom', async () => {
    const { context, page } = await open('archivist');
    await page.setViewportSize({ width: 683, height: 384 });
    await page.goto(listPath);
    await page.getByRole('heading', { name: /^销毁清册/ }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'destruction-zoom200');
    await context.close();
  });
});
