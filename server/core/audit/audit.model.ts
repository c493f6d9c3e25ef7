import { createHash } from 'node:crypto';

/**
 * The audit trail: append-only and hash-chained. Each entry carries the previous entry's hash, and its own
 * hash covers every field, so altering or removing any entry breaks the chain from that point on.
 */
export interface AuditDraft {
  at: string;
  actorId: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  details: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditEntry extends AuditDraft {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: object keys sorted at every depth, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function hashAuditEntry(seq: number, prevHash: string, draft: AuditDraft): string {
  const body = canonicalJson({ seq, prevHash, ...draft });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Seals a draft onto the chain after `previous` (or the genesis). */
export function sealAuditEntry(
  previous: Pick<AuditEntry, 'seq' | 'hash'> | null,
  draft: AuditDraft,
): AuditEntry {
  const seq = previous ? previous.seq + 1 : 1;
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  return { ...draft, seq, prevHash, hash: hashAuditEntry(seq, prevHash, draft) };
}
