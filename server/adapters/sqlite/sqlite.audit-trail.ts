import type { AuditQuery, AuditTrail } from '../../core/audit/audit-trail.port';
import { sealAuditEntry, type AuditDraft, type AuditEntry } from '../../core/audit/audit.model';
import type { Db } from './sqlite.database';

interface Row {
  seq: number;
  at: string;
  actor_id: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditEntry['outcome'];
  details: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actor: r.actor,
  action: r.action,
  target: r.target,
  outcome: r.outcome,
  details: JSON.parse(r.details) as Record<string, unknown>,
  requestId: r.request_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The audit trail in SQLite. Appends run in an IMMEDIATE transaction, so two writers never fork the chain. */
export class SqliteAuditTrail implements AuditTrail {
  constructor(private readonly db: Db) {}

  async append(draft: AuditDraft): Promise<AuditEntry> {
    return this.db
      .transaction(() => {
        const last = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined;
        const entry = sealAuditEntry(last ?? null, draft);
        this.db
          .prepare(
            `INSERT INTO audit (seq, at, actor_id, actor, action, target, outcome, details, request_id, prev_hash, hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            entry.seq,
            entry.at,
            entry.actorId,
            entry.actor,
            entry.action,
            entry.target,
            entry.outcome,
            JSON.stringify(entry.details),
            entry.requestId,
            entry.prevHash,
            entry.hash,
          );
        return entry;
      })
      .immediate();
  }

  async list(q: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['actor = ?', q.actor],
      ['action = ?', q.action],
      ['target = ?', q.target],
      ['seq < ?', q.beforeSeq],
    ] as const) {
      if (value === undefined) continue;
      where.push(column);
      params.push(value);
    }
    const sql = `SELECT * FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, q.limit) as Row[]).map(toEntry);
  }

  async *scan(fromSeq: number, batch: number): AsyncIterable<AuditEntry> {
    let next = fromSeq;
    for (;;) {
      const rows = this.db
        .prepare('SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?')
        .all(next, batch) as Row[];
      for (const r of rows) yield toEntry(r);
      const last = rows[rows.length - 1];
      if (!last || rows.length < batch) return;
      next = last.seq + 1;
    }
  }
}
