import { z } from 'zod';
import { SYSTEM_ACTOR } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps } from '../deps';
import type { JobHandler } from '../jobs/worker';
import { DomainError } from '../shared/errors';
import { loanRecords } from './loan-records';
import { daysOverdue, type Loan } from './loan.model';
import { archiveDay, startOfArchiveDay } from '../shared/calendar';

/** The daily overdue reminders (催还), run at 08:00 China time. */
export const LOAN_REMINDERS_JOB = 'loan.overdue-reminders';
const RUN_HOUR = 8;
const payloadSchema = z.strictObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
const DAY_MS = 24 * 3600_000;

/** When the run of local day `day` is due. */
function runAt(day: string): Date {
  return new Date(startOfArchiveDay(day).getTime() + RUN_HOUR * 3600_000);
}

function nextDay(day: string): string {
  return archiveDay(new Date(startOfArchiveDay(day).getTime() + DAY_MS + 3600_000));
}

/** Queues the run of `day` (idempotent: one queued job per day, by its key). */
async function schedule(deps: Pick<CoreDeps, 'jobs'>, day: string, at: Date): Promise<void> {
  await deps.jobs.enqueue(LOAN_REMINDERS_JOB, { day }, { key: `${LOAN_REMINDERS_JOB}:${day}`, runAt: at });
}

/**
 * Records a reminder (催还) on every physical loan overdue now, at most one per loan per day, so a run that
 * is repeated (a killed worker, a restart that queued the day again) reminds no one twice. Each reminder is
 * kept on the request (its `reminders`, shown to the borrower and the desk) and audited as the system.
 */
export async function sendOverdueReminders(deps: CoreDeps, day: string): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  for await (const listed of loanRecords(deps).all({ status: 'checked_out' })) {
    for (let attempt = 0; ; attempt++) {
      const loan: Loan | null = attempt === 0 ? listed : await loanRecords(deps).get(listed.id);
      if (!loan || loan.status !== 'checked_out' || !loan.due) break;
      const late = daysOverdue(loan.due, now);
      if (late === 0 || loan.reminders.some((r) => r.day === day)) break;
      const at = now.toISOString();
      try {
        await loanRecords(deps).update({
          ...loan,
          revision: loan.revision + 1,
          reminders: [...loan.reminders, { day, at, daysOverdue: late }],
          updatedAt: at,
        });
      } catch (e) {
        if (e instanceof DomainError && e.code === 'record.stale' && attempt < 4) continue;
        throw e;
      }
      await recordAudit(deps, SYSTEM_ACTOR, { requestId: null }, 'loan.reminder', loan.id, {
        number: loan.number,
        day,
        daysOverdue: late,
      });
      sent++;
      break;
    }
  }
  return sent;
}

/** The loan jobs: the daily overdue reminders, each run queueing the next (self-rescheduling). */
export function loanJobs(deps: CoreDeps): Record<string, JobHandler> {
  return {
    [LOAN_REMINDERS_JOB]: async (job) => {
      const { day } = payloadSchema.parse(job.payload);
      const today = archiveDay(deps.clock.now());
      if (day < today) {
        // A run left behind (the server was down): catch up once, today, instead of once per missed day.
        await schedule(deps, today, deps.clock.now());
        return;
      }
      await sendOverdueReminders(deps, day);
      const next = nextDay(day);
      await schedule(deps, next, runAt(next));
    },
  };
}

/** Makes sure today's run is queued (idempotent): at 08:00, or now when the server starts later. */
export async function scheduleLoanJobs(deps: CoreDeps): Promise<void> {
  const now = deps.clock.now();
  const today = archiveDay(now);
  const at = runAt(today);
  await schedule(deps, today, at > now ? at : now);
}
