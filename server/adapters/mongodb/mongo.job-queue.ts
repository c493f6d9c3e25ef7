import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import type { EnqueueOptions, Job, JobQueue, JobState } from '../../core/jobs/job-queue.port';
import type { Clock } from '../../core/shared/clock.port';
import { StorageError } from '../../core/shared/errors';
import { newId, type JobId } from '../../core/shared/ids';
import { isDuplicateKey } from './mongo.database';
import { rethrow } from './mongo.shared-errors';

interface JobDocument {
  _id: string;
  /** Insertion order (an ObjectId grows within a process, and by the second across processes). */
  order: ObjectId;
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
  job: JobDocument;
}

/** The right to run attempt `attempt` of a job: `_id` = `<job id>#<attempt>`, taken by one insert. */
interface LeaseDocument {
  _id: string;
  worker: string;
  until: string;
}

/** Ready jobs a claim looks at per round, and the rounds it makes when other workers take them first. */
const CANDIDATES = 20;
const CLAIM_ROUNDS = 50;
const ENQUEUE_ROUNDS = 50;
const BURIED_ERROR = 'lease expired on every attempt';

const toJob = (d: JobDocument): Job => ({
  id: d._id as JobId,
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

/** Queued and due, or running on a lease that has run out (its worker died). */
const claimable = (at: string): Filter<JobDocument> => ({
  $or: [
    { state: 'queued', runAt: { $lte: at } },
    { state: 'running', leaseUntil: { $lte: at } },
  ],
});

/**
 * A persistent job queue in MongoDB (`jobs`, `job_keys`, `job_leases`), for many worker processes.
 *
 * Claims are decided by inserts, which MongoDB and FerretDB v1 both make atomic under a unique `_id`
 * (FerretDB's findOneAndUpdate is a read then a write, so two workers could both take a job): to run
 * attempt n of a job, a worker inserts the lease `<job id>#n`; exactly one insert succeeds, and only that
 * worker then writes the job `running` (still conditional on the job being claimable: a renewed lease or a
 * finished job is not taken). A worker that died between its lease and its job write leaves a lease that
 * runs out unseen: the next claimer counts that attempt as spent and takes the next one.
 *
 * Idempotency keys (SQLite's partial unique index, which FerretDB lacks) live in `job_keys` with
 * `_id` = key while their job is queued; the claim removes the key, so a later enqueue queues again.
 */
export class MongoJobQueue implements JobQueue {
  private readonly jobs: Collection<JobDocument>;
  private readonly keys: Collection<KeyDocument>;
  private readonly leases: Collection<LeaseDocument>;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.jobs = db.collection<JobDocument>('jobs');
    this.keys = db.collection<KeyDocument>('job_keys');
    this.leases = db.collection<LeaseDocument>('job_leases');
  }

  /** Inserts a job unless it is there already (another enqueue finished this keyed job's insert). */
  private async insertJob(job: JobDocument): Promise<void> {
    try {
      await this.jobs.insertOne({ ...job });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }

  async enqueue(type: string, payload: unknown, o: EnqueueOptions = {}): Promise<JobId> {
    const now = this.clock.now().toISOString();
    const maxAttempts = o.maxAttempts ?? 5;
    const job: JobDocument = {
      _id: newId<'JobId'>('job'),
      order: new ObjectId(),
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
        await this.jobs.insertOne(job);
        return job._id as JobId;
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
  private async enqueueKeyed(key: string, job: JobDocument): Promise<JobId> {
    for (let round = 0; round < ENQUEUE_ROUNDS; round++) {
      try {
        await this.keys.insertOne({ _id: key, jobId: job._id, job });
        await this.insertJob(job);
        return job._id as JobId;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const held = await this.keys.findOne({ _id: key });
      if (!held) continue;
      await this.insertJob(held.job);
      const current = await this.jobs.findOne({ _id: held.jobId }, { projection: { state: 1, key: 1 } });
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
        const candidates = await this.jobs
          .find({ type: { $in: [...types] }, ...claimable(at) })
          .sort({ runAt: 1, order: 1 })
          .limit(CANDIDATES)
          .toArray();
        if (candidates.length === 0) return null;
        for (const candidate of candidates) {
          const job = await this.take(candidate, worker, at, until);
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
    const expired: Filter<JobDocument> = { state: 'running', leaseUntil: { $lte: at }, exhausted: true };
    await this.jobs.updateMany({ ...expired, lastError: null }, { $set: { lastError: BURIED_ERROR } });
    await this.jobs.updateMany(expired, {
      $set: { state: 'dead', leaseOwner: null, leaseUntil: null, updatedAt: at },
    });
  }

  /** Tries to take `candidate` (as read a moment ago); null when another worker has it. */
  private async take(candidate: JobDocument, worker: string, at: string, until: string): Promise<Job | null> {
    if (candidate.state === 'running' && candidate.exhausted) return null;
    let attempt = candidate.attempts + 1;
    for (;;) {
      const leaseId = `${candidate._id}#${attempt}`;
      try {
        await this.leases.insertOne({ _id: leaseId, worker, until });
        break;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const lease = await this.leases.findOne({ _id: leaseId });
      if (!lease || lease.until > at) return null; // another worker runs this attempt
      const current = await this.jobs.findOne({ _id: candidate._id }, { projection: { attempts: 1 } });
      if (!current || current.attempts >= attempt) return null; // it moved on since it was read
      attempt++; // its lease ran out before its worker wrote the job: that attempt is spent
    }
    const leaseId = `${candidate._id}#${attempt}`;
    const before = await this.jobs.findOneAndUpdate(
      { _id: candidate._id, attempts: { $lt: attempt }, ...claimable(at) },
      {
        $set: {
          state: 'running',
          attempts: attempt,
          exhausted: attempt >= candidate.maxAttempts,
          // The key only dedupes queued jobs: once running, a new enqueue for the same key queues again.
          key: null,
          leaseOwner: worker,
          leaseUntil: until,
          updatedAt: at,
        },
      },
      { returnDocument: 'before' },
    );
    if (!before) {
      // Renewed, finished or taken meanwhile: give the attempt back, so it does not block until it runs out.
      await this.leases.deleteOne({ _id: leaseId, worker });
      return null;
    }
    if (before.key !== null) await this.keys.deleteOne({ _id: before.key, jobId: before._id });
    return toJob({
      ...before,
      state: 'running',
      attempts: attempt,
      key: null,
      leaseOwner: worker,
      leaseUntil: until,
    });
  }

  private owned(id: JobId, worker: string): Filter<JobDocument> {
    return { _id: id, leaseOwner: worker, state: 'running' };
  }

  async complete(id: JobId, worker: string): Promise<void> {
    try {
      await this.jobs.updateOne(this.owned(id, worker), {
        $set: {
          state: 'done',
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: this.clock.now().toISOString(),
        },
      });
    } catch (e) {
      rethrow('Could not complete the job.', e);
    }
  }

  async renew(id: JobId, worker: string, leaseMs: number, now: Date): Promise<boolean> {
    try {
      const { matchedCount } = await this.jobs.updateOne(this.owned(id, worker), {
        $set: { leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), updatedAt: now.toISOString() },
      });
      return matchedCount === 1;
    } catch (e) {
      rethrow('Could not renew the lease.', e);
    }
  }

  async fail(id: JobId, worker: string, error: string, retryAt: Date): Promise<void> {
    try {
      const job = await this.jobs.findOne(this.owned(id, worker), {
        projection: { attempts: 1, maxAttempts: 1 },
      });
      if (!job) return;
      await this.jobs.updateOne(
        { ...this.owned(id, worker), attempts: job.attempts },
        {
          $set: {
            state: job.attempts >= job.maxAttempts ? 'dead' : 'queued',
            runAt: retryAt.toISOString(),
            lastError: error.slice(0, 2000),
            leaseOwner: null,
            leaseUntil: null,
            updatedAt: this.clock.now().toISOString(),
          },
        },
      );
    } catch (e) {
      rethrow('Could not record the job failure.', e);
    }
  }

  async get(id: JobId): Promise<Job | null> {
    try {
      const d = await this.jobs.findOne({ _id: id });
      return d ? toJob(d) : null;
    } catch (e) {
      rethrow('Could not read the job.', e);
    }
  }

  async counts(): Promise<Record<JobState, number>> {
    const out: Record<JobState, number> = { queued: 0, running: 0, done: 0, dead: 0 };
    try {
      const rows = await this.jobs
        .aggregate<{ _id: JobState; n: number }>([{ $group: { _id: '$state', n: { $sum: 1 } } }])
        .toArray();
      for (const r of rows) out[r._id] = r.n;
      return out;
    } catch (e) {
      rethrow('Could not count jobs.', e);
    }
  }
}
