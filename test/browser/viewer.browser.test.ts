import type { Browser } from 'playwright-core';
import { makeItem } from '../factories/item.factory';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(60_000);

describe('viewer: sign in and see what is waiting', () => {
  let t: TestArchive;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestArchive();
    browser = await launchBrowser();
    for (let i = 0; i < 3; i++) await t.stores.items.insert(makeItem({ year: 2025, date: '20250610' }));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong password with the API’s message, then signs in to the dashboard', async () => {
    const { context, page } = await openViewer(browser, t);
    await page.goto('/');
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // The API's code and message, and the common refusal said in Chinese first.
    expect(await alert.textContent()).toContain('auth.invalid_credentials');
    expect(await alert.textContent()).toContain('用户名或密码错误');
    await screenshot(page, 'login-refused');

    await signIn(page, 'clerk');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    const card = page.locator('[data-key="items_to_pre_archive"]');
    expect(await card.locator('.count').textContent()).toBe('3');
    expect(await card.textContent()).toContain('待预立卷的件');
    // The clerk's navigation holds what a clerk does, and not the archive's work.
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: '移交验收' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: '鉴定销毁' }).count()).toBe(0);
    await screenshot(page, 'dashboard-clerk');
    await context.close();
  });

  it('serves the viewer for any page path, and switches to English labels', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.goto('/no/such/page');
    await page.getByText('没有这个页面。').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'To do' }).click();
    await page.getByRole('heading', { name: 'To do' }).waitFor();
    await screenshot(page, 'dashboard-archivist-en');
    await context.close();
  });
});
