import type { JobId } from '../shared/ids';

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface Job {
  id: JobId;
  type: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
}

export interface EnqueueOptions {
  /** Earliest start; default now. */
  runAt?: Date;
  maxAttempts?: number;
  /** Idempotency key: while a job with this key is still queued, enqueue returns that job's id. */
  key?: string;
}

/**
 * Port: a persistent job queue with leases. A worker claims a job for `leaseMs`; if it dies, the lease
 * runs out and another worker claims it again. Failed jobs retry with backoff until `maxAttempts`, then
 * stay `dead` for an operator to see.
 */
export interface JobQueue {
  enqueue(type: string, payload: unknown, options?: EnqueueOptions): Promise<JobId>;
  claim(worker: string, types: readonly string[], leaseMs: number, now: Date): Promise<Job | null>;
  complete(id: JobId, worker: string): Promise<void>;
  /** Extends a running job's lease (its worker is alive); false when the lease is no longer this worker's. */
  renew(id: JobId, worker: string, leaseMs: number, now: Date): Promise<boolean>;
  /** Records a failure: back to `queued` at `retryAt`, or `dead` when attempts are used up. */
  fail(id: JobId, worker: string, error: string, retryAt: Date): Promise<void>;
  get(id: JobId): Promise<Job | null>;
  counts(): Promise<Record<JobState, number>>;
}

/** Exponential backoff with a ceiling: 2 s, 4 s, 8 s … up to 10 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempt - 1), 10 * 60 * 1000);
}
