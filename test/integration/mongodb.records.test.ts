import type { Db, MongoClient } from 'mongodb';
import { connectMongo } from '../../server/adapters/mongodb/mongo.database';
import { MongoIngestRepository } from '../../server/adapters/mongodb/mongo.ingest-repository';
import { MongoRecordStore } from '../../server/adapters/mongodb/mongo.record-store';
import { REVISIONS } from '../../server/adapters/mongodb/mongo.shared-revisions';
import type { Batch, BatchFile, Draft } from '../../server/core/ingest/ingest.model';
import type { StoredRecord } from '../../server/core/records/record-store.port';
import { DomainError } from '../../server/core/shared/errors';
import type { ItemId } from '../../server/core/shared/ids';
import { WORKFLOW_INDEXES } from '../../storage-config/mongodb/workflow-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';

jest.setTimeout(60_000);

/**
 * Two MongoClient connections to one database stand for two processes (an API and a worker, or two
 * workers): every exclusive step of the record store and the ingest repository must hold across them.
 * On FerretDB v1 an update is not atomic, so these also prove the adapters never lean on that.
 */
describeOnServer('mongodb', 'MongoDB records and ingest across two processes', (url) => {
  let db: Db;
  let other: { client: MongoClient; db: Db };
  let cleanup: () => Promise<void>;
  let stores: [MongoRecordStore, MongoRecordStore];
  let ingest: [MongoIngestRepository, MongoIngestRepository];

  beforeEach(async () => {
    ({ db, cleanup } = await freshMongoDatabase(url, WORKFLOW_INDEXES));
    other = await connectMongo(url, db.databaseName);
    stores = [new MongoRecordStore(db), new MongoRecordStore(other.db)];
    ingest = [new MongoIngestRepository(db), new MongoIngestRepository(other.db)];
  });
  afterEach(async () => {
    await other.client.close();
    await cleanup();
  });

  /** Runs `n` calls, alternating between the two processes. */
  const spread = <T>(n: number, call: (process: 0 | 1, i: number) => Promise<T>) =>
    Promise.allSettled(Array.from({ length: n }, (_, i) => call((i % 2) as 0 | 1, i)));
  const codeOf = (r: PromiseSettledResult<unknown>) =>
    r.status === 'rejected' ? (r.reason instanceof DomainError ? r.reason.code : String(r.reason)) : 'ok';

  it('gives a claim to exactly one of 50 claimants, and tells every other one that owner', async () => {
    const results = await spread(50, (p, i) => stores[p].claim('physical:itm_1', `loan${i}`));
    const owners = results.map((r) => (r.status === 'fulfilled' ? r.value : `failed: ${codeOf(r)}`));
    const winners = owners.filter((owner, i) => owner === `loan${i}`);
    expect(winners).toHaveLength(1);
    expect(new Set(owners)).toEqual(new Set(winners));
    expect(await stores[1].holder('physical:itm_1')).toBe(winners[0]);
    await stores[1].release('physical:itm_1', winners[0]!);
    expect(await stores[0].claim('physical:itm_1', 'loanX')).toBe('loanX');
  });

  it('numbers 100 concurrent calls of one sequence 1..100', async () => {
    const results = await spread(100, (p) => stores[p].next('x'));
    expect(results.map(codeOf).filter((c) => c !== 'ok')).toEqual([]);
    const numbers = results.map((r) => (r as PromiseFulfilledResult<number>).value).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await stores[1].next('x')).toBe(101);
    expect(await stores[0].next('y')).toBe(1);
  });

  interface Loan extends StoredRecord {
    status: string;
    by: number;
  }

  it('lets exactly one of 20 concurrent updates from one revision win; the 19 others are stale', async () => {
    await stores[0].collection<Loan>('loan').insert({ id: 'l1', revision: 1, status: 'requested', by: -1 });
    const results = await spread(20, (p, i) =>
      stores[p].collection<Loan>('loan').update({ id: 'l1', revision: 2, status: 'approved', by: i }),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'record.stale')).toHaveLength(19);
    const winner = codes.indexOf('ok');
    for (const store of stores)
      expect(await store.collection<Loan>('loan').get('l1')).toEqual({
        id: 'l1',
        revision: 2,
        status: 'approved',
        by: winner,
      });
    // The chain goes on from the winner's revision, in either process.
    await stores[1].collection<Loan>('loan').update({ id: 'l1', revision: 3, status: 'checked_out', by: 0 });
    expect(
      (await stores[0].collection<Loan>('loan').list({ status: 'checked_out' }, 10)).records,
    ).toHaveLength(1);
    expect((await stores[0].collection<Loan>('loan').list({ status: 'approved' }, 10)).records).toEqual([]);
  });

  it('repairs a record whose writer died between taking a revision and writing it', async () => {
    const loans = stores[0].collection<Loan>('loan');
    await loans.insert({ id: 'l1', revision: 1, status: 'requested', by: 0 });
    // What a writer leaves when it dies after winning revision 2: its ticket, not yet its head write.
    await db.collection(REVISIONS).insertOne({
      _id: 'records_loan/l1#2' as never,
      of: 'records_loan/l1',
      rev: 2,
      body: { id: 'l1', revision: 2, status: 'approved', by: 7 },
    });
    const late = await Promise.allSettled([
      loans.update({ id: 'l1', revision: 2, status: 'refused', by: 1 }),
    ]);
    expect(late.map(codeOf)).toEqual(['record.stale']);
    // The loser's reload sees the dead writer's revision, and goes on from it.
    expect(await stores[1].collection<Loan>('loan').get('l1')).toMatchObject({ revision: 2, by: 7 });
    await stores[1].collection<Loan>('loan').update({ id: 'l1', revision: 3, status: 'returned', by: 1 });
    expect(await loans.get('l1')).toMatchObject({ revision: 3, status: 'returned' });
  });

  const file = (n: number): BatchFile => ({
    n,
    originalName: `scan-${n}.jpg`,
    bytes: 10,
    sha256: String(n % 10).repeat(64),
    mediaType: 'image/jpeg',
    status: 'stored',
    pages: 0,
    error: null,
    duplicateOf: null,
  });
  const batch: Batch = {
    id: 'b1',
    source: 'upload',
    fondsCode: '160',
    section: '养老保险科',
    splitMode: 'file',
    status: 'paging',
    files: Array.from({ length: 30 }, (_, i) => file(i + 1)),
    createdBy: 'clerk',
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
  };

  it('keeps all 30 files of a batch that jobs in two processes page at once, and its status', async () => {
    await ingest[0].createBatch(batch);
    // The status change lands in the middle of the file writes, from either process.
    const results = await spread(31, (p, i) => {
      if (i === 15) return ingest[p].setBatchStatus('b1', 'processing', '2025-03-01T09:00:00.000Z');
      const n = i < 15 ? i + 1 : i;
      return ingest[p].putBatchFile(
        'b1',
        { ...file(n), status: 'paged', pages: n },
        '2025-03-01T09:00:00.000Z',
      );
    });
    expect(results.map(codeOf).filter((c) => c !== 'ok')).toEqual([]);
    const got = await ingest[1].getBatch('b1');
    expect(got).toMatchObject({ status: 'processing', updatedAt: '2025-03-01T09:00:00.000Z' });
    expect(got!.files.map((f) => [f.n, f.status, f.pages])).toEqual(
      Array.from({ length: 30 }, (_, i) => [i + 1, 'paged', i + 1]),
    );
  });

  const draft = (over: Partial<Draft> = {}): Draft => ({
    id: 'd1',
    batchId: 'b1',
    itemId: 'itm_d1' as ItemId,
    fondsCode: '160',
    section: '养老保险科',
    status: 'processing',
    done: [],
    pages: [],
    hint: null,
    quality: [],
    searchablePdf: null,
    extraction: null,
    classification: null,
    reasons: [],
    error: null,
    corrections: [],
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    revision: 1,
    ...over,
  });

  it('lets one of 10 concurrent draft writers win, and a purge leaves no earlier revision readable', async () => {
    await ingest[0].createBatch(batch);
    expect(await ingest[0].insertDraft(draft())).toBe(true);
    expect(await ingest[1].insertDraft(draft({ section: 'other' }))).toBe(false);
    const secret = '赵建国110105194912310029';
    const results = await spread(10, (p, i) =>
      ingest[p].updateDraft(draft({ revision: 2, status: 'needs_review', reasons: [`${secret} ${i}`] })),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'draft.stale')).toHaveLength(9);
    await ingest[1].updateDraft(draft({ revision: 3, status: 'filed', reasons: [secret] }));

    // A destruction purges while a late pipeline step writes from revision 3: the purge wins either way.
    const [purge, lateStep] = await Promise.allSettled([
      ingest[0].purgeDraft('d1', '2025-04-01T00:00:00.000Z'),
      ingest[1].updateDraft(draft({ revision: 4, status: 'filed', reasons: [`${secret} late`] })),
    ]);
    expect(purge.status).toBe('fulfilled');
    const stored = await ingest[1].getDraft('d1');
    expect(stored).toMatchObject({ purged: { at: '2025-04-01T00:00:00.000Z' }, reasons: [] });
    expect(stored!.revision).toBe(lateStep.status === 'fulfilled' ? 5 : 4);
    const everything = JSON.stringify(await db.collection(REVISIONS).find({}).toArray());
    expect(everything.includes('赵建国')).toBe(false);
    expect(JSON.stringify(await db.collection('drafts').find({}).toArray()).includes('赵建国')).toBe(false);
  });

  it('records the first owner of a fingerprint claimed by 20 files at once', async () => {
    const sha = 'a'.repeat(64);
    const results = await spread(20, (p, i) =>
      ingest[p].claimFingerprint({ sha256: sha, batchId: `b${i}`, file: i, itemId: null }),
    );
    const owners = results.map((r) => (r.status === 'fulfilled' ? r.value.batchId : codeOf(r)));
    expect(new Set(owners).size).toBe(1);
    expect(owners.filter((o, i) => o === `b${i}`)).toHaveLength(1);
  });
});
