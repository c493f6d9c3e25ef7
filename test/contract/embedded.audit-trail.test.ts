import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite, type Db } from '../../server/adapters/sqlite/sqlite.database';
import { SqliteAuditTrail } from '../../server/adapters/sqlite/sqlite.audit-trail';
import { hashAuditEntry } from '../../server/core/audit/audit.model';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import { auditDraft, auditTrailContract } from './audit-trail.contract';

function openTemp(): { db: Db; cleanup(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'audit-contract-'));
  const db = openSqlite(join(dir, 'meta.sqlite'), METADATA_MIGRATIONS);
  return {
    db,
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

auditTrailContract('SqliteAuditTrail', async () => {
  const { db, cleanup } = openTemp();
  return { trail: new SqliteAuditTrail(db), cleanup };
});

describe('SqliteAuditTrail: tampering', () => {
  let db: Db;
  let trail: SqliteAuditTrail;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ db, cleanup } = openTemp());
    trail = new SqliteAuditTrail(db);
    for (let n = 1; n <= 5; n++) await trail.append(auditDraft(n));
  });
  afterEach(async () => {
    await cleanup();
  });

  it('the triggers refuse UPDATE and DELETE while they exist', async () => {
    expect(() => db.prepare("UPDATE audit SET details = '{}' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(5);
    expect(await verifyAuditChain(trail)).toMatchObject({ ok: true, entries: 5 });
  });

  it('an edited row is found: hash_mismatch at its seq', async () => {
    db.exec('DROP TRIGGER audit_no_update');
    const details = JSON.stringify({ ...auditDraft(3).details, n: 999 });
    expect(db.prepare('UPDATE audit SET details = ? WHERE seq = 3').run(details).changes).toBe(1);
    expect(await verifyAuditChain(trail)).toEqual({
      ok: false,
      entries: 2,
      brokenAt: 3,
      reason: 'hash_mismatch',
    });
    expect(await verifyAuditChain(trail, 2)).toEqual({
      ok: false,
      entries: 2,
      brokenAt: 3,
      reason: 'hash_mismatch',
    });
  });

  it('a re-hashed edit is found at the next entry: prev_hash_mismatch', async () => {
    db.exec('DROP TRIGGER audit_no_update');
    const forged = auditDraft(3, { details: { forged: true } });
    const prev = db.prepare('SELECT prev_hash FROM audit WHERE seq = 3').pluck().get() as string;
    db.prepare('UPDATE audit SET details = ?, hash = ? WHERE seq = 3').run(
      JSON.stringify(forged.details),
      hashAuditEntry(3, prev, forged),
    );
    expect(await verifyAuditChain(trail)).toEqual({
      ok: false,
      entries: 3,
      brokenAt: 4,
      reason: 'prev_hash_mismatch',
    });
  });

  it('a deleted middle row is found: gap at its seq', async () => {
    db.exec('DROP TRIGGER audit_no_delete');
    expect(db.prepare('DELETE FROM audit WHERE seq = 3').run().changes).toBe(1);
    expect(await verifyAuditChain(trail)).toEqual({ ok: false, entries: 2, brokenAt: 3, reason: 'gap' });
  });
});
