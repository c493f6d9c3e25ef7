import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import sharp from 'sharp';
import { bootstrapAdmin } from '../../server/core/accounts/account-service';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import { layoutForm } from '../../server/core/ingest/form-layout';
import { accessionLoadedItem } from '../../server/core/items/accession-item';
import type { Item } from '../../server/core/items/item.model';
import { residentIdCheckChar } from '../../server/core/identifiers';
import { ManualClock } from '../../server/core/shared/clock.port';
import type { ItemId, JobId } from '../../server/core/shared/ids';
import { openEmbedded } from '../../server/main/embedded';
import { openProduction } from '../../server/main/production';
import { createMinioClient } from '../../server/adapters/minio/minio.buckets';
import { createElasticsearchClient } from '../../search/adapters/elasticsearch.client';
import { deleteItemsIndices } from '../../search/adapters/elasticsearch.index-lifecycle';
import { minioBuckets } from '../../storage-config/minio/buckets';
import type { ProductionProfile } from '../../storage-config/profiles';
import { MigrationAborted, MigrationRefused } from '../../scripts/migrate/context';
import { openSource, openTarget, type Source, type Target } from '../../scripts/migrate/endpoints';
import type { MigrationReport } from '../../scripts/migrate/report';
import { migrate } from '../../scripts/migrate/run';
import { itemForm, startTestArchive, type TestArchive } from '../support/test-archive';
import { dropTestBuckets, productionTestProfile, testBackends } from '../support/test-backends';

// A whole small archive is built through the API, then copied three times over the real servers.
jest.setTimeout(600_000);

