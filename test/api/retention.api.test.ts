import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG_1x1, itemForm, startTestArchive, PASSWORD, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';
import { ManualClock } from '../../server/core/shared/clock.port';
import { seedAccount } from '../../server/core/accounts/account-service';
import type { CoreDeps } from '../../server/core/deps';
import type { Job } from '../../server/core/jobs/job-queue.port';
import type { ItemId } from '../../server/core/shared/ids';
import { retentionJobs } from '../../server/core/retention/retention.jobs';
import { EXECUTE_DESTRUCTION_JOB } from '../../server/core/retention/execute-destruction';
import { openWithPdfjs, pdfjsTextItems } from '../../ingest/adapters/pdfjs-loader';
import { renderWithPdfjs } from '../../ingest/adapters/pdf-raster';
import { PDFDocument } from 'pdf-lib';
import { layoutForm } from '../../server/core/ingest/form-layout';
import type { Draft } from '../../server/core/ingest/ingest.model';
import { residentIdCheckChar } from '../../server/core/identifiers';

/**
 * 到期 → 鉴定 → 销毁 end to end over HTTP, on a real embedded archive with real stored pages. Items formed in
 * 2013 with 10-year retention fall due on 2024-01-01; the clock starts on 2024-03-01.
 */
describe.each(testBackends())('API: retention, appraisal and destruction [%s backends]', (backend) => {
  const clock = new ManualClock(new Date(2024, 2, 1, 10, 0, 0));
  let t: TestArchive;
  const tokens: Record<string, string> = {};
  const as = (user: string) => tokens[user]!;
  const USERS = [
    'archivist',
    'appraiser',
    'appraiser2',
    'approver',
    'supervisor1',
    'supervisor2',
    'clerk',
    'head',
  ];
  const EXTRA = ['keeper', 'leader', 'auditor', 'admin'];
  async function loginAll() {
    for (const u of [...USERS, ...EXTRA]) tokens[u] = await t.login(u);
  }

  const page = () => Buffer.concat([PNG_1x1, Buffer.from(`#${randomUUID()}`)]);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  /** Files an item with the given page files (archivist) and accessions it: archived with a 档号. */
  async function archived(title: string, pages: Buffer[], retention = 'D10') {
    const meta = {
      fondsCode: '160',
      year: 2013,
      classCode: 'GL',
      insuranceType: 'YL',
      retention,
      title,
      date: '20130517',
      section: '养老保险科',
    };
    const files = pages.map((data, i) => ({ name: `第${i + 1}页.png`, data }));
    const r = await t.api(as('archivist'), '/api/items', { method: 'POST', body: itemForm(meta, files) });
    expect(r.status).toBe(201);
    const a = await t.api(as('archivist'), `/api/items/${r.body.id}/accession`, { method: 'POST' });
    expect(a.status).toBe(200);
    return a.body as { id: ItemId; archivalCode: string; dueDate: string };
  }

  const post = (user: string, path: string, body: unknown = {}) =>
    t.api(as(user), path, { method: 'POST', body: JSON.stringify(body) });
  const get = (user: string, path: string) => t.api(as(user), path);
  const auditOf = async (action: string, target?: string) =>
    (await t.archive.deps.audit.list({ action, ...(target ? { target } : {}), limit: 100 })).filter(
      (e) => e.outcome === 'ok',
    );

  // Items: A..E due (D10 of 2013); F not due (D100) and shares a page with A; G due but held.
  const pg = {
    a1: page(),
    shared: page(),
    b1: page(),
    b2: page(),
    c1: page(),
    d1: page(),
    e1: page(),
    g1: page(),
  };
  let A: any, B: any, C: any, D: any, E: any, F: any, G: any;
  let appraisalId: string;
  let listId: string;

  beforeAll(async () => {
    t = await startTestArchive({ backend, clock });
    await seedAccount(t.archive.deps, {
      username: 'keeper',
      displayName: '档案员兼监销人',
      password: PASSWORD,
      roles: ['archivist', 'supervisor'],
      section: null,
    });
    await seedAccount(t.archive.deps, {
      username: 'leader',
      displayName: '分管领导兼监销人',
      password: PASSWORD,
      roles: ['approver', 'supervisor'],
      section: null,
    });
    await loginAll();
    A = await archived('甲件养老待遇核定表', [pg.a1, pg.shared]);
    B = await archived('乙件养老待遇核定表', [pg.b1, pg.b2]);
    C = await archived('丙件养老待遇核定表', [pg.c1]);
    D = await archived('丁件养老待遇核定表', [pg.d1]);
    E = await archived('戊件养老待遇核定表', [pg.e1]);
    F = await archived('己件参保人员登记表', [pg.shared], 'D100');
    G = await archived('庚件会计凭证', [pg.g1]);
    const held = await post('archivist', `/api/items/${G.id}/holds`, {
      reason: '审计局、财政局答复暂不能销毁',
      authority: '区审计局',
    });
    expect(held.status).toBe(201);
    await t.archive.worker.drain();
  });
  afterAll(async () => t?.close());

  it('lists the items falling due: never a held item, never one not yet due', async () => {
    expect(A.dueDate).toBe('2024-01-01');
    const r = await get('archivist', '/api/retention/due?on=2024-03-01');
    expect(r.status).toBe(200);
    const ids = r.body.items.map((i: { id: string }) => i.id).sort();
    expect(ids).toEqual([A.id, B.id, C.id, D.id, E.id].sort());
    expect(r.body.excluded).toEqual({ held: 1, in_appraisal: 0 });
    expect(r.body.items[0]).toMatchObject({
      retention: 'D10',
      retentionLabel: '10年',
      dueDate: '2024-01-01',
    });
    expect((await get('archivist', '/api/retention/due?on=2023-12-31')).body.items).toEqual([]);
    expect((await get('appraiser', '/api/retention/due')).status).toBe(200); // appraisers may read
    expect((await get('supervisor1', '/api/retention/due')).body.error.code).toBe('auth.forbidden');
    expect((await get('clerk', '/api/retention/due')).status).toBe(403);
  });

  it('takes the due snapshot every local midnight, rescheduling itself', async () => {
    clock.set(new Date(2024, 2, 2, 0, 0, 5));
    await t.archive.worker.drain();
    clock.set(new Date(2024, 2, 3, 0, 0, 5));
    await t.archive.worker.drain();
    await loginAll();
    const r = await get('archivist', '/api/retention/due-snapshots');
    expect(r.status).toBe(200);
    const days = r.body.snapshots.map((s: { day: string }) => s.day);
    expect(days.slice(0, 3)).toEqual(['2024-03-03', '2024-03-02', '2024-03-01']);
    expect(r.body.snapshots[0]).toMatchObject({ items: 5, pages: 7, excluded: { held: 1, in_appraisal: 0 } });
    expect(r.body.snapshots[0].byRetention).toEqual({ D10: 5 });
    const one = await get('archivist', '/api/retention/due-snapshots/2024-03-03');
    expect(one.body.itemIds.sort()).toEqual([A.id, B.id, C.id, D.id, E.id].sort());
    expect((await auditOf('retention.due_snapshot')).length).toBeGreaterThanOrEqual(3);
  });

  it('opens an appraisal only over due, unheld items in no other appraisal, and only by the archivist', async () => {
    const held = await post('keeper', '/api/appraisals', { itemIds: [A.id, G.id] });
    expect(held.status).toBe(409);
    expect(held.body.error).toMatchObject({
      code: 'appraisal.items_not_eligible',
      details: { problems: [{ itemId: G.id, reason: 'held' }] },
    });
    const notDue = await post('keeper', '/api/appraisals', { itemIds: [F.id] });
    expect(notDue.body.error.details.problems).toEqual([{ itemId: F.id, reason: 'not_due' }]);
    expect((await post('appraiser', '/api/appraisals', { itemIds: [A.id] })).status).toBe(403);
    expect((await post('keeper', '/api/appraisals', { itemIds: [A.id], quorum: 1 })).status).toBe(400);

    const r = await post('keeper', '/api/appraisals', { itemIds: [A.id, B.id, C.id, D.id, E.id] });
    expect(r.status).toBe(201);
    appraisalId = r.body.id;
    expect(r.body).toMatchObject({ status: 'open', statusLabel: '鉴定中', quorum: 2, fondsCode: '160' });
    const listed = async (status: string) =>
      (await get('keeper', `/api/appraisals?status=${status}`)).body.appraisals.map(
        (a: { id: string }) => a.id,
      );
    expect(await listed('open')).toContain(appraisalId);
    expect(await listed('closed')).not.toContain(appraisalId);
    expect(r.body.number).toMatch(/^JD-2024-\d{4}$/);
    expect(r.body.entries.map((e: { title: string }) => e.title)).toContain('甲件养老待遇核定表');

    const again = await post('keeper', '/api/appraisals', { itemIds: [A.id] });
    expect(again.body.error.details.problems).toEqual([{ itemId: A.id, reason: 'in_appraisal' }]);
    const due = await get('archivist', '/api/retention/due');
    expect(due.body.items).toEqual([]);
    expect(due.body.excluded).toEqual({ held: 1, in_appraisal: 5 });
    expect(await auditOf('appraisal.open', appraisalId)).toHaveLength(1);
  });

  it('takes votes per item: keep only with a longer period and a reason; a released item takes none', async () => {
    const shorten = await post('appraiser', `/api/appraisals/${appraisalId}/votes`, {
      votes: [{ itemId: D.id, decision: 'keep', retention: 'D10', reason: '仍有查考价值' }],
    });
    expect(shorten.status).toBe(400);
    expect(shorten.body.error.code).toBe('retention.not_an_extension');
    expect(
      (
        await post('archivist', `/api/appraisals/${appraisalId}/votes`, {
          votes: [{ itemId: A.id, decision: 'destroy' }],
        })
      ).status,
    ).toBe(403);

    const v1 = await post('appraiser', `/api/appraisals/${appraisalId}/votes`, {
      votes: [
        { itemId: A.id, decision: 'destroy', reason: '保管期满，无保存价值' },
        { itemId: B.id, decision: 'destroy' },
        { itemId: C.id, decision: 'destroy' },
        { itemId: D.id, decision: 'keep', retention: 'D30', reason: '涉及待遇追溯，仍有查考价值' },
        { itemId: E.id, decision: 'destroy' },
      ],
    });
    expect(v1.status).toBe(200);
    const early = await post('keeper', `/api/appraisals/${appraisalId}/close`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('appraisal.undecided');

    const release = await post('keeper', `/api/appraisals/${appraisalId}/items/${E.id}/release`, {
      reason: '稽核调阅，移出本次鉴定',
    });
    expect(release.status).toBe(200);
    const onE = await post('appraiser2', `/api/appraisals/${appraisalId}/votes`, {
      votes: [{ itemId: E.id, decision: 'destroy' }],
    });
    expect(onE.body.error.code).toBe('appraisal.item_released');

    const v2 = await post('appraiser2', `/api/appraisals/${appraisalId}/votes`, {
      votes: [
        { itemId: A.id, decision: 'destroy' },
        { itemId: B.id, decision: 'destroy' },
        { itemId: C.id, decision: 'destroy' },
        { itemId: D.id, decision: 'destroy' }, // conflicting: any keep keeps (有疑即存)
      ],
    });
    expect(v2.status).toBe(200);
    expect(await auditOf('appraisal.vote', appraisalId)).toHaveLength(2);
  });

  it('closes: the kept item gets its new period and due date, the destroy decisions a 销毁清册 draft', async () => {
    const r = await post('keeper', `/api/appraisals/${appraisalId}/close`);
    expect(r.status).toBe(200);
    expect(r.body.appraisal.status).toBe('closed');
    const d = r.body.appraisal.entries.find((e: { itemId: string }) => e.itemId === D.id);
    expect(d.outcome).toMatchObject({ decision: 'keep', retention: 'D30', contested: true });

    const item = (await get('archivist', `/api/items/${D.id}`)).body;
    expect(item).toMatchObject({ retention: 'D30', retentionLabel: '30年', dueDate: '2044-01-01' });
    expect(item.appraisals).toEqual([
      expect.objectContaining({ appraisalId, from: 'D10', to: 'D30', reason: '涉及待遇追溯，仍有查考价值' }),
    ]);
    expect(await auditOf('item.extend', D.id)).toHaveLength(1);

    const list = r.body.destructionList;
    listId = list.id;
    expect(list).toMatchObject({
      status: 'draft',
      appraisalId,
      createdBy: 'keeper',
      committee: ['appraiser', 'appraiser2'],
    });
    expect(list.number).toMatch(/^XH-2024-\d{4}$/);
    expect(list.rows.map((x: { itemId: string }) => x.itemId)).toEqual([A.id, B.id, C.id]);
    expect(list.rows[0]).toMatchObject({
      seq: 1,
      archivalCode: A.archivalCode,
      year: 2013,
      pages: 2,
      opinion: '保管期满，无保存价值',
    });
    expect(list.rows[0].title).toBe('甲件养老待遇核定表');
    // The released item is back on the due list; the kept one is no longer due; the rest await destruction.
    const due = await get('archivist', '/api/retention/due');
    expect(due.body.items.map((i: { id: string }) => i.id)).toEqual([E.id]);
    // One list per appraisal.
    const dup = await post('keeper', '/api/destruction-lists', { appraisalId });
    expect(dup.body.error.code).toBe('destruction.exists');
    expect(await auditOf('appraisal.close', appraisalId)).toHaveLength(1);
    expect(await auditOf('destruction.create', listId)).toHaveLength(1);
  });

  it('refuses every shortcut: unapproved, one supervisor, the same supervisor twice, approver or maker as 监销人', async () => {
    const exec = (user: string) => post(user, `/api/destruction-lists/${listId}/execute`, { method: '删除' });
    expect((await exec('archivist')).body.error.code).toBe('destruction.not_approved');
    expect((await post('supervisor1', `/api/destruction-lists/${listId}/confirm`)).body.error.code).toBe(
      'destruction.not_approved',
    );
    expect((await post('archivist', `/api/destruction-lists/${listId}/approve`)).status).toBe(403);
    expect((await post('keeper', `/api/destruction-lists/${listId}/approve`)).status).toBe(403);

    const ok = await post('leader', `/api/destruction-lists/${listId}/approve`, { reason: '同意销毁' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', approval: { by: 'leader', decision: 'approved' } });
    expect(
      (await post('approver', `/api/destruction-lists/${listId}/refuse`, { reason: 'x' })).body.error.code,
    ).toBe('destruction.bad_transition');

    expect((await exec('archivist')).body.error).toMatchObject({
      code: 'destruction.supervisors_required',
      details: { confirmed: 0, required: 2 },
    });
    expect((await post('leader', `/api/destruction-lists/${listId}/confirm`)).body.error.code).toBe(
      'destruction.approver_as_supervisor',
    );
    expect((await post('keeper', `/api/destruction-lists/${listId}/confirm`)).body.error.code).toBe(
      'destruction.maker_as_supervisor',
    );
    expect((await post('approver', `/api/destruction-lists/${listId}/confirm`)).status).toBe(403);
    expect((await post('supervisor1', `/api/destruction-lists/${listId}/confirm`)).status).toBe(200);
    expect((await post('supervisor1', `/api/destruction-lists/${listId}/confirm`)).body.error.code).toBe(
      'destruction.already_confirmed',
    );
    const one = await exec('archivist');
    expect(one.body.error).toMatchObject({
      code: 'destruction.supervisors_required',
      details: { confirmed: 1 },
    });
    expect((await post('supervisor2', `/api/destruction-lists/${listId}/confirm`)).status).toBe(200);
    // No other role may execute, whatever it holds.
    for (const user of ['supervisor2', 'leader', 'appraiser', 'admin', 'auditor', 'clerk'])
      expect((await exec(user)).status).toBe(403);
    expect(
      (
        await post('archivist', `/api/destruction-lists/${listId}/execute`, {
          method: '删除',
          at: '2999-01-01T00:00:00Z',
        })
      ).body.error.code,
    ).toBe('destruction.bad_time');
    const l = (await get('approver', `/api/destruction-lists/${listId}`)).body;
    expect(l.supervisors).toEqual({ counted: ['supervisor1', 'supervisor2'], required: 2 });
    expect(l.rows.every((x: { status: string }) => x.status === 'archived')).toBe(true);
    expect(await auditOf('destruction.confirm', listId)).toHaveLength(2);
  });

  it('executes item by item, resumably: a crash mid-way, then a rerun; a hold placed since is respected', async () => {
    // Before: every object is stored, and A is found by search.
    for (const b of [pg.a1, pg.shared, pg.b1, pg.b2, pg.c1])
      expect(await t.archive.deps.blobs.has(sha(b))).toBe(true);
    expect((await get('archivist', '/api/search?q=甲件养老')).body.hits.map((h: any) => h.item.id)).toContain(
      A.id,
    );
    // A hold arrives on C after approval: C must survive.
    expect(
      (await post('archivist', `/api/items/${C.id}/holds`, { reason: '信访复查', authority: '区信访办' }))
        .status,
    ).toBe(201);

    await t.archive.worker.stop();
    const r = await post('archivist', `/api/destruction-lists/${listId}/execute`, {
      method: '删除',
      at: new Date(2024, 2, 3, 0, 0, 0).toISOString(),
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      status: 'executing',
      statusLabel: '销毁中',
      execution: { method: '删除', done: [] },
    });

    // The process "dies" while removing B's index entry (the second item): after its tombstone and objects.
    const real = t.archive.deps.search;
    let removals = 0;
    const crashing: CoreDeps = {
      ...t.archive.deps,
      search: {
        upsert: (d) => real.upsert(d),
        search: (q) => real.search(q),
        indexedRevision: (id) => real.indexedRevision(id),
        remove: async (id) => {
          if (++removals === 2) throw new Error('killed');
          return real.remove(id);
        },
      },
    };
    const handler = retentionJobs(crashing)[EXECUTE_DESTRUCTION_JOB]!;
    await expect(handler({ payload: { listId } } as Job)).rejects.toThrow('killed');
    const mid = (await get('archivist', `/api/destruction-lists/${listId}`)).body;
    expect(mid.status).toBe('executing');
    expect(mid.execution.done).toEqual([A.id]);
    expect(mid.execution.current).toMatchObject({ itemId: B.id, pages: 2 });
    expect((await get('archivist', `/api/items/${B.id}`)).body.status).toBe('destroyed');

    // The worker comes back and runs the queued job to the end.
    t.archive.worker.start();
    await t.archive.worker.drain();
    const done = (await get('archivist', `/api/destruction-lists/${listId}`)).body;
    expect(done).toMatchObject({ status: 'executed', statusLabel: '已销毁' });
    expect(done.execution.done).toEqual([A.id, B.id]);
    expect(done.execution.skipped).toEqual([{ itemId: C.id, reason: 'held' }]);
    expect(done.execution.current).toBeNull();
    expect(done.execution).toMatchObject({ deletedBlobs: 3, keptBlobs: 1 });
    // Nothing was done twice.
    expect(await auditOf('item.destroy', A.id)).toHaveLength(1);
    expect(await auditOf('item.destroy', B.id)).toHaveLength(1);
    expect(await auditOf('item.destroy', C.id)).toHaveLength(0);
    expect(await auditOf('destruction.execute', listId)).toHaveLength(1);
    expect(await auditOf('destruction.complete', listId)).toHaveLength(1);
    expect(await auditOf('destruction.record', listId)).toHaveLength(1);
  });

  it('deleted every object but the one another item shares, the index entries, and left tombstones 已销毁', async () => {
    const has = (b: Buffer) => t.archive.deps.blobs.has(sha(b));
    expect(await has(pg.a1)).toBe(false);
    expect(await has(pg.b1)).toBe(false);
    expect(await has(pg.b2)).toBe(false);
    expect(await has(pg.shared)).toBe(true); // F still uses it
    expect(await has(pg.c1)).toBe(true); // held, not destroyed
    expect((await get('archivist', `/api/items/${F.id}/pages/1`)).status).toBe(200);

    for (const [x, pages] of [
      [A, 2],
      [B, 2],
    ] as const) {
      const tomb = await get('archivist', `/api/items/${x.id}`);
      expect(tomb.status).toBe(200);
      expect(tomb.body).toMatchObject({
        status: 'destroyed',
        statusLabel: '已销毁',
        archivalCode: x.archivalCode,
        pages: [],
        pageCount: 0,
        hasText: false,
        destruction: { listId, method: '删除', pages },
      });
      const p = await get('archivist', `/api/items/${x.id}/pages/1`);
      expect([404, 410]).toContain(p.status);
    }
    expect((await t.archive.deps.search.indexedRevision(A.id)) ?? null).toBeNull();
    const found = await get('archivist', '/api/search?q=甲件养老');
    expect(found.body.total).toBe(0);
    expect((await get('archivist', '/api/search?q=乙件养老')).body.total).toBe(0);
    expect((await get('archivist', '/api/search?q=丙件养老')).body.total).toBe(1);
    expect((await get('archivist', `/api/items/${C.id}`)).body.status).toBe('archived');
    // Destroyed items never come back on the due list; the held one stays off it.
    const due = await get('archivist', '/api/retention/due');
    expect(due.body.items.map((i: { id: string }) => i.id)).toEqual([E.id]);
    expect(due.body.excluded.held).toBe(2);
  });

  it('a refused list sends its items back to the due list', async () => {
    const open = await post('archivist', '/api/appraisals', { itemIds: [E.id], quorum: 2 });
    expect(open.status).toBe(201);
    // Two members vote at the same moment: both votes count (compare-and-set, re-applied on a lost race).
    const votes = await Promise.all(
      ['appraiser', 'appraiser2'].map((u) =>
        post(u, `/api/appraisals/${open.body.id}/votes`, { votes: [{ itemId: E.id, decision: 'destroy' }] }),
      ),
    );
    expect(votes.map((v) => v.status)).toEqual([200, 200]);
    const closed = await post('archivist', `/api/appraisals/${open.body.id}/close`);
    expect(closed.body.appraisal.entries[0].votes).toHaveLength(2);
    const list2 = closed.body.destructionList.id;
    expect((await get('archivist', '/api/retention/due')).body.items).toEqual([]);
    expect((await post('approver', `/api/destruction-lists/${list2}/refuse`, {})).status).toBe(400);
    const refused = await post('approver', `/api/destruction-lists/${list2}/refuse`, {
      reason: '尚需征求业务科室意见',
    });
    expect(refused.body.status).toBe('refused');
    expect((await post('supervisor1', `/api/destruction-lists/${list2}/confirm`)).body.error.code).toBe(
      'destruction.not_approved',
    );
    expect(
      (await post('archivist', `/api/destruction-lists/${list2}/execute`, { method: '粉碎' })).body.error
        .code,
    ).toBe('destruction.not_approved');
    expect(
      (await get('archivist', '/api/retention/due')).body.items.map((i: { id: string }) => i.id),
    ).toEqual([E.id]);
    expect(await t.archive.deps.blobs.has(sha(pg.e1))).toBe(true);
  });

  it('stores the executed list as a permanent archived item whose PDF is the 销毁清册', async () => {
    const l = (await get('archivist', `/api/destruction-lists/${listId}`)).body;
    expect(l.record.archivalCode).toMatch(/^160-2024-GL-Y-\d{4}$/);
    const rec = (await get('archivist', `/api/items/${l.record.itemId}`)).body;
    expect(rec).toMatchObject({
      status: 'archived',
      statusLabel: '已归档',
      fondsCode: '160',
      year: 2024,
      classCode: 'GL',
      retention: 'Y',
      dueDate: null,
      archivalCode: l.record.archivalCode,
      pageCount: 1,
      title: `档案销毁清册（${l.number}）`,
    });
    expect(rec.pages[0].mediaType).toBe('application/pdf');
    const pdf = await get('archivist', `/api/items/${rec.id}/pages/1`);
    expect(pdf.status).toBe(200);
    const doc = await openWithPdfjs(pdf.body);
    const text = (await pdfjsTextItems(doc, 0)).map((i) => i.str).join('');
    for (const s of [
      '档案销毁清册',
      '序号',
      '档号',
      '题名',
      '年度',
      '保管期限',
      '页数',
      '鉴定意见',
      '备注',
      A.archivalCode,
      B.archivalCode,
      C.archivalCode,
      '甲件养老待遇核定表',
      '保管期满，无保存价值',
      '已冻结，未销毁',
      '销毁方式：删除',
      '鉴定小组成员',
      '批准人',
      '监销人',
      'supervisor1',
      'supervisor2',
      '批准人（分管领导兼监销人）',
      '监销人（supervisor1）',
      '鉴定小组成员（appraiser、appraiser2）',
    ])
      expect(text).toContain(s);
    // Search for a destroyed item's 档号 finds the list that destroyed it.
    await t.archive.worker.drain();
    const byCode = await get('archivist', `/api/search?q=${encodeURIComponent(A.archivalCode)}`);
    expect(byCode.body.hits.map((h: any) => h.item.id)).toContain(rec.id);

    // A preview for the approver (titles masked for roles without pii.full) renders too.
    const preview = await get('approver', `/api/destruction-lists/${listId}/form`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('application/pdf');

    // Rasterise the stored record's first page for a look (written under the test data dir when asked).
    if (process.env.RETENTION_PDF_PNG) {
      const png = await renderWithPdfjs(doc, 0, 110);
      mkdirSync(process.env.RETENTION_PDF_PNG, { recursive: true });
      if (png) writeFileSync(join(process.env.RETENTION_PDF_PNG, 'destruction-list.png'), png);
      writeFileSync(join(process.env.RETENTION_PDF_PNG, 'destruction-list.pdf'), pdf.body);
    }
  });
  describe('what else goes with a destruction: items out, the store’s ledger, the ingest trail', () => {
    /** A valid 公民身份号码 for person `n`. */
    const rid = (n: number) => {
      const first = `50010219800101${String(n).padStart(3, '0')}`;
      return first + residentIdCheckChar(first);
    };
    const PEOPLE = [
      { name: '赵建国', residentId: rid(1) },
      { name: '钱秀英', residentId: rid(2) },
    ];
    let H: any, J: any, K1: any, K2: any;
    let batchId: string;
    let fileSha: string;
    let fileBytes: Buffer;
    let loanId: string;
    let list3: any;
    const drafts: Record<string, Draft> = {};

    /** A form as a system prints it (a PDF with its text layer: no OCR needed), one page. */
    async function formPdf(person: { name: string; residentId: string }): Promise<Uint8Array> {
      const rendered = await t.archive.deps.media.renderer.renderForm(
        layoutForm({
          agency: '重庆市涪陵区社会保险局',
          title: '社会保险年度检验表',
          fields: [
            { label: '姓名', value: person.name },
            { label: '公民身份号码', value: person.residentId },
            { label: '单位名称', value: '重庆市涪陵区永利建筑工程有限公司' },
          ],
          signatures: [
            { label: '经办人', value: '李四' },
            { label: '经办日期', value: '2013年05月17日' },
          ],
        }),
      );
      return rendered.pdf;
    }

    /**
     * Runs an appraisal to an executed list, everyone voting destroy; returns the executed list. With
     * `crashAt`, the process first "dies" when the trail is about to record `item.destroy` of that item (after
     * its objects, ingest trail and movement), and the worker then resumes the job.
     */
    async function destroyAll(itemIds: string[], method = '粉碎', crashAt?: string) {
      const opened = await post('archivist', '/api/appraisals', { itemIds });
      expect([opened.status, opened.body.error]).toEqual([201, undefined]);
      for (const m of ['appraiser', 'appraiser2'])
        expect(
          (
            await post(m, `/api/appraisals/${opened.body.id}/votes`, {
              votes: itemIds.map((itemId) => ({ itemId, decision: 'destroy' })),
            })
          ).status,
        ).toBe(200);
      const closed = await post('archivist', `/api/appraisals/${opened.body.id}/close`);
      const id = closed.body.destructionList.id;
      expect((await post('leader', `/api/destruction-lists/${id}/approve`, { reason: '同意' })).status).toBe(
        200,
      );
      for (const s of ['supervisor1', 'supervisor2'])
        expect((await post(s, `/api/destruction-lists/${id}/confirm`)).status).toBe(200);
      if (crashAt) {
        await t.archive.worker.stop();
        expect((await post('archivist', `/api/destruction-lists/${id}/execute`, { method })).status).toBe(
          202,
        );
        const audit = t.archive.deps.audit;
        const crashing: CoreDeps = {
          ...t.archive.deps,
          audit: new Proxy(audit, {
            get: (target, prop) =>
              prop === 'append'
                ? (e: Parameters<typeof audit.append>[0]) => {
                    if (e.action === 'item.destroy' && e.target === crashAt) throw new Error('killed');
                    return target.append(e);
                  }
                : Reflect.get(target, prop),
          }),
        };
        await expect(
          retentionJobs(crashing)[EXECUTE_DESTRUCTION_JOB]!({ payload: { listId: id } } as Job),
        ).rejects.toThrow('killed');
        t.archive.worker.start();
      } else
        expect((await post('archivist', `/api/destruction-lists/${id}/execute`, { method })).status).toBe(
          202,
        );
      await t.archive.worker.drain();
      const done = (await get('archivist', `/api/destruction-lists/${id}`)).body;
      expect(done.status).toBe('executed');
      return done;
    }
    const draftBlobs = (d: Draft) =>
      [
        ...d.pages.flatMap((p) => [p.sha256, p.raster, p.preview, p.thumbnail, p.ocr?.words]),
        d.searchablePdf,
      ].filter((x): x is string => !!x);

    it('set-up: two items ingested from ONE scanned file, one filed by hand, one out on a loan', async () => {
      // One scanner file: 赵建国's form, a blank separator page, 钱秀英's form.
      const doc = await PDFDocument.create();
      for (const part of [await formPdf(PEOPLE[0]!), null, await formPdf(PEOPLE[1]!)]) {
        if (!part) {
          doc.addPage([595, 842]);
          continue;
        }
        const src = await PDFDocument.load(part);
        for (const pg of await doc.copyPages(src, src.getPageIndices())) doc.addPage(pg);
      }
      const bytes = Buffer.from(await doc.save());
      fileBytes = bytes;
      fileSha = sha(bytes);
      const form = new FormData();
      form.append(
        'metadata',
        JSON.stringify({ fondsCode: '160', splitMode: 'blank', section: '养老保险科' }),
      );
      form.append('files', new Blob([bytes]), `${PEOPLE[0]!.name}等.pdf`);
      const r = await t.api(as('archivist'), '/api/ingest/batches', { method: 'POST', body: form });
      expect(r.status).toBe(202);
      batchId = r.body.batch.id;
      let progress: any;
      for (let i = 0; i < 60 && progress?.batch.status !== 'done'; i++) {
        await t.archive.worker.drain();
        progress = (await get('archivist', `/api/ingest/batches/${batchId}`)).body;
      }
      expect(progress.batch.status).toBe('done');
      expect(progress.items.map((d: { pages: number }) => d.pages)).toEqual([1, 1]);
      const ids: string[] = [];
      for (const d of progress.items as { draftId: string; itemId: string; status: string }[]) {
        if (d.status === 'needs_review') {
          const draft = (await get('archivist', `/api/ingest/drafts/${d.draftId}`)).body.draft;
          const ok = await post('archivist', `/api/ingest/drafts/${d.draftId}/confirm`, {
            revision: draft.revision,
            fields: { year: 2013, date: '20130517' },
          });
          expect([ok.status, ok.body.error]).toEqual([200, undefined]);
        } else expect(d.status).toBe('filed');
        const acc = await post('archivist', `/api/items/${d.itemId}/accession`);
        expect([acc.status, acc.body.error]).toEqual([200, undefined]);
        expect(acc.body).toMatchObject({ status: 'archived', retention: 'D10', dueDate: '2024-01-01' });
        ids.push(d.itemId);
        drafts[d.itemId] = (await t.archive.deps.ingest.getDraft(d.draftId))!;
      }
      [K1, K2] = (await Promise.all(ids.map((id) => get('archivist', `/api/items/${id}`)))).map(
        (x) => x.body,
      );
      expect(K1.ingest).toMatchObject({ batchId });
      // What ingest keeps of 赵建国's item: the text, the names and 公民身份号码 read, the page raster.
      const d1 = drafts[K1.id]!;
      expect(JSON.stringify(d1)).toContain(PEOPLE[0]!.residentId);
      expect(d1.pages[0]!.raster).toMatch(/^[0-9a-f]{64}$/);
      for (const b of [...draftBlobs(d1), fileSha]) expect(await t.archive.deps.blobs.has(b)).toBe(true);

      H = await archived('辛件养老待遇核定表', [page()]);
      J = await archived('壬件养老待遇核定表', [page()]);
      const asked = await post('clerk', '/api/loans', {
        kind: 'loan',
        purpose: { category: '审计稽核', text: '稽核调原件' },
        items: [{ itemId: J.id }],
        days: 7,
      });
      expect(asked.status).toBe(201);
      loanId = asked.body.id;
      expect(
        (await post('head', `/api/loans/${loanId}/decision`, { decision: 'approve', step: 0 })).status,
      ).toBe(200);
      const out = await post('archivist', `/api/loans/${loanId}/checkout`, {
        items: [{ itemId: J.id, pages: 1 }],
      });
      expect(out.status).toBe(200);
      // The due list shows the item that is out as such.
      const due = await get('archivist', '/api/retention/due');
      const j = due.body.items.find((i: { id: string }) => i.id === J.id);
      expect(j.out).toMatchObject({ reason: 'loan', label: '借出中', ref: loanId });
      expect(due.body.items.find((i: { id: string }) => i.id === H.id).out).toBeNull();
    });

    it('appraises an item that is out, but skips it at execution (备注), releasing it to the due list', async () => {
      list3 = await destroyAll([K1.id, H.id, J.id], '粉碎', H.id);
      expect(list3.execution.done).toEqual([K1.id, H.id]);
      expect(list3.execution.skipped).toEqual([{ itemId: J.id, reason: 'out' }]);
      expect(list3.rows.find((r: { itemId: string }) => r.itemId === J.id).out).toMatchObject({
        reason: 'loan',
      });
      const j = (await get('archivist', `/api/items/${J.id}`)).body;
      expect(j).toMatchObject({ status: 'archived', pageCount: 1, out: { reason: 'loan', ref: loanId } });
      expect(await t.archive.deps.records.holder(`appraisal:${J.id}`)).toBeNull();
      const due = await get('archivist', '/api/retention/due');
      expect(due.body.items.map((i: { id: string }) => i.id)).toContain(J.id);
      expect((await auditOf('destruction.skip', list3.id))[0]!.details).toEqual({
        itemId: J.id,
        reason: 'out',
      });
      // The desk takes it back into the store as usual.
      const back = await post('archivist', `/api/loans/${loanId}/return`, {
        items: [{ itemId: J.id, pages: 1 }],
      });
      expect(back.status).toBe(200);
    });

    it('registers each destroyed item leaving the store (出库, 销毁) once, in 《档案异动登记表》', async () => {
      const moves = async (id: string) => {
        const out: any[] = [];
        for await (const m of t.archive.deps.records.collection<any>('movement').all({ subjectId: id }))
          out.push(m);
        return out;
      };
      for (const x of [K1, H]) {
        const m = (await moves(x.id)).filter((y) => y.reason === 'destruction');
        expect(m).toHaveLength(1);
        expect(m[0]).toMatchObject({
          direction: 'out',
          ref: list3.id,
          subjectLabel: x.archivalCode,
          to: `销毁清册 ${list3.number}`,
          note: '粉碎',
        });
      }
      expect((await moves(J.id)).map((m) => m.reason).sort()).toEqual(['loan', 'return']);
      // H's movement was registered before the process died; the resumed job did not register it again.
      expect(await auditOf('item.destroy', H.id)).toHaveLength(1);
      const api = await get('archivist', `/api/movements?subjectId=${H.id}`);
      expect(api.body.movements.map((m: { reason: string }) => m.reason)).toEqual(['destruction']);
      const reg = await get(
        'archivist',
        '/api/movements/register?kind=changes&from=2024-03-01&to=2024-03-31',
      );
      expect(reg.status).toBe(200);
      const doc = await openWithPdfjs(reg.body);
      let text = '';
      for (let i = 0; i < doc.numPages; i++)
        text += (await pdfjsTextItems(doc, i)).map((x) => x.str).join('');
      await doc.destroy();
      expect(text).toContain('档案异动登记表');
      expect(text).toContain(H.archivalCode);
      expect(text).toContain(K1.archivalCode);
      expect(text).toContain('销毁');
    });

    it('scrubs the destroyed item’s draft and deletes its rasters; keeps the scanned file another live item came from', async () => {
      const before = drafts[K1.id]!;
      const after = (await t.archive.deps.ingest.getDraft(before.id))!;
      expect(after).toMatchObject({
        id: before.id,
        itemId: K1.id,
        status: 'filed',
        pages: [],
        hint: null,
        extraction: null,
        classification: null,
        searchablePdf: null,
        reasons: [],
        purged: { pages: 1, files: [1] },
      });
      const text = JSON.stringify(after);
      for (const s of [PEOPLE[0]!.name, PEOPLE[0]!.residentId])
        expect([s, text.includes(s)]).toEqual([s, false]);
      for (const b of draftBlobs(before)) expect([b, await t.archive.deps.blobs.has(b)]).toEqual([b, false]);
      // Through the API too: the draft is there, with nothing left to show.
      const api = await get('archivist', `/api/ingest/drafts/${before.id}`);
      expect(api.body.draft).toMatchObject({ pages: [], extraction: null });
      expect((await get('archivist', `/api/ingest/drafts/${before.id}/pages/1/preview`)).status).toBe(404);

      // The scanned file also holds 钱秀英's live item: it stays, and the list says so.
      expect(await t.archive.deps.blobs.has(fileSha)).toBe(true);
      expect(list3.execution.keptOriginals).toEqual([
        { itemId: K1.id, batchId, file: 1, reason: 'live_item' },
      ]);
      expect(list3.execution.deletedOriginals).toBe(0);
      const batch = (await t.archive.deps.ingest.getBatch(batchId))!;
      const [p0, blank, p2] = batch.files[0]!.extracted!;
      expect(p0).toMatchObject({
        textLayer: null,
        raster: null,
        from: { file: 1, page: 0, originalName: '' },
      });
      expect(p2!.textLayer).toContain(PEOPLE[1]!.name);
      expect(blank!.analysis!.blank).toBe(true);
      expect(batch.files[0]!.purgedAt).toBeUndefined();
      // 钱秀英's item and draft are untouched.
      expect(await t.archive.deps.ingest.getDraft(drafts[K2.id]!.id)).toEqual(drafts[K2.id]);
      for (const b of draftBlobs(drafts[K2.id]!)) expect(await t.archive.deps.blobs.has(b)).toBe(true);
      expect((await get('archivist', `/api/items/${K2.id}/pages/1`)).status).toBe(200);
      // The permanent record's 备注 says why the original is still kept.
      const rec = await get('archivist', `/api/items/${list3.record.itemId}/pages/1`);
      const doc = await openWithPdfjs(rec.body);
      const recText = (await pdfjsTextItems(doc, 0)).map((i) => i.str).join('');
      await doc.destroy();
      for (const s of ['扫描原件另含未销毁的件', '借出或调出未归还，未销毁']) expect(recText).toContain(s);
      const destroyed = (await auditOf('item.destroy', K1.id))[0]!.details;
      expect(destroyed).toMatchObject({ ingest: { drafts: 1, originalsDeleted: 0, originalsKept: 1 } });
    });

    it('deletes the scanned file once every item taken from it is destroyed', async () => {
      const done = await destroyAll([K2.id], '删除');
      expect(done.execution).toMatchObject({ done: [K2.id], deletedOriginals: 1, keptOriginals: [] });
      expect(await t.archive.deps.blobs.has(fileSha)).toBe(false);
      const batch = (await t.archive.deps.ingest.getBatch(batchId))!;
      const file = batch.files[0]!;
      expect(file).toMatchObject({ status: 'paged', sha256: fileSha, originalName: '' });
      expect(file.purgedAt).toEqual(expect.any(String));
      for (const p of file.extracted!) {
        expect(p).toMatchObject({ textLayer: null, raster: null });
        expect(await t.archive.deps.blobs.has(p.sha256)).toBe(false); // the blank page's object too
      }
      const text =
        JSON.stringify(batch) + JSON.stringify(await t.archive.deps.ingest.getDraft(drafts[K2.id]!.id));
      for (const person of PEOPLE)
        for (const s of [person.name, person.residentId]) expect([s, text.includes(s)]).toEqual([s, false]);
      for (const b of draftBlobs(drafts[K2.id]!)) expect(await t.archive.deps.blobs.has(b)).toBe(false);
      // The batch view still lists the file (no name), and the fingerprint still names an item: the
      // fingerprint holds no personal data.
      const view = (await get('archivist', `/api/ingest/batches/${batchId}`)).body;
      expect(view.batch.files[0]).toMatchObject({ n: 1, originalName: '', purgedAt: expect.any(String) });
      expect((await t.archive.deps.ingest.getFingerprint(fileSha))?.batchId).toBe(batchId);
      // Electronic-only deletion (删除) of an item that was never boxed moves nothing out of the store.
      const moves = await get('archivist', `/api/movements?subjectId=${K2.id}`);
      expect(moves.body.movements).toEqual([]);
    });
    // DEFECT (server/core/ingest/receive-batch.ts receiveBatch, not retention code): the fingerprint of a
    // destroyed item's scanned file still names that item, and a re-upload of the same file is marked
    // `duplicate` of the destroyed item ("ingested before, as item …") — while receiveFile has already stored
    // the whole file again, where nothing will ever delete it. Expected: a file whose item was destroyed is
    // not reported as a plain duplicate of it (e.g. refused as `ingest.destroyed_before` naming the list,
    // with the stored copy deleted, or taken in anew for a new appraisal).
    it('refuses a re-upload of a file whose every item was destroyed, and keeps no copy of it', async () => {
      const form = new FormData();
      form.append(
        'metadata',
        JSON.stringify({ fondsCode: '160', splitMode: 'blank', section: '养老保险科' }),
      );
      form.append('files', new Blob([fileBytes]), 'again.pdf');
      const r = await t.api(as('archivist'), '/api/ingest/batches', { method: 'POST', body: form });
      expect(r.status).toBe(202);
      const file = r.body.batch.files[0];
      expect([file.status, file.error?.code]).toEqual(['rejected', 'ingest.destroyed_before']);
      expect(await t.archive.deps.blobs.has(file.sha256)).toBe(false);
    });
  });
});
