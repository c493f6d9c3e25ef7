import type { EnqueueOptions, Job, JobQueue, JobState } from '../../core/jobs/job-queue.port';
import { newId, type JobId } from '../../core/shared/ids';
import type { Clock } from '../../core/shared/clock.port';
import type { Db } from './sqlite.database';

/** A row of the `jobs` table (the migration to production reads them too). */
export interface JobRow {
  id: JobId;
  type: string;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: string;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

export const toJob = (r: JobRow): Job => ({
  id: r.id,
  type: r.type,
  payload: JSON.parse(r.payload) as unknown,
  state: r.state,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: r.run_at,
  lastError: r.last_error,
  leaseOwner: r.lease_owner,
  leaseUntil: r.lease_until,
});

/**
 * A persistent job queue in SQLite. Claiming is one IMMEDIATE transaction: the oldest ready job, or a
 * running job whose lease has run out (its worker died), is leased to the caller.
 */
export class SqliteJobQueue implements JobQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async enqueue(type: string, payload: unknown, o: EnqueueOptions = {}): Promise<JobId> {
    const now = this.clock.now().toISOString();
    return this.db
      .transaction(() => {
        if (o.key) {
          const live = this.db
            .prepare("SELECT id FROM jobs WHERE key = ? AND state = 'queued'")
            .pluck()
            .get(o.key) as JobId | undefined;
          if (live) return live;
        }
        const id = newId<'JobId'>('job');
        this.db
          .prepare(
            `INSERT INTO jobs (id, type, payload, state, attempts, max_attempts, run_at, key, created_at, updated_at)
             VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            type,
            JSON.stringify(payload ?? null),
            o.maxAttempts ?? 5,
            (o.runAt ?? this.clock.now()).toISOString(),
            o.key ?? null,
            now,
            now,
          );
        return id;
      })
      .immediate();
  }

  async claim(worker: string, types: readonly string[], leaseMs: number, now: Date): Promise<Job | null> {
    if (types.length === 0) return null;
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const marks = types.map(() => '?').join(', ');
    return this.db
      .transaction(() => {
        // A job whose worker died with it on every attempt does not loop for ever.
        this.db
          .prepare(
            `UPDATE jobs SET state = 'dead', last_error = COALESCE(last_error, 'lease expired on every attempt'), lease_owner = NULL, lease_until = NULL, updated_at = ?
             WHERE state = 'running' AND lease_until <= ? AND attempts >= max_attempts`,
          )
          .run(at, at);
        const row = this.db
          .prepare(
            `SELECT * FROM jobs WHERE type IN (${marks}) AND (
               (state = 'queued' AND run_at <= ?) OR (state = 'running' AND lease_until <= ?)
             ) ORDER BY run_at, rowid LIMIT 1`,
          )
          .get(...types, at, at) as JobRow | undefined;
        if (!row) return null;
        this.db
          // The key only dedupes queued jobs: once running, a new enqueue for the same key must queue again.
          .prepare(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, key = NULL, lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ?",
          )
          .run(worker, until, at, row.id);
        return toJob({
          ...row,
          state: 'running',
          attempts: row.attempts + 1,
          lease_owner: worker,
          lease_until: until,
        });
      })
      .immediate();
  }

  async complete(id: JobId, worker: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'",
      )
      .run(this.clock.now().toISOString(), id, worker);
  }

  async renew(id: JobId, worker: string, leaseMs: number, now: Date): Promise<boolean> {
    const result = this.db
      .prepare(
        "UPDATE jobs SET lease_until = ?, updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'",
      )
      .run(new Date(now.getTime() + leaseMs).toISOString(), now.toISOString(), id, worker);
    return result.changes === 1;
  }

  async fail(id: JobId, worker: string, error: string, retryAt: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
           run_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE id = ? AND lease_owner = ? AND state = 'running'`,
      )
      .run(retryAt.toISOString(), error.slice(0, 2000), this.clock.now().toISOString(), id, worker);
  }

  async get(id: JobId): Promise<Job | null> {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return r ? toJob(r) : null;
  }

  async counts(): Promise<Record<JobState, number>> {
    const out: Record<JobState, number> = { queued: 0, running: 0, done: 0, dead: 0 };
    for (const r of this.db.prepare('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as {
      state: JobState;
      n: number;
    }[])
      out[r.state] = r.n;
    return out;
  }
}
