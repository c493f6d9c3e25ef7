import type { AuditTrail } from '../../server/core/audit/audit-trail.port';
import {
  GENESIS_HASH,
  hashAuditEntry,
  type AuditDraft,
  type AuditEntry,
} from '../../server/core/audit/audit.model';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';

export interface AuditTrailFixture {
  trail: AuditTrail;
  cleanup(): Promise<void>;
}

export function auditDraft(n: number, over: Partial<AuditDraft> = {}): AuditDraft {
  return {
    at: new Date(Date.UTC(2025, 2, 1, 8, 0, n)).toISOString(),
    actorId: `acc_${n % 3}`,
    actor: ['admin', 'clerk1', 'auditor'][n % 3] ?? 'admin',
    action: n % 2 ? 'item.update' : 'item.create',
    target: n % 4 === 0 ? null : `itm_${n % 4}`,
    outcome: 'ok',
    details: { n, 名称: '养老保险', nested: { list: [1, 'two', null], flag: true } },
    requestId: n % 5 === 0 ? null : `req_${n}`,
    ...over,
  };
}

async function collect(it: AsyncIterable<AuditEntry>): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const seqs = (entries: readonly AuditEntry[]): number[] => entries.map((e) => e.seq);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The AuditTrail contract: every adapter must pass it unchanged. `make` returns a fresh, empty trail. */
export function auditTrailContract(name: string, make: () => Promise<AuditTrailFixture>): void {
  describe(`AuditTrail contract: ${name}`, () => {
    let fx: AuditTrailFixture;
    let trail: AuditTrail;
    beforeEach(async () => {
      fx = await make();
      trail = fx.trail;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    const appendMany = async (count: number): Promise<AuditEntry[]> => {
      const out: AuditEntry[] = [];
      for (let n = 1; n <= count; n++) out.push(await trail.append(auditDraft(n)));
      return out;
    };

    it('append seals seq 1, 2, 3 onto a hash chain from the genesis', async () => {
      const [a, b, c] = await appendMany(3);
      expect(seqs([a!, b!, c!])).toEqual([1, 2, 3]);
      expect(a!.prevHash).toBe(GENESIS_HASH);
      expect(b!.prevHash).toBe(a!.hash);
      expect(c!.prevHash).toBe(b!.hash);
      for (const [i, e] of [a!, b!, c!].entries()) {
        expect(e).toMatchObject(auditDraft(i + 1));
        expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(e.hash).toBe(hashAuditEntry(e.seq, e.prevHash, auditDraft(i + 1)));
      }
      expect(new Set([a!.hash, b!.hash, c!.hash]).size).toBe(3);
    });

    it('entries read back exactly as sealed', async () => {
      const written = await appendMany(6);
      const listed = await trail.list({ limit: 100 });
      expect(listed).toEqual([...written].reverse());
      expect(await collect(trail.scan(1, 100))).toEqual(written);
    });

    it('list is newest first and honours limit', async () => {
      await appendMany(10);
      expect(seqs(await trail.list({ limit: 3 }))).toEqual([10, 9, 8]);
      expect(seqs(await trail.list({ limit: 100 }))).toEqual(range(1, 10).reverse());
    });

    it('list filters by actor, action, target and beforeSeq, alone and together', async () => {
      const all = await appendMany(12);
      const expectSeqs = (pred: (e: AuditEntry) => boolean) => seqs(all.filter(pred)).reverse();

      expect(seqs(await trail.list({ actor: 'clerk1', limit: 100 }))).toEqual(
        expectSeqs((e) => e.actor === 'clerk1'),
      );
      expect(seqs(await trail.list({ action: 'item.update', limit: 100 }))).toEqual(
        expectSeqs((e) => e.action === 'item.update'),
      );
      expect(seqs(await trail.list({ target: 'itm_1', limit: 100 }))).toEqual(
        expectSeqs((e) => e.target === 'itm_1'),
      );
      expect(seqs(await trail.list({ beforeSeq: 5, limit: 100 }))).toEqual([4, 3, 2, 1]);
      expect(seqs(await trail.list({ beforeSeq: 11, limit: 2 }))).toEqual([10, 9]);
      expect(
        seqs(await trail.list({ actor: 'clerk1', action: 'item.update', beforeSeq: 10, limit: 100 })),
      ).toEqual(expectSeqs((e) => e.actor === 'clerk1' && e.action === 'item.update' && e.seq < 10));
      expect(seqs(await trail.list({ actor: 'clerk1', limit: 1 }))).toEqual(
        expectSeqs((e) => e.actor === 'clerk1').slice(0, 1),
      );
      expect(await trail.list({ actor: 'nobody', limit: 100 })).toEqual([]);
      expect(await trail.list({ beforeSeq: 1, limit: 100 })).toEqual([]);
    });

    it('scan yields every entry in order, in batches smaller than the count', async () => {
      await appendMany(10);
      expect(seqs(await collect(trail.scan(1, 3)))).toEqual(range(1, 10));
      expect(seqs(await collect(trail.scan(1, 5)))).toEqual(range(1, 10));
      expect(seqs(await collect(trail.scan(1, 1)))).toEqual(range(1, 10));
      expect(seqs(await collect(trail.scan(4, 3)))).toEqual(range(4, 10));
      expect(seqs(await collect(trail.scan(10, 3)))).toEqual([10]);
      expect(await collect(trail.scan(11, 3))).toEqual([]);
    });

    it('scan of an empty trail yields nothing, and an empty chain verifies', async () => {
      expect(await collect(trail.scan(1, 10))).toEqual([]);
      expect(await verifyAuditChain(trail)).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH });
    });

    it('50 concurrent appends produce seq 1..50 on one unbroken chain', async () => {
      const entries = await Promise.all(
        Array.from({ length: 50 }, (_, i) => trail.append(auditDraft(i + 1))),
      );
      expect(seqs(entries).sort((a, b) => a - b)).toEqual(range(1, 50));
      const last = entries.find((e) => e.seq === 50)!;
      expect(await verifyAuditChain(trail, 7)).toEqual({ ok: true, entries: 50, lastHash: last.hash });
      const scanned = await collect(trail.scan(1, 7));
      for (let i = 1; i < scanned.length; i++) expect(scanned[i]!.prevHash).toBe(scanned[i - 1]!.hash);
    });

    it('verifyAuditChain reports ok on a good chain', async () => {
      const written = await appendMany(25);
      expect(await verifyAuditChain(trail, 4)).toEqual({
        ok: true,
        entries: 25,
        lastHash: written[24]!.hash,
      });
      expect(await verifyAuditChain(trail)).toEqual({ ok: true, entries: 25, lastHash: written[24]!.hash });
    });

    it('denied and failed outcomes and null fields keep the chain verifiable', async () => {
      await trail.append(auditDraft(1, { outcome: 'denied', target: null, requestId: null, details: {} }));
      await trail.append(
        auditDraft(2, { outcome: 'failed', details: { reason: 'unknown_user', attempts: 0 } }),
      );
      const listed = await trail.list({ limit: 10 });
      expect(listed.map((e) => e.outcome)).toEqual(['failed', 'denied']);
      expect(listed[1]).toMatchObject({ target: null, requestId: null, details: {} });
      expect(await verifyAuditChain(trail)).toMatchObject({ ok: true, entries: 2 });
    });
  });
}
