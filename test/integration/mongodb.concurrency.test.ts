import { ObjectId, type Db } from 'mongodb';
import { connectMongo } from '../../server/adapters/mongodb/mongo.database';
import { MongoAccountRepository } from '../../server/adapters/mongodb/mongo.account-repository';
import { MongoAuditTrail } from '../../server/adapters/mongodb/mongo.audit-trail';
import { ITEM_REVISIONS } from '../../server/adapters/mongodb/mongo.items-document';
import { MongoItemRepository } from '../../server/adapters/mongodb/mongo.item-repository';
import { MongoJobQueue } from '../../server/adapters/mongodb/mongo.job-queue';
import type { Account } from '../../server/core/accounts/account.model';
import type { AuditEntry } from '../../server/core/audit/audit.model';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import type { ItemRepository } from '../../server/core/items/item-repository.port';
import type { Item } from '../../server/core/items/item.model';
import { ManualClock } from '../../server/core/shared/clock.port';
import { DomainError } from '../../server/core/shared/errors';
import { newId, type AccountId, type JobId } from '../../server/core/shared/ids';
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
const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' ? (r.reason instanceof DomainError ? r.reason.code : String(r.reason)) : 'ok';

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

    it('lets exactly one of 20 concurrent updates of an item from one revision win; the winner is stored', async () => {
      const repos = [new MongoItemRepository(one), new MongoItemRepository(two)];
      const item = makeItem();
      await repos[0]!.insert(item);
      const results = await Promise.allSettled(
        range(0, 19).map((i) => repos[i % 2]!.update({ ...item, title: `改${i}`, revision: 2 })),
      );
      const codes = results.map(codeOf);
      expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
      expect(codes.filter((c) => c === 'item.revision_conflict')).toHaveLength(19);
      const winner = { ...item, title: `改${codes.indexOf('ok')}`, revision: 2 };
      for (const repo of repos) expect(await repo.get(item.id)).toEqual(winner);
      // The lists read the winner's fields too, and the chain goes on from it in either process.
      expect((await repos[1]!.list({ personName: '张伟' }, 10, null)).items).toEqual([winner]);
      await repos[1]!.update({ ...winner, persons: [{ name: '王芳' }], revision: 3 });
      expect((await repos[0]!.list({ personName: '王芳' }, 10, null)).items.map((i) => i.id)).toEqual([
        item.id,
      ]);
      expect((await repos[0]!.list({ personName: '张伟' }, 10, null)).items).toEqual([]);
    });

    it('numbers nothing for accessions of one item that lose the revision race', async () => {
      const repos = [new MongoItemRepository(one), new MongoItemRepository(two)];
      const render = (n: number) => `160-2013-GL-D100-${String(n).padStart(4, '0')}`;
      const item = makeItem();
      const other = makeItem();
      await repos[0]!.insert(item);
      await repos[1]!.insert(other);
      const results = await Promise.allSettled(
        range(0, 9).map((i) =>
          repos[i % 2]!.accession({ ...item, title: `卷${i}`, revision: 2 }, '160-2013-GL-D100', render),
        ),
      );
      const codes = results.map(codeOf);
      expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
      expect(codes.filter((c) => c === 'item.revision_conflict')).toHaveLength(9);
      expect(await repos[1]!.get(item.id)).toMatchObject({ itemNumber: 1, archivalCode: render(1) });
      const next = await repos[1]!.accession({ ...other, revision: 2 }, '160-2013-GL-D100', render);
      expect(next.itemNumber).toBe(2);
    });

    it('loses neither an item update nor an index confirmation made at the same time', async () => {
      const repos = [new MongoItemRepository(one), new MongoItemRepository(two)];
      const items = range(1, 10).map(() => makeItem());
      await Promise.all(items.map((item, k) => repos[k % 2]!.insert(item)));
      const stale = async () => (await repos[0]!.staleInIndex(100)).sort((a, b) => (a.id < b.id ? -1 : 1));
      const expected = (revision: number) =>
        [...items].sort((a, b) => (a.id < b.id ? -1 : 1)).map((i) => ({ id: i.id, revision }));

      // Each item: an edit to revision 2 in one process, the index confirming revision 1 in the other.
      await Promise.all(
        items.flatMap((item, k) => [
          repos[k % 2]!.update({ ...item, title: `二${k}`, revision: 2 }),
          repos[(k + 1) % 2]!.markIndexed(item.id, 1),
        ]),
      );
      for (const [k, item] of items.entries())
        expect(await repos[(k + 1) % 2]!.get(item.id)).toMatchObject({ title: `二${k}`, revision: 2 });
      expect(await stale()).toEqual(expected(2));

      // Confirming revision 2 while revision 3 is written leaves revision 3 waiting for the index.
      await Promise.all(
        items.flatMap((item, k) => [
          repos[k % 2]!.update({ ...item, title: `三${k}`, revision: 3 }),
          repos[(k + 1) % 2]!.markIndexed(item.id, 2),
        ]),
      );
      for (const [k, item] of items.entries())
        expect(await repos[k % 2]!.get(item.id)).toMatchObject({ title: `三${k}`, revision: 3 });
      expect(await stale()).toEqual(expected(3));

      // A late, older confirmation racing the current one never moves the index back.
      await Promise.all(
        items.flatMap((item, k) => [
          repos[k % 2]!.markIndexed(item.id, 3),
          repos[(k + 1) % 2]!.markIndexed(item.id, 1),
        ]),
      );
      expect(await stale()).toEqual([]);
    });

    it('repairs, in the index sweep, an item whose writer died between winning a revision and writing it', async () => {
      const repo = new MongoItemRepository(one);
      const item = makeItem();
      await repo.insert(item);
      await repo.markIndexed(item.id, 1);
      const won = { ...item, title: '遗留', revision: 2 };
      // What a writer leaves when it dies after its ticket and its backlog entry, before the item write.
      await one.collection(ITEM_REVISIONS).insertOne({
        _id: `items/${item.id}#2` as never,
        of: `items/${item.id}`,
        rev: 2,
        body: won,
      });
      await one
        .collection('items_unindexed')
        .insertOne({ _id: `${item.id}#2` as never, itemId: item.id, rev: 2, order: new ObjectId() });
      expect(await repo.get(item.id)).toEqual(item);
      expect(await new MongoItemRepository(two).staleInIndex(10)).toEqual([{ id: item.id, revision: 2 }]);
      expect(await repo.get(item.id)).toEqual(won);
      expect((await repo.list({}, 10, null)).items).toEqual([won]);
    });

    it('leaves a job to the worker that took it over, whatever the late worker does at the same time', async () => {
      const clock = new ManualClock(T0);
      const [a, b] = [new MongoJobQueue(one, clock), new MongoJobQueue(two, clock)];
      // One type per job, so each takeover aims at one job.
      const ids: JobId[] = await Promise.all(range(0, 19).map((k) => a.enqueue(`t${k}`, { k })));
      for (const [k, id] of ids.entries())
        expect(await a.claim('worker-a', [`t${k}`], LEASE, T0)).toMatchObject({ id, attempts: 1 });

      // Worker A wakes up after its leases ran out, while B takes the jobs over.
      const raced = await Promise.all(
        ids.map(async (id, k) => {
          const [taken] = await Promise.all([
            b.claim('worker-b', [`t${k}`], LEASE, at(LEASE + 1)),
            k % 2 ? a.complete(id, 'worker-a') : a.fail(id, 'worker-a', 'late', at(LEASE + 5000)),
          ]);
          return taken;
        }),
      );
      for (const [k, id] of ids.entries()) {
        const job = await b.get(id);
        if (raced[k]) {
          // B won: A's late step did nothing, and A can no longer renew.
          expect(raced[k]).toMatchObject({ id, attempts: 2, leaseOwner: 'worker-b' });
          expect(job).toMatchObject({
            state: 'running',
            attempts: 2,
            leaseOwner: 'worker-b',
            lastError: null,
          });
          expect(await a.renew(id, 'worker-a', LEASE, at(LEASE + 2))).toBe(false);
          await a.complete(id, 'worker-a');
          await a.fail(id, 'worker-a', 'later still', at(LEASE + 6000));
          expect(await b.get(id)).toMatchObject({ state: 'running', leaseOwner: 'worker-b' });
          await b.complete(id, 'worker-b');
          expect(await a.get(id)).toMatchObject({ state: 'done', attempts: 2 });
        } else if (k % 2) {
          // A finished first: B found nothing to take.
          expect(job).toMatchObject({ state: 'done', attempts: 1 });
        } else {
          expect(job).toMatchObject({ state: 'queued', attempts: 1, lastError: 'late', leaseOwner: null });
        }
      }
      const counts = await a.counts();
      expect(counts.running).toBe(0);
      expect(counts.done + counts.queued).toBe(20);
    });

    it('keeps one whole account of 20 concurrent updates, and one owner of a name two renames race for', async () => {
      const repos = [new MongoAccountRepository(one), new MongoAccountRepository(two)];
      const account = (username: string, over: Partial<Account> = {}): Account => ({
        id: newId<'AccountId'>('acc') as AccountId,
        username,
        displayName: username,
        passwordHash: `scrypt$salt$${username}`,
        roles: ['clerk'],
        section: '养老保险科',
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        createdAt: '2025-03-01T08:00:00.000Z',
        updatedAt: '2025-03-01T08:00:00.000Z',
        ...over,
      });
      const clerk = account('clerk1');
      await repos[0]!.insert(clerk);
      const versions = range(0, 19).map((i) =>
        i % 4 === 0
          ? { ...clerk, username: `clerk1-${i}`, displayName: `改名${i}` }
          : { ...clerk, displayName: `用户${i}`, failedLogins: i, roles: i % 2 ? ['clerk' as const] : [] },
      );
      const results = await Promise.allSettled(versions.map((v, i) => repos[i % 2]!.update(v)));
      expect(results.map(codeOf).filter((c) => c !== 'ok')).toEqual([]);
      const stored = await repos[1]!.getById(clerk.id);
      expect(versions).toContainEqual(stored);
      expect(await repos[0]!.getByUsername(stored!.username)).toEqual(stored);
      expect(await repos[0]!.list()).toEqual([stored]);

      const others = [account('head1'), account('head2')];
      for (const o of others) await repos[0]!.insert(o);
      const renames = await Promise.allSettled(
        others.map((o, k) => repos[k]!.update({ ...o, username: 'Leader' })),
      );
      expect(renames.map(codeOf).sort()).toEqual(['account.exists', 'ok']);
      const leader = await repos[1]!.getByUsername('leader');
      expect(others.map((o) => o.id)).toContain(leader?.id);
      expect((await repos[0]!.list()).map((a) => a.username).sort()).toEqual(
        [stored!.username, 'Leader', leader!.id === others[0]!.id ? 'head2' : 'head1'].sort(),
      );
    });
  });
});
