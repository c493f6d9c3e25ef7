import { PASSWORD, startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

describe.each(testBackends())('API: accounts and sessions [%s backends]', (backend) => {
  let t: TestArchive;
  beforeAll(async () => (t = await startTestArchive({ backend })));
  afterAll(async () => t.close());

  it('logs in with a token and an HTTP-only cookie, and says who you are', async () => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'archivist', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/archive_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const body = (await res.json()) as { token: string; account: Record<string, unknown> };
    expect(body.account).not.toHaveProperty('passwordHash');
    const viaCookie = await fetch(`${t.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(((await viaCookie.json()) as { username: string }).username).toBe('archivist');
    const me = await t.api(body.token, '/api/auth/me');
    expect(me.body).toMatchObject({ username: 'archivist', roles: ['archivist'] });
    expect(me.body.permissions).toContain('item.create');
  });

  it('gives one answer for a wrong password and an unknown user', async () => {
    const a = await t.api(null, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'archivist', password: 'wrong-password' }),
    });
    const b = await t.api(null, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
    });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error.code).toBe('auth.invalid_credentials');
    expect(b.body.error.code).toBe(a.body.error.code);
    expect(b.body.error.message).toBe(a.body.error.message);
  });

  it('locks an account after five failures, even for the right password, until the security officer unlocks it', async () => {
    for (let i = 0; i < 5; i++)
      await t.api(null, '/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username: 'approver', password: 'wrong-password' }),
      });
    const locked = await t.api(null, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'approver', password: PASSWORD }),
    });
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('auth.account_locked');
    const security = await t.login('security');
    const accounts = await t.api(security, '/api/accounts');
    const approver = accounts.body.find((a: { username: string }) => a.username === 'approver');
    expect((await t.api(security, `/api/accounts/${approver.id}/unlock`, { method: 'POST' })).status).toBe(
      200,
    );
    expect(await t.login('approver')).toEqual(expect.any(String));
  });

  it('ends the session on logout', async () => {
    const token = await t.login('clerk');
    expect((await t.api(token, '/api/auth/logout', { method: 'POST' })).status).toBe(204);
    const after = await t.api(token, '/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('auth.unauthenticated');
  });

  it('refuses every API route without a session', async () => {
    for (const path of [
      '/api/items',
      '/api/search?q=养老',
      '/api/audit',
      '/api/fonds',
      '/api/catalogue/retention-table',
    ]) {
      const r = await t.api(null, path);
      expect(r.status).toBe(401);
      expect(r.body.requestId).toEqual(expect.any(String));
    }
    expect((await t.api('x'.repeat(43), '/api/items')).status).toBe(401);
  });

  it('keeps the three administrators apart (三员分立)', async () => {
    const admin = await t.login('admin');
    const security = await t.login('security');
    const auditor = await t.login('auditor');
    expect((await t.api(admin, '/api/items')).status).toBe(403);
    expect((await t.api(admin, '/api/audit')).status).toBe(403);
    expect((await t.api(security, '/api/audit')).status).toBe(403);
    expect((await t.api(auditor, '/api/accounts')).status).toBe(403);
    expect((await t.api(auditor, '/api/items')).status).toBe(403);
    const created = await t.api(admin, '/api/accounts', {
      method: 'POST',
      body: JSON.stringify({
        username: 'newaud',
        displayName: '新审计员',
        password: PASSWORD,
        roles: ['auditor'],
      }),
    });
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe('account.role_needs_security_officer');
    const plain = await t.api(admin, '/api/accounts', {
      method: 'POST',
      body: JSON.stringify({ username: 'newbie', displayName: '新人', password: PASSWORD }),
    });
    expect(plain.status).toBe(201);
    const mixed = await t.api(security, `/api/accounts/${plain.body.id}/roles`, {
      method: 'PUT',
      body: JSON.stringify({ roles: ['auditor', 'archivist'] }),
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.code).toBe('account.separation_of_duties');
    const me = await t.api(security, '/api/auth/me');
    const own = await t.api(security, `/api/accounts/${me.body.accountId}/roles`, {
      method: 'PUT',
      body: JSON.stringify({ roles: ['security_officer'] }),
    });
    expect(own.status).toBe(403);
    const ok = await t.api(security, `/api/accounts/${plain.body.id}/roles`, {
      method: 'PUT',
      body: JSON.stringify({ roles: ['archivist'] }),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.roles).toEqual(['archivist']);
  });
});
