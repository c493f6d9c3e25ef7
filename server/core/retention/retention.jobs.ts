import { SYSTEM_ACTOR } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps } from '../deps';
import type { Job } from '../jobs/job-queue.port';
import type { JobHandler } from '../jobs/worker';
import { DUE_SNAPSHOTS, takeDueSnapshot, type DueSnapshot } from './due-list';
import { EXECUTE_DESTRUCTION_JOB, executeDestructionHandler } from './execute-destruction';
import { archiveDay, startOfArchiveDay, nextArchiveMidnight, isCalendarDay } from '../shared/calendar';

/** The daily due list (到期清单): a snapshot of the items falling due, taken at each local midnight. */
export const DUE_SNAPSHOT_JOB = 'retention.due-snapshot';

const dueJobKey = (day: string) => `retention.due:${day}`;

/** Queues the snapshot of `day`, to run at its local midnight (idempotent while queued, by key). */
async function queueDay(deps: Pick<CoreDeps, 'jobs'>, day: string, runAt: Date): Promise<void> {
  await deps.jobs.enqueue(DUE_SNAPSHOT_JOB, { day }, { key: dueJobKey(day), runAt, maxAttempts: 10 });
}

function dueSnapshotHandler(deps: CoreDeps): JobHandler {
  return async (job: Job) => {
    const { day } = job.payload as { day: string };
    if (typeof day !== 'string' || !isCalendarDay(day)) throw new Error('due snapshot job without a day');
    const snap = await takeDueSnapshot(deps, day);
    await recordAudit(deps, SYSTEM_ACTOR, { requestId: null }, 'retention.due_snapshot', snap.id, {
      day,
      items: snap.items,
      excluded: snap.excluded,
    });
    // Self-rescheduling: the next local midnight after now (a run late after downtime does not replay
    // every missed day; it catches up with today's list instead).
    const next = nextArchiveMidnight(deps.clock.now());
    await queueDay(deps, archiveDay(next), next);
  };
}

/** The retention jobs: the daily due list and destruction execution. */
export function retentionJobs(deps: CoreDeps): Record<string, JobHandler> {
  return {
    [DUE_SNAPSHOT_JOB]: dueSnapshotHandler(deps),
    [EXECUTE_DESTRUCTION_JOB]: executeDestructionHandler(deps),
  };
}

/**
 * Makes sure the next daily run is queued (idempotent): the next local midnight's, and today's now if
 * today has no snapshot yet (so the dashboard has one from the first start).
 */
export async function scheduleRetentionJobs(deps: CoreDeps): Promise<void> {
  const now = deps.clock.now();
  const today = archiveDay(now);
  const snaps = deps.records.collection<DueSnapshot>(DUE_SNAPSHOTS);
  if (!(await snaps.get(`due-${today}`))) await queueDay(deps, today, startOfArchiveDay(today));
  const next = nextArchiveMidnight(now);
  await queueDay(deps, archiveDay(next), next);
}
