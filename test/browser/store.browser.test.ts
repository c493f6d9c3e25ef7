import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../server/core/shared/clock.port';
import { fakePages, insertArchived } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(90_000);

/** The response of a printed document behind a link, fetched with the page's session. */
async function documentBehind(page: Page, name: string | RegExp) {
  const href = await page.getByRole('link', { name }).first().getAttribute('href');
  expect(href).toMatch(/^\/api\//);
  const res = await page.request.get(href!);
  return { status: res.status(), type: res.headers()['content-type'] ?? '', body: await res.body() };
}

describe('viewer: the archivist packs accepted items into a box, labels it, shelves it and moves it', () => {
  let t: TestArchive;
  let browser: Browser;
  const group = { year: 2013, classCode: 'GL', retention: 'D100' as const };
  const CODE = '160-2013-GL-D100-盒0001';

  beforeAll(async () => {
    // Now, held still: the session cookie's expiry is the browser's real time.
    t = await startTestArchive({ clock: new ManualClock(new Date()) });
    browser = await launchBrowser();
    await insertArchived(t.stores.items, group, [1, 2, 3, 4, 5], (n) => ({
      pages: fakePages(n + 1),
      title: `在职职工增员申报表 第${n}件`,
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('packs, prints labels, seals, fills the 备考表, shelves the box on the map and moves it', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '装盒上架' }).click();
    await page.getByRole('heading', { name: '档案盒', level: 1 }).waitFor();
    await page.getByText('没有符合条件的档案盒').waitFor();

    // 装盒: a suggestion for the group, then carried out.
    const packing = page.getByRole('region', { name: '装盒' });
    await packing.getByLabel('年度').fill('2013');
    await packing.getByLabel('类别').fill('GL');
    await packing.getByRole('button', { name: '生成装盒建议' }).click();
    const planned = packing.getByRole('row', { name: /新盒 1/ });
    await planned.waitFor();
    expect(await planned.textContent()).toContain('0001-0005');
    await packing.getByRole('button', { name: '按建议装盒（1）' }).click();
    await packing.getByRole('status').getByRole('link', { name: CODE }).waitFor();
    const listed = page.getByRole('row', { name: new RegExp(CODE) });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('未上架');
    expect(await listed.textContent()).toContain('整理中');
    await screenshot(page, 'store-boxes');

    // The box: contents in 档号 order, labels, seal, 备考表.
    await listed.getByRole('link', { name: CODE }).click();
    await page.getByRole('heading', { name: new RegExp(`档案盒 ${CODE}`) }).waitFor();
    const boxUrl = page.url();
    const boxId = boxUrl.split('/').pop()!;
    const rows = page.getByRole('table').last().getByRole('row');
    expect(await rows.count()).toBe(6);
    expect(await rows.nth(1).textContent()).toContain('160-2013-GL-D100-0001');
    expect(await rows.nth(5).textContent()).toContain('在盒');
    const labels = await documentBehind(page, '打印盒面、盒脊标签');
    expect(labels.status).toBe(200);
    expect(labels.type).toContain('application/pdf');
    expect(labels.body.subarray(0, 5).toString()).toBe('%PDF-');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('link', { name: '打印备考表' }).click(),
    ]);
    await popup.waitForURL(/^blob:/);
    await popup.close();

    await page.getByRole('button', { name: '封盒' }).click();
    await page.getByRole('button', { name: '重新打开' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('已封盒');
    const note = page.getByRole('form', { name: '备考表' });
    expect(await note.getByLabel('整理人').inputValue()).toBe('archivist');
    await note.getByLabel('检查人').fill('李档案');
    await note.getByLabel('盒内文件情况说明').fill('本盒共 5 件，无缺损。');
    await note.getByRole('button', { name: '保存备考表' }).click();
    await note.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
    await screenshot(page, 'store-box');

    // The label's QR code points at /boxes/<id>: the same page.
    await page.goto(`/boxes/${boxId}`);
    await page.getByRole('heading', { name: new RegExp(`档案盒 ${CODE}`) }).waitFor();
    expect(await page.getByLabel('检查人').inputValue()).toBe('李档案');

    // A store room from a layout; its map.
    await page.getByRole('link', { name: '库房与存放示意图' }).click();
    await page.getByText('还没有库房').waitFor();
    await page.getByLabel('库房号（数字）').fill('1');
    await page.getByLabel('名称').fill('业务档案库房');
    await page.getByLabel('列数（密集架）').fill('2');
    await page.getByLabel('每列节数').fill('3');
    await page.getByLabel('每节层数').fill('4');
    await page.getByLabel('每层容量（盒）').fill('6');
    await page.getByRole('button', { name: '建立库房' }).click();
    await page.getByRole('heading', { name: '存放示意图 · 1库 业务档案库房' }).waitFor();
    expect(await page.locator('dl.kv').textContent()).toContain('24');

    // 上架: the unshelved box, then its shelf.
    await page.getByLabel('未上架的盒').selectOption({ label: `${CODE}（0001-0005）` });
    await page.getByRole('button', { name: '放到此层 1库-01列-1节-1层' }).click();
    await page.getByText(`${CODE} 已放到 1库-01列-1节-1层`).waitFor();
    const first = page.getByRole('cell', { name: '1库-01列-1节-1层' });
    await first.getByRole('button', { name: new RegExp(CODE) }).waitFor();
    expect(await first.textContent()).toContain('1/6');
    await screenshot(page, 'store-map');

    // 移位: pick the box on the map, put it on another shelf.
    await first.getByRole('button', { name: new RegExp(CODE) }).click();
    await page.getByRole('button', { name: '放到此层 1库-01列-2节-1层' }).click();
    await page.getByText(`${CODE} 已放到 1库-01列-2节-1层`).waitFor();
    const second = page.getByRole('cell', { name: '1库-01列-2节-1层' });
    await second.getByRole('button', { name: new RegExp(CODE) }).waitFor();
    expect(await first.getByRole('button', { name: new RegExp(CODE) }).count()).toBe(0);
    await screenshot(page, 'store-map-moved');

    // The box knows where it stands; the movements are registered.
    await page.goto(`/store/boxes/${boxId}`);
    await page.getByRole('link', { name: '1库-01列-2节-1层' }).waitFor();
    await page.getByRole('link', { name: '出入库登记' }).click();
    await page.getByRole('heading', { name: '出入库登记', level: 1 }).waitFor();
    const moves = page.getByRole('table').getByRole('row');
    await moves.nth(2).waitFor();
    const text = (await moves.allTextContents()).join('\n');
    expect(text).toContain('入库上架');
    expect(text).toContain('移位');
    const register = await documentBehind(page, '打开 PDF');
    expect(register.status).toBe(200);
    expect(register.type).toContain('application/pdf');
    await screenshot(page, 'store-movements');
    await context.close();
  });

  it('keeps the storage map usable at 200% zoom', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.setViewportSize({ width: 683, height: 384 });
    await page.goto('/store/locations');
    await page
      .getByRole('link', { name: /^存放示意图/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /存放示意图 · 1库/ }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'store-map-zoom');
    await context.close();
  });
});
