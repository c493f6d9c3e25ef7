import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import type { EnqueueOptions, Job, JobQueue, JobState } from '../../core/jobs/job-queue.port';
import type { Clock } from '../../core/shared/clock.port';
import { StorageError } from '../../core/shared/errors';
import { newId, type JobId } from '../../core/shared/ids';
import { isDuplicateKey } from './mongo.database';
import { rethrow } from './mongo.shared-errors';
import { MAX_SETTLE_ROUNDS, RevisionChain, type Head } from './mongo.shared-revisions';

export const JOBS = 'jobs';
export const JOB_KEYS = 'job_keys';
/** The jobs' revision tickets (see `RevisionChain`): every change of a job is one revision. */
export const JOB_REVISIONS = 'job_revisions';

/** A job as its revisions hold it (the head's `body`). */
interface JobBody {
  id: string;
  revision: number;
  type: string;
  /** The payload as JSON text, as SQLite keeps it: it round-trips exactly, whatever its keys. */
  payload: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  /** `attempts >= maxAttempts`, written with `attempts`: what the sweep of dead leases looks for. */
  exhausted: boolean;
  runAt: string;
  lastError: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  key: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An idempotency key held by a queued job; it carries that job whole, so anyone can finish its insert. */
interface KeyDocument {
  _id: string;
  jobId: string;
  job: JobBody;
  /** The job's place in the queue (its head's `order`), so whoever finishes the insert writes the same. */
  order: ObjectId;
}

/** Ready jobs a claim looks at per round, and the rounds it makes when other workers take them first. */
const CANDIDATES = 20;
const CLAIM_ROUNDS = 50;
const ENQUEUE_ROUNDS = 50;
/** Exhausted jobs whose lease ran out, buried per claim (normally none). */
const BURY_BATCH = 100;
const BURIED_ERROR = 'lease expired on every attempt';

const toJob = (d: JobBody): Job => ({
  id: d.id as JobId,
  type: d.type,
  payload: JSON.parse(d.payload) as unknown,
  state: d.state,
  attempts: d.attempts,
  maxAttempts: d.maxAttempts,
  runAt: d.runAt,
  lastError: d.lastError,
  leaseOwner: d.leaseOwner,
  leaseUntil: d.leaseUntil,
});

/**
 * The oldest ready job first (all a lone worker ever needs), then the others in random order: claimers
 * that lost the oldest to one another spread out instead of all losing the second one too.
 */
function tryOrder<T>(candidates: readonly T[]): T[] {
  const rest = candidates.slice(1);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...candidates.slice(0, 1), ...rest];
}

/** Queued and due, or running on a lease that has run out (its worker died). */
const claimable = (at: string): Filter<Head> => ({
  $or: [
    { 'body.state': 'queued', 'body.runAt': { $lte: at } },
    { 'body.state': 'running', 'body.leaseUntil': { $lte: at } },
  ],
});

/**
 * A persistent job queue in MongoDB (`jobs`, `job_keys`, `job_revisions`), for many worker processes.
 *
 * Every change of a job is a revision of it (`RevisionChain`): the claim, each renewal, the completion,
 * the failure and the burial of a dead lease are each written by inserting the ticket `<job id>#<next
 * revision>`, the one write MongoDB and FerretDB v1 both make atomic (FerretDB runs a conditional update
 * or findOneAndUpdate as read-then-write, so two workers could both take a job, and a late `complete`
 * could land over a takeover and end the new worker's run). Whatever two parties do to a job from the
 * same revision, exactly one of them does it; the other reads the newer revision and decides again: a
 * claimer finds the job no longer claimable, a worker whose lease was taken over finds the job no longer
 * its own and does nothing (`complete`, `fail`) or answers false (`renew`). A claimer that died between
 * its ticket and the job's head leaves a won revision that the next reader copies (`latest`): that
 * attempt counts as spent, and its lease runs out as any other.
 *
 * Idempotency keys (SQLite's partial unique index, which FerretDB lacks) live in `job_keys` with
 * `_id` = key while their job is queued; the claim removes the key, so a later enqueue queues again.
 */
