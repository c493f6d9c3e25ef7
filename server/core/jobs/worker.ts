import type { Clock } from '../shared/clock.port';
import { backoffMs, type Job, type JobQueue } from './job-queue.port';

export type JobHandler = (job: Job) => Promise<void>;

export interface WorkerOptions {
  id: string;
  leaseMs: number;
  /** How often to look for work when nothing woke the worker. */
  pollMs: number;
  /** Jobs run at once by this worker. */
  concurrency: number;
}

export interface WorkerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The worker role: claims jobs from the queue, runs their handler, completes or fails them (with
 * backoff). In the embedded deployment it runs in the API process; `wake()` makes it look at once.
 */
export class Worker {
  private running = false;
  private active = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idleWaiters: (() => void)[] = [];
  private loop: Promise<void> | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<string, JobHandler>,
    private readonly clock: Clock,
    private readonly options: WorkerOptions,
    private readonly log: WorkerLog,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Look for work now (called after an enqueue in the same process). */
  wake(): void {
    if (!this.running || this.loop) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.loop = this.fill().finally(() => {
      this.loop = null;
      if (this.running && !this.timer) {
        this.timer = setTimeout(() => this.wake(), this.options.pollMs);
        this.timer.unref(); // polling alone never keeps the process alive
      }
    });
  }

  private async fill(): Promise<void> {
    const types = Object.keys(this.handlers);
    while (this.running && this.active < this.options.concurrency) {
      const job = await this.queue.claim(this.options.id, types, this.options.leaseMs, this.clock.now());
      if (!job) break;
      this.active++;
      void this.run(job).finally(() => {
        this.active--;
        if (this.active === 0) this.idleWaiters.splice(0).forEach((w) => w());
        this.wake();
      });
    }
    if (this.active === 0) this.idleWaiters.splice(0).forEach((w) => w());
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers[job.type];
    // A long job (OCR of a thick file) keeps its lease while this worker lives; a dead worker's lease runs out.
    const heartbeat = setInterval(
      () =>
        void this.queue
          .renew(job.id, this.options.id, this.options.leaseMs, this.clock.now())
          .catch(() => undefined),
      Math.max(1000, this.options.leaseMs / 3),
    );
    heartbeat.unref();
    try {
      if (!handler) throw new Error(`No handler for ${job.type}`);
      await handler(job);
      await this.queue.complete(job.id, this.options.id);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error({ jobId: job.id, type: job.type, attempt: job.attempts, err: message }, 'job failed');
      await this.queue
        .fail(
          job.id,
          this.options.id,
          message,
          new Date(this.clock.now().getTime() + backoffMs(job.attempts)),
        )
        .catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Resolves once no job is running and none is ready now (for tests and scripts). A fill pass ends
   * only when a claim finds nothing or the worker is full, so an idle worker after a pass means no work.
   */
  async drain(): Promise<void> {
    if (!this.running) throw new Error('drain() needs a started worker');
    for (;;) {
      if (!this.loop) this.wake();
      if (this.loop) await this.loop;
      if (this.active === 0 && !this.loop) {
        // One more pass: a job enqueued while the last pass ran must not be missed.
        this.wake();
        if (this.loop) await this.loop;
        if (this.active === 0) return;
      }
      if (this.active > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    }
  }

  /** Stops claiming and waits for running jobs to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.loop) await this.loop;
    while (this.active > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }
}