const T0 = new Date('2014-03-03T01:00:00Z');
const rid = (n: number) => {
  const first = `50010219800101${String(n).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};
const PEOPLE = ['赵建国', '钱秀英', '孙志强', '李淑芬', '周海燕', '吴国栋', '郑丽华', '王建军'];

async function pagePng(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 280, channels: 3, background: '#ffffff' } })
    .composite([
      {
        input: { create: { width: 40 + seed * 3, height: 8, channels: 3, background: '#000000' } },
        left: 10,
        top: 20 + seed * 4,
      },
    ])
    .png()
    .toBuffer();
}

async function dropProfile(profile: ProductionProfile): Promise<void> {
  const minio = createMinioClient(profile.minio, minioBuckets(profile.minio.bucket));
  await dropTestBuckets(minio, minioBuckets(profile.minio.bucket)).catch(() => undefined);
  const es = createElasticsearchClient(profile.elasticsearch.node);
  await deleteItemsIndices(es, profile.elasticsearch.alias).catch(() => undefined);
  await es.close();
  const mongo = new MongoClient(profile.mongodb.url);
  await mongo.db(profile.mongodb.database).dropDatabase();
  await mongo.close();
}

const sideOf = (report: MigrationReport, kind: string) => report.kinds.find((k) => k.kind === kind)!;

const suite = testBackends().includes('production') ? describe : describe.skip;

suite('npm run migrate -- --to production (needs the MongoDB, MinIO and Elasticsearch test servers)', () => {
  const clock = new ManualClock(T0);
  let t: TestArchive;
  const tokens: Record<string, string> = {};
  const post = (u: string, path: string, body: unknown = {}) =>
    t.api(tokens[u]!, path, { method: 'POST', body: JSON.stringify(body) });
  const get = (u: string, path: string) => t.api(tokens[u]!, path);
  const profiles: ProductionProfile[] = [];
  const fresh = () => {
    const p = productionTestProfile();
    profiles.push(p);
    return p;
  };
  /** Items by key: A1-A5 (160-2013-GL-D10), B1-B2 (160-2014-GL-D10). */
  const ids: Record<string, ItemId> = {};
  let queuedJob: JobId;
  let deadJob: JobId;
  let source: Source;

  async function fileItem(key: string, n: number, year: number, date: string): Promise<void> {
    const person = { name: PEOPLE[n]!, residentId: rid(n + 1) };
    const pages = await Promise.all([pagePng(n * 3 + 1), pagePng(n * 3 + 2)]);
    const r = await t.api(tokens.clerk!, '/api/items', {
      method: 'POST',
      body: itemForm(
        {
          fondsCode: '160',
          year,
          classCode: 'GL',
          insuranceType: 'YL',
          retention: 'D10',
          title: `${person.name}养老保险待遇核定表`,
          date,
          persons: [person],
        },
        pages.map((data, p) => ({ name: `第${p + 1}页.png`, data, type: 'image/png' })),
      ),
    });
    expect([key, r.status, r.body.error]).toEqual([key, 201, undefined]);
    ids[key] = r.body.id as ItemId;
  }

  beforeAll(async () => {
    t = await startTestArchive({ clock });
    for (const u of ['clerk', 'archivist', 'head']) tokens[u] = await t.login(u);

    // Group A: four items transferred and accepted (档号 1-4), boxed; one lent out and still out.
    for (const [k, key] of ['A1', 'A2', 'A3', 'A4'].entries()) await fileItem(key, k, 2013, `2013051${k}`);
    await t.archive.worker.drain();
    const volumes = await post('clerk', '/api/transfers/volumes', { year: 2013, month: 5 });
    expect(volumes.status).toBe(201);
    const draft = await post('clerk', '/api/transfers', { volumeIds: [volumes.body.volumes[0].id] });
    const submitted = await post('clerk', `/api/transfers/${draft.body.id}/submit`, { sectionHead: 'head' });
    expect(submitted.status).toBe(200);
    expect((await post('archivist', `/api/transfers/${draft.body.id}/check`)).status).toBe(200);
    expect((await post('archivist', `/api/transfers/${draft.body.id}/accept`)).body).toMatchObject({
      accepted: 4,
    });
    const box = await post('archivist', '/api/boxes', {
      fondsCode: '160',
      year: 2013,
      classCode: 'GL',
      retention: 'D10',
      items: ['A1', 'A2', 'A3', 'A4'].map((k) => ids[k]),
    });
    expect(box.status).toBe(201);
    const loan = await post('clerk', '/api/loans', {
      kind: 'loan',
      purpose: { category: '业务办理', text: '待遇重算调原件' },
      items: [{ itemId: ids.A2 }],
      days: 7,
    });
    expect(loan.status).toBe(201);
    expect(
      (await post('head', `/api/loans/${loan.body.id}/decision`, { decision: 'approve', step: 0 })).status,
    ).toBe(200);
    const out = await post('archivist', `/api/loans/${loan.body.id}/checkout`, {
      items: [{ itemId: ids.A2, pages: 2 }],
    });
    expect(out.body.status).toBe('checked_out');
    // A5 of the same group stays filed: accessioned only after the migration.
    await fileItem('A5', 4, 2013, '20130530');

    // Group B: one item accessioned directly (档号 1), one left filed.
    await fileItem('B1', 5, 2014, '20140601');
    await fileItem('B2', 6, 2014, '20140602');
    expect((await post('archivist', `/api/items/${ids.B1}/accession`)).body).toMatchObject({ itemNumber: 1 });

    // Ingest: a generated form uploaded as a batch gives a batch, its file, a fingerprint and a draft.
    const rendered = await t.archive.deps.media.renderer.renderForm(
      layoutForm({
        agency: '重庆市涪陵区社会保险局',
        title: '社会保险年度检验表',
        fields: [
          { label: '姓名', value: PEOPLE[7]! },
          { label: '公民身份号码', value: rid(8) },
        ],
        signatures: [{ label: '经办人', value: '李四' }],
      }),
    );
    const form = new FormData();
    form.append('metadata', JSON.stringify({ fondsCode: '160', splitMode: 'file', section: '养老保险科' }));
    form.append('files', new Blob([Buffer.from(rendered.pdf)]), '年检表.pdf');
    const batch = await t.api(tokens.archivist!, '/api/ingest/batches', { method: 'POST', body: form });
    expect(batch.status).toBe(202);
    let progress: any;
    for (let i = 0; i < 60 && progress?.batch.status !== 'done'; i++) {
      await t.archive.worker.drain();
      progress = (await get('archivist', `/api/ingest/batches/${batch.body.batch.id}`)).body;
    }
    expect(progress.batch.status).toBe('done');
    expect(progress.items).toHaveLength(1); // a draft: filed, or waiting in the review queue
    await t.archive.deps.ingest.addTitleVariant({
      businessStep: 'GX-01',
      variant: '在职职工增员表',
      by: 'archivist',
      at: T0.toISOString(),
    });

    // Jobs the migration carries over: one waiting for tomorrow, one dead.
    const deps = t.archive.deps;
    queuedJob = await deps.jobs.enqueue('migration.probe', { n: 1 }, { runAt: new Date('2099-01-01') });
    deadJob = await deps.jobs.enqueue('migration.probe', { n: 2 }, { maxAttempts: 1 });
    await deps.jobs.claim('probe-worker', ['migration.probe'], 60_000, clock.now());
    await deps.jobs.fail(deadJob, 'probe-worker', 'no handler here', clock.now());
    expect((await deps.jobs.get(deadJob))?.state).toBe('dead');
    await t.archive.worker.drain();
    source = openSource(t.dataDir);
  });

  afterAll(async () => {
    await target?.close();
    source?.close();
    await t?.close();
    for (const p of profiles) await dropProfile(p);
  });

  /** Every item in list order on both sides, whole. */
  async function allItems(deps: Source['stores']['deps'] | Target['stores']['deps']): Promise<Item[]> {
    const out: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof deps.items.list>> = await deps.items.list({}, 50, cursor);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  const readAll = async (stream: AsyncIterable<Uint8Array>) => {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks);
  };

  let target: Target;
  let first: MigrationReport;

  it('copies every kind, says OK, and the production stores answer as the embedded ones', async () => {
    target = await openTarget(fresh());
    first = await migrate(source, target, { batchSize: 3 });
    expect(first.ok).toBe(true);
    for (const k of first.kinds) expect([k.kind, k.copied, k.present]).toEqual([k.kind, k.source.count, 0]);
    for (const kind of ['items', 'blobs', 'workflow records', 'claims', 'sequences', 'ingest drafts'])
      expect([kind, sideOf(first, kind).source.count > 0]).toEqual([kind, true]);
    // The probes, beside what the archive itself keeps queued (its recurring jobs).
    expect(sideOf(first, 'jobs (not done)').source.count).toBeGreaterThanOrEqual(2);
    expect(sideOf(first, '档号 numbering groups').source.count).toBe(2);

    const from = source.stores.deps;
    const to = target.stores.deps;
    const items = await allItems(from);
    expect(items.length).toBeGreaterThanOrEqual(7);
    expect(await allItems(to)).toEqual(items);
    expect(await to.items.get(ids.A2!)).toMatchObject({
      out: { reason: 'loan' },
      archivalCode: '160-2013-GL-D10-0002',
    });

    for (const kind of source.sql
      .prepare('SELECT DISTINCT kind FROM workflow_records')
      .pluck()
      .all() as string[]) {
      const records = async (store: typeof from.records) => {
        const out: unknown[] = [];
        for await (const r of store.collection(kind).all()) out.push(r);
        return out;
      };
      expect([kind, await records(to.records)]).toEqual([kind, await records(from.records)]);
    }
    expect(await to.records.claims('', 100)).toEqual(await from.records.claims('', 100));
    expect(await to.accounts.list()).toEqual(await from.accounts.list());
    expect(await to.ingest.listDrafts({}, 50, null)).toMatchObject({
      drafts: (await from.ingest.listDrafts({}, 50, null)).drafts,
    });
    for (const job of [queuedJob, deadJob]) expect(await to.jobs.get(job)).toEqual(await from.jobs.get(job));
    expect(await to.jobs.get(deadJob)).toMatchObject({ state: 'dead', lastError: 'no handler here' });

    // Search: a name and a 公民身份号码 find the same item; a title word finds all, in the same order.
    const everyone = { q: '养老保险待遇核定表', filters: {}, limit: 50, cursor: null };
    const all = (await from.search.search(everyone)).hits.map((h) => h.itemId);
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect((await to.search.search(everyone)).hits.map((h) => h.itemId)).toEqual(all);
    for (const q of [PEOPLE[2]!, rid(6)]) {
      const query = { q, filters: {}, limit: 10, cursor: null };
      const hits = async (index: typeof from.search) => (await index.search(query)).hits.map((h) => h.itemId);
      expect(await hits(to.search)).toEqual(await hits(from.search));
      expect((await hits(to.search)).length).toBe(1);
    }

    // Blobs: the same bytes under the same names.
    for (const item of items)
      for (const page of item.pages) {
        const a = await from.blobs.open(page.sha256);
        const b = await to.blobs.open(page.sha256);
        expect(await readAll(b!.stream)).toEqual(await readAll(a!.stream));
      }

    // The audit trail: the same chain, verified from its first entry.
    const chain = await verifyAuditChain(from.audit);
    expect(chain.ok).toBe(true);
    expect(await verifyAuditChain(to.audit)).toEqual(chain);

    // Nothing waits for the index that the embedded index had.
    expect(await to.items.staleInIndex(100)).toEqual(await from.items.staleInIndex(100));
  });

  it('copies nothing on a second run (the command prints the table and exits 0)', async () => {
    const profile = profiles[0]!;
    const env = {
      ...process.env,
      ARCHIVE_DATA_DIR: t.dataDir,
      ARCHIVE_MONGODB_URL: profile.mongodb.url,
      ARCHIVE_MONGODB_DATABASE: profile.mongodb.database,
      ARCHIVE_MINIO_URL: `http://${profile.minio.endPoint}:${profile.minio.port}`,
      ARCHIVE_MINIO_ACCESS_KEY: profile.minio.accessKey,
      ARCHIVE_MINIO_SECRET_KEY: profile.minio.secretKey,
      ARCHIVE_MINIO_BUCKET: profile.minio.bucket,
      ARCHIVE_ELASTICSEARCH_URL: profile.elasticsearch.node,
      ARCHIVE_ELASTICSEARCH_ALIAS: profile.elasticsearch.alias,
    };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [require.resolve('tsx/cli'), join(__dirname, '../../scripts/migrate.ts'), '--to', 'production'],
      { env, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout).toContain('OK: every kind has the same count and digest on both sides.');
    const rows = stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Kind |'));
    expect(rows.length).toBe(first.kinds.length);
    for (const row of rows) {
      const [, kind, sourceCount, targetCount, copied, present] = row.split('|').map((c) => c.trim());
      expect([kind, copied, present, targetCount]).toEqual([kind, '0', sourceCount, sourceCount]);
    }
  });

  it('ends identical after runs killed midway and resumed', async () => {
    const resumed = await openTarget(fresh());
    try {
      // Killed three times: among the items, among the search entries, in the audit trail.
      for (const [kind, after] of [
        ['items', 4],
        ['search index entries', 2],
        ['audit entries', 5],
      ] as const) {
        const stop = new AbortController();
        await expect(
          migrate(source, resumed, {
            batchSize: 2,
            signal: stop.signal,
            onProgress: (k, n) => {
              if (k === kind && n === after) stop.abort();
            },
          }),
        ).rejects.toBeInstanceOf(MigrationAborted);
      }
      const last = await migrate(source, resumed, { batchSize: 2 });
      expect(last.ok).toBe(true);
      for (const k of last.kinds) {
        // Nothing counted twice: each unit was found copied before, or copied now, once.
        expect([k.kind, k.copied + k.present]).toEqual([k.kind, k.source.count]);
        expect([k.kind, k.target]).toEqual([k.kind, sideOf(first, k.kind).target]);
      }
      expect(sideOf(last, 'audit entries').present).toBeGreaterThan(0);
      expect(await allItems(resumed.stores.deps)).toEqual(await allItems(target.stores.deps));
      expect(await verifyAuditChain(resumed.stores.deps.audit)).toEqual(
        await verifyAuditChain(source.stores.deps.audit),
      );
    } finally {
      await resumed.close();
    }
  });

  it('continues each migrated 档号 group after its highest number', async () => {
    const deps = target.stores.deps;
    const a5 = await accessionLoadedItem(deps, (await deps.items.get(ids.A5!))!);
    expect(a5).toMatchObject({ itemNumber: 5, archivalCode: '160-2013-GL-D10-0005' });
    const b2 = await accessionLoadedItem(deps, (await deps.items.get(ids.B2!))!);
    expect(b2).toMatchObject({ itemNumber: 2, archivalCode: '160-2014-GL-D10-0002' });
    // The named sequences continue too.
    for (const { name, last } of source.sql.prepare('SELECT name, last FROM workflow_sequences').all() as {
      name: string;
      last: number;
    }[])
      expect([name, await deps.records.next(name)]).toEqual([name, last + 1]);
  });

  it('refuses a target that holds another installation or is already in use, writing nothing', async () => {
    // Another embedded installation against the target of the first run.
    const otherDir = mkdtempSync(join(tmpdir(), 'archive-other-'));
    const other = openEmbedded(otherDir, { passwordCost: 2 ** 10 });
    await bootstrapAdmin(other.deps, 'another-admin-password');
    other.close();
    const otherSource = openSource(otherDir);
    try {
      await expect(migrate(otherSource, target)).rejects.toBeInstanceOf(MigrationRefused);
    } finally {
      otherSource.close();
      rmSync(otherDir, { recursive: true, force: true });
    }

    // A production installation that has started once (its admin account exists).
    const profile = fresh();
    const dir = mkdtempSync(join(tmpdir(), 'archive-prod-'));
    const started = await openProduction(profile, dir, { passwordCost: 2 ** 10 });
    await bootstrapAdmin(started.deps, 'production-admin-password');
    await started.close();
    rmSync(dir, { recursive: true, force: true });
    const inUse = await openTarget(profile);
    try {
      await expect(migrate(source, inUse)).rejects.toBeInstanceOf(MigrationRefused);
      expect(await inUse.state.get('source')).toBeNull();
      expect(await inUse.stores.deps.items.count()).toBe(0);
    } finally {
      await inUse.close();
    }
  });
});