export class MongoJobQueue implements JobQueue {
  private readonly heads: Collection<Head>;
  private readonly keys: Collection<KeyDocument>;
  private readonly chain: RevisionChain<JobBody>;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.heads = db.collection<Head>(JOBS);
    this.keys = db.collection<KeyDocument>(JOB_KEYS);
    this.chain = new RevisionChain<JobBody>(db, JOBS, { tickets: JOB_REVISIONS });
  }

  async enqueue(type: string, payload: unknown, o: EnqueueOptions = {}): Promise<JobId> {
    const now = this.clock.now().toISOString();
    const maxAttempts = o.maxAttempts ?? 5;
    const job: JobBody = {
      id: newId<'JobId'>('job'),
      revision: 1,
      type,
      payload: JSON.stringify(payload ?? null),
      state: 'queued',
      attempts: 0,
      maxAttempts,
      exhausted: maxAttempts <= 0,
      runAt: (o.runAt ?? this.clock.now()).toISOString(),
      lastError: null,
      leaseOwner: null,
      leaseUntil: null,
      key: o.key ?? null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      if (!o.key) {
        await this.chain.insert(job);
        return job.id as JobId;
      }
      return await this.enqueueKeyed(o.key, job);
    } catch (e) {
      rethrow('Could not enqueue the job.', e);
    }
  }

  /**
   * The key is taken first, with the job inside it, then the job is inserted. A second enqueue that finds
   * the key finishes that insert itself (the first may have died in between) and returns the key's job
   * while it is still queued under that key; a key left behind by a claim that died before removing it is
   * removed here and the enqueue tries again.
   */
  private async enqueueKeyed(key: string, job: JobBody): Promise<JobId> {
    const order = new ObjectId();
    for (let round = 0; round < ENQUEUE_ROUNDS; round++) {
      try {
        await this.keys.insertOne({ _id: key, jobId: job.id, job, order });
        await this.chain.insert(job, order);
        return job.id as JobId;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const held = await this.keys.findOne({ _id: key });
      if (!held) continue;
      await this.chain.insert(held.job, held.order);
      // Through `latest`: a claim that won the job but has not written its head yet has taken it.
      const current = await this.chain.latest(held.jobId);
      if (current?.state === 'queued' && current.key === key) return held.jobId as JobId;
      await this.keys.deleteOne({ _id: key, jobId: held.jobId });
    }
    throw new StorageError(`Could not enqueue a job under a contended key.`, true);
  }

  async claim(worker: string, types: readonly string[], leaseMs: number, now: Date): Promise<Job | null> {
    if (types.length === 0) return null;
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    try {
      await this.buryExhausted(at);
      for (let round = 0; round < CLAIM_ROUNDS; round++) {
        const candidates = await this.heads
          .find({ 'body.type': { $in: [...types] }, ...claimable(at) }, { projection: { body: 1 } })
          .sort({ 'body.runAt': 1, order: 1 })
          .limit(CANDIDATES)
          .toArray();
        if (candidates.length === 0) return null;
        for (const candidate of tryOrder(candidates)) {
          const job = await this.take(candidate.body as JobBody, worker, at, until);
          if (job) return job;
        }
      }
      return null;
    } catch (e) {
      rethrow('Could not claim a job.', e);
    }
  }

  /** A job whose worker died with it on every attempt does not loop for ever: it is marked dead. */
  private async buryExhausted(at: string): Promise<void> {
    const expired = await this.heads
      .find(
        { 'body.state': 'running', 'body.leaseUntil': { $lte: at }, 'body.exhausted': true },
        { projection: { body: 1 } },
      )
      .limit(BURY_BATCH)
      .toArray();
    for (const { body } of expired) {
      const job = body as JobBody;
      // Lost to another writer: whoever won decided (another claim's burial, or a late completion).
      await this.chain.compareAndSet({
        ...job,
        revision: job.revision + 1,
        state: 'dead',
        lastError: job.lastError ?? BURIED_ERROR,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: at,
      });
    }
  }

  /** Tries to take `job` (as read a moment ago, claimable then); null when it changed since. */
  private async take(job: JobBody, worker: string, at: string, until: string): Promise<Job | null> {
    if (job.state === 'running' && job.exhausted) return null;
    const attempt = job.attempts + 1;
    const running: JobBody = {
      ...job,
      revision: job.revision + 1,
      state: 'running',
      attempts: attempt,
      exhausted: attempt >= job.maxAttempts,
      // The key only dedupes queued jobs: once running, a new enqueue for the same key queues again.
      key: null,
      leaseOwner: worker,
      leaseUntil: until,
      updatedAt: at,
    };
    if (!(await this.chain.compareAndSet(running, { headDecides: true })).written) return null;
    if (job.key !== null) await this.keys.deleteOne({ _id: job.key, jobId: job.id });
    return toJob(running);
  }

  /**
   * Writes `change` of the job as its next revision while the job runs on `worker`'s lease; false when
   * it does not (finished, or taken over by another worker: then nothing is written). Losing the revision
   * to this worker's own concurrent step (a heartbeat renewal during `complete`) only means trying again.
   */
  private async whileOwned(id: JobId, worker: string, change: (job: JobBody) => JobBody): Promise<boolean> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      const job = await this.chain.latest(id);
      if (!job || job.state !== 'running' || job.leaseOwner !== worker) return false;
      if ((await this.chain.compareAndSet({ ...change(job), revision: job.revision + 1 })).written)
        return true;
    }
    throw new StorageError(`Job ${id} keeps changing; try again.`, true);
  }

  async complete(id: JobId, worker: string): Promise<void> {
    try {
      await this.whileOwned(id, worker, (job) => ({
        ...job,
        state: 'done',
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: this.clock.now().toISOString(),
      }));
    } catch (e) {
      rethrow('Could not complete the job.', e);
    }
  }

  async renew(id: JobId, worker: string, leaseMs: number, now: Date): Promise<boolean> {
    try {
      return await this.whileOwned(id, worker, (job) => ({
        ...job,
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        updatedAt: now.toISOString(),
      }));
    } catch (e) {
      rethrow('Could not renew the lease.', e);
    }
  }

  async fail(id: JobId, worker: string, error: string, retryAt: Date): Promise<void> {
    try {
      await this.whileOwned(id, worker, (job) => ({
        ...job,
        state: job.attempts >= job.maxAttempts ? 'dead' : 'queued',
        runAt: retryAt.toISOString(),
        lastError: error.slice(0, 2000),
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: this.clock.now().toISOString(),
      }));
    } catch (e) {
      rethrow('Could not record the job failure.', e);
    }
  }

  /**
   * Migration only (scripts/migrate/): writes a job as another installation holds it (state, attempts,
   * lease, error, key, times), as the first revision of its chain; a queued job's key is held again so
   * that enqueues keep deduplicating. A running job keeps its lease, which has run out with the process
   * that held it, so a worker here takes it over as the source's own worker would have. Present when a
   * job with its id exists.
   */
  async restore(
    job: Job & { key: string | null; createdAt: string; updatedAt: string },
  ): Promise<'copied' | 'present'> {
    const body: JobBody = {
      id: job.id,
      revision: 1,
      type: job.type,
      payload: JSON.stringify(job.payload ?? null),
      state: job.state,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      exhausted: job.attempts >= job.maxAttempts,
      runAt: job.runAt,
      lastError: job.lastError,
      leaseOwner: job.leaseOwner,
      leaseUntil: job.leaseUntil,
      key: job.state === 'queued' ? job.key : null,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
    try {
      const order = new ObjectId();
      if (body.key !== null) {
        try {
          await this.keys.insertOne({ _id: body.key, jobId: body.id, job: body, order });
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
        }
      }
      return (await this.chain.insert(body, order)) ? 'copied' : 'present';
    } catch (e) {
      rethrow('Could not restore the job.', e);
    }
  }

  /** Migration only: every job's id, state and attempts, in queue order. */
  async *states(): AsyncIterable<Pick<Job, 'id' | 'state' | 'attempts'>> {
    const cursor = this.heads
      .find({}, { projection: { 'body.state': 1, 'body.attempts': 1 } })
      .sort({ order: 1 });
    for await (const { _id, body } of cursor) {
      const b = body as Pick<JobBody, 'state' | 'attempts'>;
      yield { id: _id as JobId, state: b.state, attempts: b.attempts };
    }
  }

  async get(id: JobId): Promise<Job | null> {
    try {
      const body = await this.chain.get(id);
      return body ? toJob(body) : null;
    } catch (e) {
      rethrow('Could not read the job.', e);
    }
  }

  async counts(): Promise<Record<JobState, number>> {
    const out: Record<JobState, number> = { queued: 0, running: 0, done: 0, dead: 0 };
    try {
      const rows = await this.heads
        .aggregate<{ _id: JobState; n: number }>([{ $group: { _id: '$body.state', n: { $sum: 1 } } }])
        .toArray();
      for (const r of rows) out[r._id] = r.n;
      return out;
    } catch (e) {
      rethrow('Could not count jobs.', e);
    }
  }
}
