import type { AuditDraft, AuditEntry } from './audit.model';

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  /** Entries with seq below this (newest first paging). */
  beforeSeq?: number;
  limit: number;
}

/**
 * Port: the append-only audit store. `append` seals the entry onto the chain atomically (concurrent
 * appends never fork it). There is no update and no delete.
 */
export interface AuditTrail {
  append(draft: AuditDraft): Promise<AuditEntry>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditEntry[]>;
  /** Oldest first from `fromSeq`, for verification. */
  scan(fromSeq: number, batch: number): AsyncIterable<AuditEntry>;
}
