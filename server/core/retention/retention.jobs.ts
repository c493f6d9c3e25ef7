import type { CoreDeps } from '../deps';
import type { JobHandler } from '../jobs/worker';

/** The retention jobs: the daily due list and destruction execution. */
export function retentionJobs(_deps: CoreDeps): Record<string, JobHandler> {
  return {};
}

/** Makes sure the next daily run is queued (idempotent). */
export async function scheduleRetentionJobs(_deps: CoreDeps): Promise<void> {}
