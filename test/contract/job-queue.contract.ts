import type { Clock } from '../../server/core/shared/clock.port';
import { ManualClock } from '../../server/core/shared/clock.port';
import type { JobQueue } from '../../server/core/jobs/job-queue.port';
import type { JobId } from '../../server/core/shared/ids';

export interface JobQueueFixture {
  queue: JobQueue;
  cleanup(): Promise<void>;
}

const T0 = new Date('2025-03-01T08:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const LEASE = 30_000;

/**
 * The JobQueue contract: every adapter must pass it unchanged. `make` returns a fresh, empty queue that
 * reads "now" (for enqueue defaults) from the given clock; claims take `now` explicitly.
 */
export function jobQueueContract(name: string, make: (clock: Clock) => Promise<JobQueueFixture>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let fx: JobQueueFixture;
    let q: JobQueue;
    let clock: ManualClock;
    beforeEach(async () => {
      clock = new ManualClock(T0);
      fx = await make(clock);
      q = fx.queue;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('enqueue, claim and complete', async () => {
      const id = await q.enqueue('index', { itemId: 'itm_1' });
      expect(await q.get(id)).toMatchObject({
        id,
        type: 'index',
        state: 'queued',
        attempts: 0,
        leaseOwner: null,
        lastError: null,
      });
      expect(await q.counts()).toEqual({ queued: 1, running: 0, done: 0, dead: 0 });

      const job = await q.claim('w1', ['index'], LEASE, T0);
      expect(job).toMatchObject({
        id,
        type: 'index',
        state: 'running',
        attempts: 1,
        leaseOwner: 'w1',
        payload: { itemId: 'itm_1' },
      });
      expect(job?.leaseUntil).not.toBeNull();
      expect(await q.get(id)).toMatchObject({ state: 'running', attempts: 1, leaseOwner: 'w1' });
      expect(await q.counts()).toEqual({ queued: 0, running: 1, done: 0, dead: 0 });

      await q.complete(id, 'w1');
      expect(await q.get(id)).toMatchObject({ state: 'done', attempts: 1 });
      expect(await q.counts()).toEqual({ queued: 0, running: 0, done: 1, dead: 0 });
      expect(await q.claim('w2', ['index'], LEASE, at(10 * LEASE))).toBeNull();
    });

    it('get of an unknown id is null', async () => {
      expect(await q.get('job_doesnotexist0000000000' as JobId)).toBeNull();
    });

    it('claim honours runAt: not before it', async () => {
      const id = await q.enqueue('index', null, { runAt: at(60_000) });
      expect(await q.claim('w1', ['index'], LEASE, T0)).toBeNull();
      expect(await q.claim('w1', ['index'], LEASE, at(59_999))).toBeNull();
      expect((await q.claim('w1', ['index'], LEASE, at(60_000)))?.id).toBe(id);
    });

    it('runAt defaults to the clock now', async () => {
      clock.advance(5000);
      const id = await q.enqueue('index', null);
      expect(await q.claim('w1', ['index'], LEASE, at(4999))).toBeNull();
      expect((await q.claim('w1', ['index'], LEASE, at(5000)))?.id).toBe(id);
    });

    it('claim only returns jobs of the requested types', async () => {
      const a = await q.enqueue('ocr', 1);
      const b = await q.enqueue('index', 2);
      expect(await q.claim('w1', ['thumbnail'], LEASE, T0)).toBeNull();
      expect(await q.claim('w1', [], LEASE, T0)).toBeNull();
      expect((await q.claim('w1', ['index'], LEASE, T0))?.id).toBe(b);
      expect(await q.claim('w1', ['index'], LEASE, T0)).toBeNull();
      expect((await q.claim('w1', ['thumbnail', 'ocr'], LEASE, T0))?.id).toBe(a);
    });

    it('a leased job is not claimed again until the lease runs out, then another worker takes it', async () => {
      const id = await q.enqueue('index', null);
      expect((await q.claim('w1', ['index'], LEASE, T0))?.id).toBe(id);
      expect(await q.claim('w2', ['index'], LEASE, at(1))).toBeNull();
      expect(await q.claim('w2', ['index'], LEASE, at(LEASE - 1))).toBeNull();

      const again = await q.claim('w2', ['index'], LEASE, at(LEASE + 1000));
      expect(again).toMatchObject({ id, state: 'running', attempts: 2, leaseOwner: 'w2' });
      expect(await q.claim('w3', ['index'], LEASE, at(LEASE + 2000))).toBeNull();
    });

    it('a renewed lease keeps a long job from being taken over; only the lease owner can renew', async () => {
      const id = await q.enqueue('index', null);
      await q.claim('w1', ['index'], LEASE, T0);
      expect(await q.renew(id, 'w1', LEASE, at(LEASE - 1000))).toBe(true);
      expect(await q.claim('w2', ['index'], LEASE, at(LEASE + 1000))).toBeNull();
      expect(await q.renew(id, 'w2', LEASE, at(LEASE + 1000))).toBe(false);
      const taken = await q.claim('w2', ['index'], LEASE, at(2 * LEASE));
      expect(taken).toMatchObject({ id, leaseOwner: 'w2', attempts: 2 });
      expect(await q.renew(id, 'w1', LEASE, at(2 * LEASE + 1))).toBe(false);
    });

    it('complete or fail by a worker that lost the lease does nothing', async () => {
      const id = await q.enqueue('index', null);
      await q.claim('w1', ['index'], LEASE, T0);
      await q.claim('w2', ['index'], LEASE, at(LEASE + 1000));

      await q.complete(id, 'w1');
      expect(await q.get(id)).toMatchObject({ state: 'running', leaseOwner: 'w2', attempts: 2 });
      await q.fail(id, 'w1', 'late failure', at(LEASE + 2000));
      expect(await q.get(id)).toMatchObject({ state: 'running', leaseOwner: 'w2', lastError: null });
      await q.complete(id, 'nobody');
      expect((await q.get(id))?.state).toBe('running');

      await q.complete(id, 'w2');
      expect(await q.get(id)).toMatchObject({ state: 'done' });
    });

    it('fail puts the job back at retryAt, and after maxAttempts it is dead', async () => {
      const id = await q.enqueue('index', null, { maxAttempts: 2 });
      await q.claim('w1', ['index'], LEASE, T0);
      await q.fail(id, 'w1', 'first failure', at(10_000));
      expect(await q.get(id)).toMatchObject({
        state: 'queued',
        attempts: 1,
        lastError: 'first failure',
        leaseOwner: null,
      });
      expect(new Date((await q.get(id))!.runAt).getTime()).toBe(at(10_000).getTime());
      expect(await q.claim('w1', ['index'], LEASE, at(9_999))).toBeNull();

      const second = await q.claim('w2', ['index'], LEASE, at(10_000));
      expect(second).toMatchObject({ id, attempts: 2, leaseOwner: 'w2' });
      await q.fail(id, 'w2', 'second failure', at(20_000));
      expect(await q.get(id)).toMatchObject({
        state: 'dead',
        attempts: 2,
        lastError: 'second failure',
        leaseOwner: null,
      });
      expect(await q.claim('w1', ['index'], LEASE, at(10 * 60_000))).toBeNull();
      expect(await q.counts()).toEqual({ queued: 0, running: 0, done: 0, dead: 1 });
    });

    it('a key dedupes while the job is queued, but not once it is running', async () => {
      const first = await q.enqueue('index', { n: 1 }, { key: 'index:itm_1' });
      expect(await q.enqueue('index', { n: 2 }, { key: 'index:itm_1' })).toBe(first);
      const other = await q.enqueue('index', { n: 3 }, { key: 'index:itm_2' });
      expect(other).not.toBe(first);
      expect((await q.counts()).queued).toBe(2);

      expect((await q.claim('w1', ['index'], LEASE, T0))?.id).toBe(first);
      const second = await q.enqueue('index', { n: 4 }, { key: 'index:itm_1' });
      expect(second).not.toBe(first);
      expect(await q.get(second)).toMatchObject({ state: 'queued', payload: { n: 4 } });
      expect(await q.enqueue('index', { n: 5 }, { key: 'index:itm_1' })).toBe(second);
    });

    // The worker's usual case: an item is edited while its index job runs, then that run fails.
    it('fail of a running keyed job works while a newer job with the same key is queued', async () => {
      const first = await q.enqueue('index', null, { key: 'index:itm_1' });
      await q.claim('w1', ['index'], LEASE, T0);
      const second = await q.enqueue('index', null, { key: 'index:itm_1' });
      await expect(q.fail(first, 'w1', 'boom', at(10_000))).resolves.toBeUndefined();
      const failed = await q.get(first);
      expect(failed).toMatchObject({ lastError: 'boom', leaseOwner: null });
      expect(failed?.state).not.toBe('running');
      expect(await q.get(second)).toMatchObject({ state: 'queued' });
      expect((await q.claim('w2', ['index'], LEASE, at(10_000)))?.leaseOwner).toBe('w2');
    });

    it('payload round-trips as JSON', async () => {
      const payload = {
        itemId: 'itm_x',
        名称: '养老保险',
        n: 42,
        f: 1.5,
        ok: true,
        none: null,
        list: [1, 'two', { three: [3] }],
      };
      const id = await q.enqueue('index', payload);
      expect((await q.get(id))?.payload).toEqual(payload);
      expect((await q.claim('w1', ['index'], LEASE, T0))?.payload).toEqual(payload);
      const scalar = await q.enqueue('ocr', 'just a string');
      expect((await q.get(scalar))?.payload).toBe('just a string');
    });

    it('claims by alternating workers never return the same job twice', async () => {
      const ids = new Set<JobId>();
      for (let i = 0; i < 50; i++) ids.add(await q.enqueue('index', { i }));
      expect(ids.size).toBe(50);

      const sequential: JobId[] = [];
      for (let i = 0; i < 25; i++) {
        const job = await q.claim(i % 2 ? 'w2' : 'w1', ['index'], LEASE, T0);
        expect(job).not.toBeNull();
        sequential.push(job!.id);
      }
      const concurrent = await Promise.all(
        Array.from({ length: 25 }, (_, i) => q.claim(i % 2 ? 'w2' : 'w1', ['index'], LEASE, T0)),
      );
      const claimed = [...sequential, ...concurrent.map((j) => j?.id)];
      expect(claimed).not.toContain(undefined);
      expect(new Set(claimed).size).toBe(50);
      expect(new Set(claimed)).toEqual(ids);
      expect(await q.claim('w3', ['index'], LEASE, T0)).toBeNull();
      expect(await q.counts()).toEqual({ queued: 0, running: 50, done: 0, dead: 0 });
    });
  });
}
