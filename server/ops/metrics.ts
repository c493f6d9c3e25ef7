import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue } from '../core/jobs/job-queue.port';
import type { OcrEngine } from '../core/ingest/ingest-ports';

/**
 * Prometheus metrics (prom-client) for one process: request latency by route, refusals and failures by
 * error code, queue depth by job state, OCR pages and seconds (rate() gives pages per second), job
 * outcomes, and Node's own process metrics. Labels never carry a URL's values, a name or a 公民身份号码:
 * routes are their patterns (`/api/items/:id`), errors their stable codes.
 */
export interface ArchiveMetrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  countError(code: string, status: number): void;
  countJob(type: string, outcome: 'done' | 'failed'): void;
  observeOcrPage(seconds: number): void;
}

export function createMetrics(o: { jobs: JobQueue; role: string; profile: string }): ArchiveMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role: o.role, profile: o.profile });
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: 'archive_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'archive_errors_total',
    help: 'Refused (4xx) and failed (5xx) requests by stable error code',
    labelNames: ['code', 'status'] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'archive_jobs_finished_total',
    help: 'Jobs finished by type and outcome (failed includes retried attempts)',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  const ocrPages = new Counter({
    name: 'archive_ocr_pages_total',
    help: 'Pages recognised by OCR (rate() of this is OCR pages per second)',
    registers: [registry],
  });
  const ocrSeconds = new Histogram({
    name: 'archive_ocr_page_seconds',
    help: 'Time to recognise one page',
    buckets: [0.25, 0.5, 1, 2, 4, 8, 16],
    registers: [registry],
  });
  new Gauge({
    name: 'archive_queue_jobs',
    help: 'Jobs in the persistent queue by state (queue depth: queued)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await o.jobs.counts();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  return {
    registry,
    observeRequest: (method, route, status, seconds) =>
      latency.observe({ method, route, status: String(status) }, seconds),
    countError: (code, status) => errors.inc({ code, status: String(status) }),
    countJob: (type, outcome) => jobs.inc({ type, outcome }),
    observeOcrPage: (seconds) => {
      ocrPages.inc();
      ocrSeconds.observe(seconds);
    },
  };
}

/** The OCR engine, timed page by page into the metrics. */
export function meteredOcr(engine: OcrEngine, metrics: ArchiveMetrics): OcrEngine {
  return {
    get size() {
      return engine.size;
    },
    async recognize(image) {
      const started = process.hrtime.bigint();
      const result = await engine.recognize(image);
      metrics.observeOcrPage(Number(process.hrtime.bigint() - started) / 1e9);
      return result;
    },
    close: () => engine.close(),
  };
}

/**
 * The job queue, counting each job's completion and failure into the metrics. The type comes from the
 * claim that handed the job out (no extra read per job); a job finished without a claim of this process
 * is counted as `unknown`.
 */
export function meteredJobs(queue: JobQueue, metrics: ArchiveMetrics): JobQueue {
  const claimed = new Map<string, string>();
  const finish = (id: string, outcome: 'done' | 'failed') => {
    metrics.countJob(claimed.get(id) ?? 'unknown', outcome);
    claimed.delete(id);
  };
  return {
    enqueue: (...a) => queue.enqueue(...a),
    async claim(...a) {
      const job = await queue.claim(...a);
      if (job) claimed.set(job.id, job.type);
      return job;
    },
    renew: (...a) => queue.renew(...a),
    get: (...a) => queue.get(...a),
    counts: () => queue.counts(),
    async complete(id, worker) {
      await queue.complete(id, worker);
      finish(id, 'done');
    },
    async fail(id, worker, error, retryAt) {
      await queue.fail(id, worker, error, retryAt);
      finish(id, 'failed');
    },
  };
}
