import type { Browser, Page } from 'playwright-core';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(90_000);

/** The accounts table's row of `username`. */
const accountRow = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`);

describe('viewer: administration (三员分立 in the UI), the audit trail and the catalogue', () => {
  let t: TestArchive;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestArchive();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets the administrator create an account but not assign roles', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '系统管理' }).click();
    // The administrator's only section is accounts; the catalogue and the audit trail are not theirs.
    await page.getByRole('link', { name: '账号与角色' }).click();
    await page.getByRole('heading', { name: '账号与角色', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: '审计日志' }).count()).toBe(0);

    await page.getByLabel('用户名').fill('newclerk');
    await page.getByLabel('姓名').fill('新经办');
    await page.getByLabel('初始密码').fill('a-long-password-1');
    await page.getByRole('button', { name: '建立' }).click();
    await page.getByRole('status').filter({ hasText: '已建立账号 newclerk' }).waitFor();
    const row = accountRow(page, 'newclerk');
    expect(await row.textContent()).toContain('（未分配）');
    // No control to assign roles or unlock, anywhere on the page.
    expect(await page.getByRole('button', { name: '分配角色' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '解锁' }).count()).toBe(0);
    // The administrator resets passwords and disables (not the auditor's or the security officer's account).
    expect(await row.getByRole('button', { name: '重置密码' }).count()).toBe(1);
    expect(await accountRow(page, 'auditor').getByRole('button', { name: '停用' }).count()).toBe(0);

    // Refused anyway by the API: a direct PUT of roles.
    const id = await page.evaluate(async () => {
      const accounts = (await (await fetch('/api/accounts')).json()) as { id: string; username: string }[];
      return accounts.find((a) => a.username === 'newclerk')!.id;
    });
    const refused = await page.evaluate(async (accountId) => {
      const r = await fetch(`/api/accounts/${accountId}/roles`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ roles: ['clerk'], section: '养老保险科' }),
      });
      return { status: r.status, body: (await r.json()) as { error: { code: string; message: string } } };
    }, id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toEqual(expect.any(String));
    // And a refusal through the page shows the API's own message: the username is taken.
    await page.getByLabel('用户名').fill('newclerk');
    await page.getByLabel('姓名').fill('重名');
    await page.getByLabel('初始密码').fill('a-long-password-2');
    await page.getByRole('button', { name: '建立' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('account.exists');
    expect(await alert.textContent()).toContain('The username newclerk is taken.');

    // Reset a password: shown once.
    page.once('dialog', (d) => void d.accept());
    await accountRow(page, 'borrower').getByRole('button', { name: '重置密码' }).click();
    const secret = page.locator('.notice.password code');
    await secret.waitFor();
    const password = (await secret.textContent())!;
    expect(await t.login('borrower', password)).toEqual(expect.any(String));
    await screenshot(page, 'admin-accounts-admin');
    await context.close();
  });

  it('lets the security officer assign the clerk role and section, showing the API’s refusals', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'security');
    await page.goto('/admin/accounts');
    await accountRow(page, 'newclerk').waitFor();
    // The security officer does not create accounts or reset passwords.
    expect(await page.getByRole('heading', { name: '新建账号' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '重置密码' }).count()).toBe(0);
    // Nobody assigns their own roles: no control on the officer's own row.
    expect(await accountRow(page, 'security').getByRole('button', { name: '分配角色' }).count()).toBe(0);

    await accountRow(page, 'newclerk').getByRole('button', { name: '分配角色' }).click();
    const editor = page.getByRole('form', { name: '为 newclerk 分配角色' });
    // A separated duty held with another role is refused by the API, with its message.
    await editor.getByLabel('安全审计员').check();
    await editor.getByLabel('专职档案管理员').check();
    await editor.getByRole('button', { name: '保存' }).click();
    await editor.getByRole('alert').waitFor();
    expect(await editor.getByRole('alert').textContent()).toContain('account.separation_of_duties');
    await page.evaluate('scrollTo(0, 0)'); // the sticky table heading back in its place
    await screenshot(page, 'admin-accounts-security-refused');

    await editor.getByLabel('安全审计员').uncheck();
    await editor.getByLabel('专职档案管理员').uncheck();
    await editor.getByLabel('业务经办人员（兼职档案员）').check();
    await editor.getByLabel('业务科室', { exact: true }).fill('养老保险科');
    await editor.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已为 newclerk 保存角色' }).waitFor();
    const row = accountRow(page, 'newclerk');
    expect(await row.locator('.tag.role').allTextContents()).toEqual(['业务经办人员（兼职档案员）']);
    expect(await row.locator('td').nth(2).textContent()).toBe('养老保险科');
    await screenshot(page, 'admin-accounts-security');

    const token = await t.login('newclerk', 'a-long-password-1');
    const me = await t.api(token, '/api/auth/me');
    expect(me.body).toMatchObject({ roles: ['clerk'], section: '养老保险科' });
    await context.close();
  });

  it('shows the auditor the audit trail, newest first, a page at a time, and verifies the chain', async () => {
    // Enough entries for more than one page (each read of a statistics table is audited).
    const archivist = await t.login('archivist');
    for (let i = 0; i < 110; i++) await t.api(archivist, '/api/reports/holdings');

    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'auditor');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '系统管理' }).click();
    await page.getByRole('link', { name: '审计日志' }).click();
    const table = page.getByRole('table', { name: '审计记录' });
    await table.waitFor();
    const seqs = async () => (await table.locator('tbody tr td:first-child').allTextContents()).map(Number);
    const first = await seqs();
    expect(first).toHaveLength(100);
    expect([...first].sort((a, b) => b - a)).toEqual(first);
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.waitForFunction("document.querySelectorAll('table.audit tbody tr').length > 100");
    const all = await seqs();
    expect(all.length).toBeGreaterThan(100);
    expect(all[100]).toBe(first[99]! - 1);

    // Filters: what the security officer did to roles.
    await page.getByLabel('操作（如 account.create）').fill('account.roles');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForFunction(
      "[...document.querySelectorAll('table.audit tbody tr')].every((r) => r.textContent.includes('account.roles'))",
    );
    // The administrator's direct PUT was refused and recorded; the security officer's assignment went through.
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/security.*account\.roles.*成功/);
    expect(rows[1]).toMatch(/admin.*account\.roles.*拒绝/);

    await page.getByRole('button', { name: '校验审计链' }).click();
    const ok = page.getByRole('status').filter({ hasText: '审计链完整' });
    await ok.waitFor();
    await screenshot(page, 'admin-audit');
    await context.close();
  });

  it('shows the archivist the catalogue with its versions, and edits it with the API’s validation', async () => {
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'archivist');
    await page.goto('/admin');
    await page.getByRole('link', { name: '保管期限表' }).first().click();
    await page.getByRole('heading', { name: '保管期限表', level: 1 }).waitFor();
    await page.getByRole('table', { name: '归档范围与保管期限' }).waitFor();
    await page.getByLabel('类别').selectOption('GL');
    expect(await page.getByText(/^显示 \d+ \/ \d+ 条$/).textContent()).toMatch(/^显示 \d+ \//);

    // An edit the API refuses: a row naming a class that does not exist.
    await page.getByRole('button', { name: '编辑（JSON）' }).click();
    const json = page.getByLabel('JSON');
    const body = JSON.parse(await json.inputValue()) as { rows: { classCode: string; name: string }[] };
    body.rows[0]!.classCode = 'XX';
    await json.fill(JSON.stringify(body, null, 2));
    await page.getByLabel('修改说明').fill('测试：未知类别');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('catalogue.unknown_class');

    // A valid edit becomes version 2; version 1 stays readable.
    body.rows[0]!.classCode = 'GL';
    body.rows[0]!.name = `${body.rows[0]!.name}（已复核）`;
    await json.fill(JSON.stringify(body, null, 2));
    await page.getByLabel('修改说明').fill('复核第一行的材料名称');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByRole('status').filter({ hasText: '已保存第 2 版' }).waitFor();
    await page.getByRole('button', { name: '版本历史' }).click();
    await page.getByRole('button', { name: '查看 版本 1' }).click();
    await page.getByRole('status').filter({ hasText: '正在查看第 1 版' }).waitFor();
    expect(await page.getByRole('button', { name: '编辑（JSON）' }).count()).toBe(0);
    await screenshot(page, 'admin-catalogue');

    await page.getByRole('link', { name: '业务环节目录' }).click();
    await page.getByRole('table', { name: '业务环节' }).waitFor();
    await page.getByLabel('筛选（代码、名称或材料）').fill('增员');
    expect(await page.getByRole('table', { name: '业务环节' }).textContent()).toContain('在职职工增员申报表');
    await screenshot(page, 'admin-business-steps');

    await page.getByRole('link', { name: '全宗与分类方案' }).click();
    await page.getByRole('link', { name: '分类方案（160）' }).click();
    await page.getByText('{全宗号}', { exact: false }).first().waitFor();
    await page.getByRole('button', { name: '版本历史' }).click();
    await page.getByRole('table', { name: '版本历史' }).waitFor();
    await screenshot(page, 'admin-fonds');
    await context.close();
  });
});
