import type { Collection, Db, Filter } from 'mongodb';
import type { AuditQuery, AuditTrail } from '../../core/audit/audit-trail.port';
import { sealAuditEntry, type AuditDraft, type AuditEntry } from '../../core/audit/audit.model';
import { isDuplicateKey } from './mongo.database';
import { rethrow } from './mongo.shared-errors';

/**
 * One sealed entry, `_id` = seq. `details` is kept as the JSON text SQLite keeps: the chain's hash covers
 * the details as written, and free-form keys (a `.` or a leading `$`) are not valid MongoDB field names.
 */
interface AuditDocument {
  _id: number;
  at: string;
  actorId: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditEntry['outcome'];
  details: string;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

const toEntry = (d: AuditDocument): AuditEntry => ({
  seq: d._id,
  at: d.at,
  actorId: d.actorId,
  actor: d.actor,
  action: d.action,
  target: d.target,
  outcome: d.outcome,
  details: JSON.parse(d.details) as Record<string, unknown>,
  requestId: d.requestId,
  prevHash: d.prevHash,
  hash: d.hash,
});

const toDocument = (e: AuditEntry): AuditDocument => ({
  _id: e.seq,
  at: e.at,
  actorId: e.actorId,
  actor: e.actor,
  action: e.action,
  target: e.target,
  outcome: e.outcome,
  details: JSON.stringify(e.details),
  requestId: e.requestId,
  prevHash: e.prevHash,
  hash: e.hash,
});

/**
 * The audit trail in MongoDB (`audit`). An append seals the draft onto the last entry and inserts it as
 * `_id` = seq: of two processes sealing onto the same entry, the unique `_id` takes exactly one, and the
 * other re-reads the new last entry and seals again, so the chain never forks (no transaction needed).
 * Within a process appends run one at a time onto the last entry it wrote, so they do not collide with
 * each other and cost one round trip each.
 */
export class MongoAuditTrail implements AuditTrail {
  private readonly audit: Collection<AuditDocument>;
  /** The last entry as this process knows it; undefined when it must be read (start, after a collision). */
  private last: Pick<AuditEntry, 'seq' | 'hash'> | null | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(db: Db) {
    this.audit = db.collection<AuditDocument>('audit');
  }

  append(draft: AuditDraft): Promise<AuditEntry> {
    const appended = this.queue.then(() => this.appendNow(draft));
    this.queue = appended.catch(() => undefined);
    return appended;
  }

  private async appendNow(draft: AuditDraft): Promise<AuditEntry> {
    try {
      for (;;) {
        if (this.last === undefined) {
          const d = await this.audit.findOne({}, { sort: { _id: -1 }, projection: { _id: 1, hash: 1 } });
          this.last = d ? { seq: d._id, hash: d.hash } : null;
        }
        const entry = sealAuditEntry(this.last, draft);
        try {
          await this.audit.insertOne(toDocument(entry));
          this.last = entry;
          return entry;
        } catch (e) {
          this.last = undefined;
          if (!isDuplicateKey(e)) throw e;
        }
      }
    } catch (e) {
      rethrow('Could not append to the audit trail.', e);
    }
  }

  async list(q: AuditQuery): Promise<AuditEntry[]> {
    if (q.limit < 1) return []; // MongoDB reads `limit(0)` as no limit at all
    const filter: Filter<AuditDocument> = {};
    if (q.actor !== undefined) filter.actor = q.actor;
    if (q.action !== undefined) filter.action = q.action;
    if (q.target !== undefined) filter.target = q.target;
    if (q.beforeSeq !== undefined) filter._id = { $lt: q.beforeSeq };
    try {
      const docs = await this.audit.find(filter).sort({ _id: -1 }).limit(q.limit).toArray();
      return docs.map(toEntry);
    } catch (e) {
      rethrow('Could not read the audit trail.', e);
    }
  }

  async *scan(fromSeq: number, batch: number): AsyncIterable<AuditEntry> {
    if (batch < 1) return;
    let next = fromSeq;
    for (;;) {
      let docs: AuditDocument[];
      try {
        docs = await this.audit
          .find({ _id: { $gte: next } })
          .sort({ _id: 1 })
          .limit(batch)
          .toArray();
      } catch (e) {
        rethrow('Could not read the audit trail.', e);
      }
      for (const d of docs) yield toEntry(d);
      const last = docs[docs.length - 1];
      if (!last || docs.length < batch) return;
      next = last._id + 1;
    }
  }
}
