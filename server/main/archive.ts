import type { CoreDeps } from '../core/deps';
import type { JobQueue } from '../core/jobs/job-queue.port';
import { Worker, type WorkerLog } from '../core/jobs/worker';
import { INDEX_ITEM_JOB } from '../core/search/request-indexing';
import { ensureCatalogueSeeded } from '../core/catalogue/catalogue-service';
import { indexItemHandler, sweepStaleIndex } from '../../search/indexer';
import { PAGE_FILE_JOB, pageFileHandler } from '../../ingest/page-file.stage';
import { SPLIT_BATCH_JOB, splitBatchHandler } from '../../ingest/split-batch.stage';
import { PROCESS_DRAFT_JOB, processDraftHandler } from '../../ingest/process-draft';
import { retentionJobs, scheduleRetentionJobs } from '../core/retention/retention.jobs';
import { loanJobs, scheduleLoanJobs } from '../core/loans/loan.jobs';
import { claimRepairJobs, scheduleClaimRepair } from '../core/records/repair-claims';

/** Wraps a queue so that every enqueue wakes the in-process worker at once. */
function wakingQueue(queue: JobQueue, wake: () => void): JobQueue {
  return new Proxy(queue, {
    get(target, prop, receiver) {
      if (prop === 'enqueue') {
        return async (...args: Parameters<JobQueue['enqueue']>) => {
          const id = await target.enqueue(...args);
          wake();
          return id;
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface Archive {
  deps: CoreDeps;
  worker: Worker;
  /** Starts the worker role: sweeps the index for anything left behind, then works the queue. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the worker role (job handlers) to the ports, and seeds the catalogue on first start. */
export async function assembleArchive(base: CoreDeps, log: WorkerLog, concurrency: number): Promise<Archive> {
  let worker: Worker | null = null;
  const deps: CoreDeps = { ...base, jobs: wakingQueue(base.jobs, () => worker?.wake()) };
  worker = new Worker(
    deps.jobs,
    {
      [INDEX_ITEM_JOB]: indexItemHandler(deps),
      [PAGE_FILE_JOB]: pageFileHandler(deps),
      [SPLIT_BATCH_JOB]: splitBatchHandler(deps),
      [PROCESS_DRAFT_JOB]: processDraftHandler(deps),
      ...retentionJobs(deps),
      ...loanJobs(deps),
      ...claimRepairJobs(deps),
    },
    deps.clock,
    { id: `worker-${process.pid}`, leaseMs: 60_000, pollMs: 1000, concurrency },
    log,
  );
  await ensureCatalogueSeeded(deps);
  const w = worker;
  let sweep: ReturnType<typeof setInterval> | null = null;
  return {
    deps,
    worker: w,
    async startWorker() {
      await sweepStaleIndex(deps);
      await scheduleRetentionJobs(deps);
      await scheduleLoanJobs(deps);
      await scheduleClaimRepair(deps);
      w.start();
      sweep = setInterval(
        () =>
          void sweepStaleIndex(deps).catch((e: unknown) =>
            log.error({ err: String(e) }, 'index sweep failed'),
          ),
        5 * 60_000,
      );
      sweep.unref();
    },
    async stop() {
      if (sweep) clearInterval(sweep);
      await w.stop();
      await deps.media.ocr.close();
    },
  };
}
