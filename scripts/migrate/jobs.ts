import { toJob, type JobRow } from '../../server/adapters/sqlite/sqlite.job-queue';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { digestOf, MultisetDigest } from './digest';
import type { KindReport } from './report';

const KIND = 'jobs (not done)';

/** The columns the port's Job leaves out: the idempotency key and the times. */
type SourceJobRow = JobRow & { key: string | null; created_at: string; updated_at: string };

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
    .all() as SourceJobRow[];
  for (const r of rows) {
    const outcome = await ctx.target.jobs.restore({
      ...toJob(r),
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
