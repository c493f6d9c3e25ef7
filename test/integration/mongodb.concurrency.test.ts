import type { Db } from 'mongodb';
import { connectMongo } from '../../server/adapters/mongodb/mongo.database';
import { MongoAuditTrail } from '../../server/adapters/mongodb/mongo.audit-trail';
import { MongoItemRepository } from '../../server/adapters/mongodb/mongo.item-repository';
import { MongoJobQueue } from '../../server/adapters/mongodb/mongo.job-queue';
import type { AuditEntry } from '../../server/core/audit/audit.model';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import type { ItemRepository } from '../../server/core/items/item-repository.port';
import type { Item } from '../../server/core/items/item.model';
import { ManualClock } from '../../server/core/shared/clock.port';
import { CORE_INDEXES } from '../../storage-config/mongodb/core-indexes';
import { auditDraft } from '../contract/audit-trail.contract';
import { makeItem } from '../factories/item.factory';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';

// FerretDB over SQLite takes a few milliseconds per write, and contended writes retry.
jest.setTimeout(60_000);

const T0 = new Date('2025-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 30_000;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Two "processes": two MongoClient connections to one database, each with its own adapters (and so its
 * own in-process state: cached sequence numbers, the audit chain's last entry). Whatever decides a race
 * between them must be decided by the server.
 */
describeOnServer('mongodb', 'MongoDB adapters across two processes', (url) => {
  describe('MongoDB adapters across two processes', () => {
    let one: Db;
    let two: Db;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      const t = await freshMongoDatabase(url, CORE_INDEXES);
      const second = await connectMongo(url, t.db.databaseName);
      one = t.db;
      two = second.db;
      cleanup = async () => {
        await second.client.close();
        await t.cleanup();
      };
    });
    afterEach(async () => cleanup());

    const listAll = async (repo: ItemRepository): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<ItemRepository['list']>> = await repo.list({}, 7, cursor);
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };

    it('40 concurrent accessions of one group over both take exactly 1..40, no duplicates, no gaps', async () => {
      const repos = [new MongoItemRepository(one), new MongoItemRepository(two)];
      const items = Array.from({ length: 40 }, () => makeItem());
      // Concurrent inserts over both processes too: every item gets its own place in the list.
      await Promise.all(items.map((item, k) => repos[k % 2]!.insert(item)));
      const listed = await listAll(repos[0]!);
      expect(listed).toHaveLength(40);
      expect(new Set(listed)).toEqual(new Set(items.map((i) => i.id)));

      const render = (n: number) => `160-2013-GL-D100-${String(n).padStart(4, '0')}`;
      const numbered = await Promise.all(
        items.map((item, k) =>
          repos[k % 2]!.accession({ ...item, status: 'archived', revision: 2 }, '160-2013-GL-D100', render),
        ),
      );
      expect(numbered.map((i) => i.itemNumber).sort((x, y) => x! - y!)).toEqual(range(1, 40));
      expect(new Set(numbered.map((i) => i.archivalCode)).size).toBe(40);
      // What each call returned is what is stored, read back through the other process.
      const stored = await Promise.all(numbered.map((i) => repos[1]!.get(i.id)));
      expect(stored).toEqual(numbered);
      const scanned: Item[] = [];
      for await (const i of repos[0]!.scanInArchivalOrder({})) scanned.push(i);
      expect(scanned.map((i) => i.archivalCode)).toEqual(range(1, 40).map(render));

      // The next accession of the group continues after 40, from either process.
      const next = makeItem();
      await repos[1]!.insert(next);
      const after = await repos[1]!.accession({ ...next, revision: 2 }, '160-2013-GL-D100', render);
      expect(after.itemNumber).toBe(41);
    });

    it('50 concurrent audit appends over both keep one unbroken chain with seqs 1..50', async () => {
      const trails = [new MongoAuditTrail(one), new MongoAuditTrail(two)];
      const entries: AuditEntry[] = await Promise.all(
        range(1, 50).map((n) => trails[n % 2]!.append(auditDraft(n))),
      );
      expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(1, 50));
      const last = entries.find((e) => e.seq === 50)!;
      for (const trail of trails)
        expect(await verifyAuditChain(trail, 7)).toEqual({ ok: true, entries: 50, lastHash: last.hash });
      // What each append returned is what was stored.
      const listed = await trails[0]!.list({ limit: 100 });
      expect([...listed].reverse()).toEqual([...entries].sort((a, b) => a.seq - b.seq));
    });

    it('a lease that runs out passes to the other process, and concurrent claims never share a job', async () => {
      const clock = new ManualClock(T0);
      const queues = [new MongoJobQueue(one, clock), new MongoJobQueue(two, clock)];
      const [a, b] = queues as [MongoJobQueue, MongoJobQueue];

      const id = await a.enqueue('index', { itemId: 'itm_1' });
      expect(await a.claim('worker-a', ['index'], LEASE, T0)).toMatchObject({ id, leaseOwner: 'worker-a' });
      expect(await b.claim('worker-b', ['index'], LEASE, at(LEASE - 1))).toBeNull();
      // Worker A died: once its lease has run out, B takes the job over.
      expect(await b.claim('worker-b', ['index'], LEASE, at(LEASE + 1))).toMatchObject({
        id,
        state: 'running',
        attempts: 2,
        leaseOwner: 'worker-b',
      });
      expect(await a.renew(id, 'worker-a', LEASE, at(LEASE + 2))).toBe(false);
      await a.complete(id, 'worker-a');
      expect(await b.get(id)).toMatchObject({ state: 'running', leaseOwner: 'worker-b' });
      await b.complete(id, 'worker-b');
      expect(await a.get(id)).toMatchObject({ state: 'done' });

      const ids = new Set(await Promise.all(range(1, 30).map((n) => queues[n % 2]!.enqueue('ocr', { n }))));
      expect(ids.size).toBe(30);
      const claims = await Promise.all(
        range(1, 60).map((n) => queues[n % 2]!.claim(`worker-${n}`, ['ocr'], LEASE, at(LEASE + 10))),
      );
      const claimed = claims.filter((j) => j !== null).map((j) => j.id);
      expect(claimed).toHaveLength(30);
      expect(new Set(claimed)).toEqual(ids);
      expect(await a.counts()).toEqual({ queued: 0, running: 30, done: 1, dead: 0 });
    });

    it('concurrent enqueues with one idempotency key over both queue one job', async () => {
      const clock = new ManualClock(T0);
      const queues = [new MongoJobQueue(one, clock), new MongoJobQueue(two, clock)];
      const ids = await Promise.all(
        range(1, 20).map((n) => queues[n % 2]!.enqueue('index', { n }, { key: 'index:itm_1' })),
      );
      expect(new Set(ids).size).toBe(1);
      expect(await queues[0]!.counts()).toEqual({ queued: 1, running: 0, done: 0, dead: 0 });
    });
  });
});
