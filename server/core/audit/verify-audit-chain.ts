import { GENESIS_HASH, hashAuditEntry, type AuditEntry } from './audit.model';
import type { AuditTrail } from './audit-trail.port';

export type ChainReport =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap' };

/**
 * Walks the chain from the first entry and reports the first broken link: an entry whose hash does not
 * match its content (edited), whose prevHash is not the previous entry's hash, or a missing seq (removed).
 */
export async function verifyAuditChain(trail: AuditTrail, batch = 1000): Promise<ChainReport> {
  let prev: AuditEntry | null = null;
  let count = 0;
  for await (const entry of trail.scan(1, batch)) {
    const expectedSeq = prev ? prev.seq + 1 : 1;
    if (entry.seq !== expectedSeq) return { ok: false, entries: count, brokenAt: expectedSeq, reason: 'gap' };
    const expectedPrev = prev ? prev.hash : GENESIS_HASH;
    if (entry.prevHash !== expectedPrev)
      return { ok: false, entries: count, brokenAt: entry.seq, reason: 'prev_hash_mismatch' };
    const { seq, prevHash, hash, ...draft } = entry;
    if (hashAuditEntry(seq, prevHash, draft) !== hash)
      return { ok: false, entries: count, brokenAt: entry.seq, reason: 'hash_mismatch' };
    prev = entry;
    count++;
  }
  return { ok: true, entries: count, lastHash: prev ? prev.hash : GENESIS_HASH };
}
