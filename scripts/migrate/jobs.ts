import type { JobState } from '../../server/core/jobs/job-queue.port';
import type { JobId } from '../../server/core/shared/ids';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { digestOf, MultisetDigest } from './digest';
import type { KindReport } from './report';

const KIND = 'jobs (not done)';

interface JobRow {
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
  key: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Jobs still to run or to look at: queued, dead, and running ones (their worker stopped with the source,
 * so their lease runs out and a production worker takes them over, as the embedded worker would have).
 * Done jobs are history the queue never reads again: not copied. Read with SQL (the port lists no jobs).
 * The digest covers `id:state:attempts`.
 */
export async function migrateJobs(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('jobs');
  const tally = newTally();
  const rows = ctx.source.sql
    .prepare("SELECT * FROM jobs WHERE state <> 'done' ORDER BY rowid")
    .all() as JobRow[];
  for (const r of rows) {
    const outcome = await ctx.target.jobs.restore({
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
      key: r.key,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
    if (outcome === 'copied') tally.copied++;
    else tally.present++;
    ctx.tick(KIND);
  }
  const target = new MultisetDigest();
  for await (const j of ctx.target.jobs.states())
    if (j.state !== 'done') target.add(`${j.id}:${j.state}:${j.attempts}`);
  return {
    kind: KIND,
    source: digestOf(rows.map((r) => `${r.id}:${r.state}:${r.attempts}`)),
    target: target.side,
    ...tally,
  };
}
