import type { CoreDeps } from '../deps';
import type { JobHandler } from '../jobs/worker';

/** The loan jobs: daily overdue reminders and grant expiry. */
export function loanJobs(_deps: CoreDeps): Record<string, JobHandler> {
  return {};
}

/** Makes sure the next daily run is queued (idempotent). */
export async function scheduleLoanJobs(_deps: CoreDeps): Promise<void> {}
