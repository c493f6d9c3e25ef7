import { PASSWORD, startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

describe.each(testBackends())(
  'account administration: disable, enable, reset password (三员分立); scheme versions [%s backends]',
  (backend) => {
    let t: TestArchive;
    beforeAll(async () => {
      t = await startTestArchive({ backend });
    });
    afterAll(async () => t?.close());

    const idOf = async (token: string, username: string): Promise<string> =>
      (await t.api(token, '/api/accounts')).body.find((a: { username: string }) => a.username === username)
        .id;

    it('lets the administrator disable and enable an account, ending its sessions', async () => {
      const admin = await t.login('admin');
      const borrowerToken = await t.login('borrower');
      const id = await idOf(admin, 'borrower');
      const off = await t.api(admin, `/api/accounts/${id}/disable`, { method: 'POST' });
      expect(off.status).toBe(200);
      expect(off.body.disabled).toBe(true);
      expect(off.body.passwordHash).toBeUndefined();
      expect((await t.api(borrowerToken, '/api/auth/me')).status).toBe(401);
      const login = await t.api(null, '/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username: 'borrower', password: PASSWORD }),
      });
      expect(login.body.error.code).toBe('auth.account_disabled');
      const on = await t.api(admin, `/api/accounts/${id}/enable`, { method: 'POST' });
      expect(on.body.disabled).toBe(false);
      expect(await t.login('borrower')).toEqual(expect.any(String));
    });

    it('refuses the administrator their own account and the officers who oversee them', async () => {
      const admin = await t.login('admin');
      const me = (await t.api(admin, '/api/auth/me')).body.accountId;
      const own = await t.api(admin, `/api/accounts/${me}/disable`, { method: 'POST' });
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('account.own_account');
      const auditor = await t.api(admin, `/api/accounts/${await idOf(admin, 'auditor')}/disable`, {
        method: 'POST',
      });
      expect(auditor.status).toBe(403);
      expect(auditor.body.error.code).toBe('account.separated_duty');
    });

    it('lets only the administrator reset a password: a generated one, returned once', async () => {
      const admin = await t.login('admin');
      const security = await t.login('security');
      const id = await idOf(admin, 'appraiser2');
      const refused = await t.api(security, `/api/accounts/${id}/password`, { method: 'POST' });
      expect(refused.status).toBe(403);
      const reset = await t.api(admin, `/api/accounts/${id}/password`, { method: 'POST' });
      expect(reset.status).toBe(200);
      expect(reset.body.password).toMatch(/^[A-Za-z0-9]{20}$/);
      await expect(t.login('appraiser2')).rejects.toThrow();
      expect(await t.login('appraiser2', reset.body.password)).toEqual(expect.any(String));
      const audit = await t.api(await t.login('auditor'), '/api/audit?action=account.reset_password');
      expect(audit.body.entries[0]).toMatchObject({ actor: 'admin', target: id, outcome: 'ok' });
      expect(JSON.stringify(audit.body.entries[0])).not.toContain(reset.body.password);
    });

    it('lists the versions of a classification scheme and reads each', async () => {
      const archivist = await t.login('archivist');
      const current = await t.api(archivist, '/api/fonds/160/schemes/default');
      expect(current.status).toBe(200);
      const put = await t.api(archivist, '/api/fonds/160/schemes/default', {
        method: 'PUT',
        body: JSON.stringify({ expectedVersion: current.body.version, scheme: current.body.body }),
      });
      expect(put.status).toBe(201);
      const history = await t.api(archivist, '/api/fonds/160/schemes/default/history');
      expect(history.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      const v1 = await t.api(archivist, '/api/fonds/160/schemes/default?version=1');
      expect(v1.body.version).toBe(1);
      expect((await t.api(archivist, '/api/fonds/160/schemes/nope/history')).status).toBe(404);
      expect((await t.api(await t.login('admin'), '/api/fonds/160/schemes/default/history')).status).toBe(
        403,
      );
    });
  },
);
