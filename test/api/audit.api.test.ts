import type Database from 'better-sqlite3';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import { ITEM, PNG_1x1, itemForm, startTestArchive, type TestArchive } from '../support/test-archive';

describe('API: the audit trail', () => {
  let t: TestArchive;
  beforeAll(async () => (t = await startTestArchive()));
  afterAll(async () => t.close());

  it('records logins, writes, reads of items and pages, searches and refusals; only the auditor reads it', async () => {
    const clerk = await t.login('clerk');
    await t.api(null, '/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'clerk', password: 'wrong-password' }),
    });
    const created = await t.api(clerk, '/api/items', {
      method: 'POST',
      body: itemForm(ITEM, [{ name: 'a.png', data: PNG_1x1 }]),
    });
    const id = created.body.id;
    await t.api(clerk, `/api/items/${id}`);
    await t.api(clerk, `/api/items/${id}/pages/1`);
    await t.api(clerk, `/api/search?q=${encodeURIComponent('养老')}`);
    await t.api(clerk, `/api/items/${id}/accession`, { method: 'POST' });

    const archivist = await t.login('archivist');
    expect((await t.api(archivist, '/api/audit')).status).toBe(403);
    const auditor = await t.login('auditor');
    const r = await t.api(auditor, '/api/audit?limit=500');
    expect(r.status).toBe(200);
    const seen = r.body.entries.map(
      (e: { actor: string; action: string; outcome: string }) => `${e.actor} ${e.action} ${e.outcome}`,
    );
    expect(seen).toEqual(
      expect.arrayContaining([
        'clerk auth.login ok',
        'clerk auth.login failed',
        'clerk item.create ok',
        'clerk item.read ok',
        'clerk page.read ok',
        'clerk search ok',
        'clerk item.accession denied',
        'archivist audit.read denied',
      ]),
    );
    const pageRead = r.body.entries.find((e: { action: string }) => e.action === 'page.read');
    expect(pageRead).toMatchObject({ target: id, details: { page: 1 } });
    const failed = r.body.entries.find(
      (e: { action: string; outcome: string }) => e.action === 'auth.login' && e.outcome === 'failed',
    );
    expect(JSON.stringify(failed)).not.toContain('wrong-password');
  });

  it('verifies, and breaks at the first entry edited by hand', async () => {
    const before = await verifyAuditChain(t.archive.deps.audit);
    expect(before.ok).toBe(true);
    const auditor = await t.login('auditor');
    const checked = await t.api(auditor, '/api/audit/verify');
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ ok: true });
    expect((await t.api(await t.login('archivist'), '/api/audit/verify')).status).toBe(403);
    const db = (t.stores.items as unknown as { db: Database.Database }).db;
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare('UPDATE audit SET details = \'{"page":2}\' WHERE seq = 5').run();
    const after = await verifyAuditChain(t.archive.deps.audit);
    expect(after).toMatchObject({ ok: false, brokenAt: 5, reason: 'hash_mismatch' });
    const broken = await t.api(auditor, '/api/audit/verify');
    expect(broken.body).toMatchObject({ ok: false, brokenAt: 5, reason: 'hash_mismatch' });
  });
});
