import type { Item } from '../../server/core/items/item.model';
import type { Loan } from '../../server/core/loans/loan.model';
import {
  CLAIM_GRACE_MS,
  CLAIM_SWEEP,
  sweepClaims,
  type ClaimSweepRecord,
} from '../../server/core/records/repair-claims';
import { ManualClock } from '../../server/core/shared/clock.port';
import { makeItem } from '../factories/item.factory';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

/**
 * The repair of claims a killed process left behind (server/core/records/repair-claims.ts): orphans of
 * every kind are noted by one sweep, released by a later one at least the grace period on, and the item is
 * then usable again through the API; legitimate claims, and an orphan whose owner took it up again in
 * between, stay.
 */
const START = new Date('2026-03-02T01:00:00Z'); // 09:00 in Chongqing
const MINUTE = 60_000;

describe.each(testBackends())('API: repair of orphaned claims [%s backends]', (backend) => {
  let t: TestArchive;
  let clock: ManualClock;
  const tok: Record<string, string> = {};
  const post = (user: string, path: string, body: unknown = {}) =>
    t.api(tok[user]!, path, { method: 'POST', body: JSON.stringify(body) });
  const holder = (key: string) => t.archive.deps.records.holder(key);
  const claim = (key: string, owner: string) => t.archive.deps.records.claim(key, owner);
  const sweepRecord = (key: string) =>
    t.archive.deps.records.collection<ClaimSweepRecord>(CLAIM_SWEEP).get(key);

  let n = 0;
  async function item(overrides: Partial<Item>): Promise<Item> {
    n++;
    const i = makeItem(overrides);
    await t.stores.items.insert(i);
    return i;
  }
  const archived = (overrides: Partial<Item> = {}) =>
    item({
      status: 'archived',
      archivalCode: `160-2013-GL-D100-${String(n + 1).padStart(4, '0')}`,
      itemNumber: n + 1,
      ...overrides,
    });

  async function approvedLoan(itemId: string): Promise<string> {
    const r = await post('clerk', '/api/loans', {
      kind: 'loan',
      purpose: { category: '业务办理', text: '待遇复核' },
      items: [{ itemId }],
      days: 7,
    });
    expect(r.status).toBe(201);
    expect(
      (await post('head', `/api/loans/${r.body.id}/decision`, { decision: 'approve' })).body.status,
    ).toBe('approved');
    return r.body.id;
  }
  const checkout = (loanId: string, itemId: string) =>
    post('archivist', `/api/loans/${loanId}/checkout`, { items: [{ itemId, pages: 0 }] });

  // What the test set up: the legitimate claims (which must stay) and the orphans (which must go).
  const legit: Record<string, string> = {};
  const orphans: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const items: Record<string, Item> = {};

  beforeAll(async () => {
    clock = new ManualClock(START);
    t = await startTestArchive({ backend, clock });
    for (const u of ['archivist', 'clerk', 'head', 'auditor']) tok[u] = await t.login(u);
    await t.archive.worker.drain(); // the sweep queued at worker start has run (nothing to repair)

    // box-item: a box holding one item (legitimate); a packing killed before its box was written; a
    // removal killed after the box was written (the item still names the box); a packing being retried.
    items.boxed = await archived();
    items.boxKilled = await archived();
    items.boxRemoved = await archived();
    items.boxRetried = await archived();
    const box = await post('archivist', '/api/boxes', {
      fondsCode: '160',
      year: 2013,
      classCode: 'GL',
      retention: 'D100',
      items: [items.boxed.id],
    });
    expect(box.status).toBe(201);
    const boxId: string = box.body.id;
    ids.box = boxId;
    legit[`box-item:${items.boxed.id}`] = boxId;
    orphans[`box-item:${items.boxKilled.id}`] = 'box_killed_before_insert';
    orphans[`box-item:${items.boxRemoved.id}`] = boxId;
    await t.stores.items.update({
      ...items.boxRemoved,
      box: { boxId, boxNumber: box.body.boxNumber },
      revision: items.boxRemoved.revision + 1,
    });

    // transfer-item: a draft transfer (legitimate); a transfer that was never written; a cancelled one.
    items.inTransfer = await item({ status: 'pre_archived' });
    items.trfKilled = await item({ status: 'pre_archived' });
    items.trfCancelled = await item({ status: 'pre_archived' });
    const draft = await post('clerk', '/api/transfers', { itemIds: [items.inTransfer.id] });
    expect(draft.status).toBe(201);
    legit[`transfer-item:${items.inTransfer.id}`] = draft.body.id;
    const cancelled = await post('clerk', '/api/transfers', { itemIds: [items.trfCancelled.id] });
    expect((await post('clerk', `/api/transfers/${cancelled.body.id}/cancel`)).body.status).toBe('cancelled');
    orphans[`transfer-item:${items.trfKilled.id}`] = 'trf_killed_before_insert';
    orphans[`transfer-item:${items.trfCancelled.id}`] = cancelled.body.id;

    // physical: a loan checked out (legitimate); a checkout killed before its write (the request stays
    // 已批准); a return killed after its write (the item still marked out, its 入库 not registered).
    items.lent = await archived();
    items.lentKilled = await archived();
    items.returnKilled = await archived();
    ids.lent = await approvedLoan(items.lent.id);
    expect((await checkout(ids.lent, items.lent.id)).status).toBe(200);
    legit[`physical:${items.lent.id}`] = ids.lent;
    ids.stuckCheckout = await approvedLoan(items.lentKilled.id);
    orphans[`physical:${items.lentKilled.id}`] = ids.stuckCheckout;
    ids.returned = await approvedLoan(items.returnKilled.id);
    expect((await checkout(ids.returned, items.returnKilled.id)).status).toBe(200);
    const loans = t.archive.deps.records.collection<Loan>('loan');
    const out = (await loans.get(ids.returned))!;
    const at = clock.now().toISOString();
    await loans.update({
      ...out,
      revision: out.revision + 1,
      status: 'returned',
      returnedAt: at,
      items: out.items.map((li) => ({
        ...li,
        return: { pages: 0, at, by: 'archivist', mismatch: false, note: '' },
      })),
    });
    orphans[`physical:${items.returnKilled.id}`] = ids.returned;

    // appraisal: an open appraisal over a due item (legitimate); a claim naming that appraisal for an
    // item it does not list; a claim of an appraisal that was never written.
    const due = { retention: 'D10' as const, dueDate: '2024-01-01' };
    items.appraised = await archived(due);
    items.aprStray = await archived(due);
    items.aprKilled = await archived(due);
    const apr = await post('archivist', '/api/appraisals', { itemIds: [items.appraised.id] });
    expect(apr.status).toBe(201);
    legit[`appraisal:${items.appraised.id}`] = apr.body.id;
    orphans[`appraisal:${items.aprStray.id}`] = apr.body.id;
    orphans[`appraisal:${items.aprKilled.id}`] = 'apr_killed_before_insert';

    // location: a room (legitimate); a room whose creation was killed between the claim and the insert.
    const room = await post('archivist', '/api/locations', { kind: 'room', number: 1 });
    expect(room.status).toBe(201);
    legit['location:1库'] = room.body.location.id;
    orphans['location:2库'] = 'loc_killed_before_insert';

    for (const [key, owner] of Object.entries(orphans)) expect(await claim(key, owner)).toBe(owner);
    // A packing killed before its write, retried (and finished) between the two sweeps.
    expect(await claim(`box-item:${items.boxRetried.id}`, boxId)).toBe(boxId);
    for (const [key, owner] of Object.entries(legit)) expect(await holder(key)).toBe(owner);
  }, 60_000);
  afterAll(async () => t.close());

  it('blocks the items before the repair', async () => {
    const add = await post('archivist', `/api/boxes/${ids.box}/items`, { items: [items.boxRemoved!.id] });
    expect([add.status, add.body.error.code]).toEqual([409, 'box.item_already_boxed']);
    const other = await approvedLoan(items.lentKilled!.id);
    const lend = await checkout(other, items.lentKilled!.id);
    expect([lend.status, lend.body.error.code]).toEqual([409, 'loan.item_out']);
    ids.otherLoan = other;
    const again = await approvedLoan(items.returnKilled!.id);
    ids.lendAgain = again;
    expect((await checkout(again, items.returnKilled!.id)).body.error.code).toBe('loan.item_out');
    const apr = await post('archivist', '/api/appraisals', { itemIds: [items.aprStray!.id] });
    expect([apr.status, apr.body.error.code]).toEqual([409, 'appraisal.items_not_eligible']);
    const room = await post('archivist', '/api/locations', { kind: 'room', number: 2 });
    expect([room.status, room.body.error.code]).toEqual([409, 'location.exists']);
  });

  it('notes the orphans on the first sweep and releases nothing', async () => {
    const first = await sweepClaims(t.archive.deps);
    expect(first.released).toBe(0);
    expect(first.suspected).toBe(Object.keys(orphans).length + 1);
    for (const [key, owner] of Object.entries({ ...orphans, ...legit }))
      expect(await holder(key)).toBe(owner);
    for (const [key, owner] of Object.entries(orphans))
      expect(await sweepRecord(key)).toMatchObject({
        key,
        owner,
        state: 'suspected',
        firstSeen: START.toISOString(),
      });
    for (const key of Object.keys(legit)) expect(await sweepRecord(key)).toBeNull();
    expect(await t.archive.deps.audit.list({ action: 'claim.released', limit: 10 })).toEqual([]);
  });

  it('releases nothing within the grace period; an orphan taken up again by its owner is cleared', async () => {
    // The retried packing finishes: its box now lists the item (the claim was the box's already).
    const added = await post('archivist', `/api/boxes/${ids.box}/items`, { items: [items.boxRetried!.id] });
    expect(added.status).toBe(200);
    clock.advance(CLAIM_GRACE_MS / 2);
    const second = await sweepClaims(t.archive.deps);
    expect(second).toMatchObject({ released: 0, suspected: 0 });
    for (const [key, owner] of Object.entries(orphans)) expect(await holder(key)).toBe(owner);
    expect((await sweepRecord(`box-item:${items.boxRetried!.id}`))?.state).toBe('cleared');
  });

  it('releases the orphans on the hourly run past the grace period, audited, and keeps the rest', async () => {
    clock.set(new Date(START.getTime() + 61 * MINUTE));
    await t.archive.worker.drain(); // the run queued an hour after the one at worker start
    for (const key of Object.keys(orphans)) expect([key, await holder(key)]).toEqual([key, null]);
    for (const [key, owner] of Object.entries(legit)) expect(await holder(key)).toBe(owner);
    expect(await holder(`box-item:${items.boxRetried!.id}`)).toBe(ids.box);
    for (const key of Object.keys(orphans)) expect((await sweepRecord(key))?.state).toBe('released');

    const audit = await t.archive.deps.audit.list({ action: 'claim.released', limit: 100 });
    expect(audit).toHaveLength(Object.keys(orphans).length);
    for (const e of audit) {
      expect(e).toMatchObject({ actor: 'system', outcome: 'ok' });
      expect(Object.keys(e.details).sort()).toEqual(
        ['firstSeen', 'owner', 'prefix', e.details.prefix === 'location:' ? 'code' : 'itemId'].sort(),
      );
    }
    expect(
      audit.map((e) => `${e.details.prefix as string}${e.target}=${e.details.owner as string}`).sort(),
    ).toEqual(
      Object.entries(orphans)
        .map(([k, o]) => `${k}=${o}`)
        .sort(),
    );
    expect(audit.find((e) => e.target === items.aprStray!.id)?.details).toEqual({
      prefix: 'appraisal:',
      owner: orphans[`appraisal:${items.aprStray!.id}`],
      itemId: items.aprStray!.id,
      firstSeen: START.toISOString(),
    });
    const text = JSON.stringify(audit);
    expect(text).not.toContain('张伟');
    expect(text).not.toContain('500102199001014517');
  });

  it('finishes what the killed steps left on the items, which can then be boxed, transferred, lent', async () => {
    tok.archivist = await t.login('archivist');
    const removed = await t.api(tok.archivist!, `/api/items/${items.boxRemoved!.id}`);
    expect(removed.body.box ?? null).toBeNull();
    const back = await t.api(tok.archivist!, `/api/items/${items.returnKilled!.id}`);
    expect(back.body.out ?? null).toBeNull();
    const moves: { direction: string; reason: string; actor: string }[] = [];
    for await (const m of t.archive.deps.records
      .collection<{ id: string; revision: number; direction: string; reason: string; actor: string }>(
        'movement',
      )
      .all({ subjectId: items.returnKilled!.id }))
      moves.push(m);
    expect(moves.map((m) => [m.direction, m.reason, m.actor]).sort()).toEqual([
      ['in', 'return', 'system'],
      ['out', 'loan', 'archivist'],
    ]);

    const boxed = await post('archivist', `/api/boxes/${ids.box}/items`, {
      items: [items.boxKilled!.id, items.boxRemoved!.id],
    });
    expect(boxed.status).toBe(200);
    const transferred = await post('clerk', '/api/transfers', {
      itemIds: [items.trfKilled!.id, items.trfCancelled!.id],
    });
    expect(transferred.status).toBe(201);
    expect((await checkout(ids.otherLoan!, items.lentKilled!.id)).status).toBe(200);
    expect((await checkout(ids.lendAgain!, items.returnKilled!.id)).status).toBe(200);
    const apr = await post('archivist', '/api/appraisals', {
      itemIds: [items.aprStray!.id, items.aprKilled!.id],
    });
    expect(apr.status).toBe(201);
    expect((await post('archivist', '/api/locations', { kind: 'room', number: 2 })).status).toBe(201);
  });

  it('keeps the claims of items awaiting destruction; releases those a keep or a refused list left', async () => {
    for (const u of ['appraiser', 'appraiser2', 'approver']) tok[u] = await t.login(u);
    const due = { retention: 'D10' as const, dueDate: '2024-01-01' };
    const [destroy, keep, refused] = [await archived(due), await archived(due), await archived(due)];
    const voteAndClose = async (aprId: string, votes: unknown[]) => {
      for (const u of ['appraiser', 'appraiser2'])
        expect((await post(u, `/api/appraisals/${aprId}/votes`, { votes })).status).toBe(200);
      const closed = await post('archivist', `/api/appraisals/${aprId}/close`);
      expect(closed.status).toBe(200);
      return closed.body.destructionList.id as string;
    };
    const a1 = (await post('archivist', '/api/appraisals', { itemIds: [destroy.id, keep.id] })).body.id;
    await voteAndClose(a1, [
      { itemId: destroy.id, decision: 'destroy' },
      { itemId: keep.id, decision: 'keep', retention: 'D30', reason: '仍有查考价值' },
    ]);
    const a2 = (await post('archivist', '/api/appraisals', { itemIds: [refused.id] })).body.id;
    const list2 = await voteAndClose(a2, [{ itemId: refused.id, decision: 'destroy' }]);
    const refuse = await post('approver', `/api/destruction-lists/${list2}/refuse`, { reason: '暂缓销毁' });
    expect(refuse.body.status).toBe('refused');
    // Killed before their release: the kept item's claim, the refused list's item's claim.
    expect(await claim(`appraisal:${keep.id}`, a1)).toBe(a1);
    expect(await claim(`appraisal:${refused.id}`, a2)).toBe(a2);

    expect((await sweepClaims(t.archive.deps)).released).toBe(0);
    clock.advance(CLAIM_GRACE_MS + MINUTE);
    expect((await sweepClaims(t.archive.deps)).released).toBe(2);
    expect(await holder(`appraisal:${destroy.id}`)).toBe(a1); // on the draft 销毁清册: stays
    expect(await holder(`appraisal:${keep.id}`)).toBeNull();
    expect(await holder(`appraisal:${refused.id}`)).toBeNull();
  });

  it('resumes a release a killed sweep left half-way, and keeps sweeping every hour', async () => {
    const stray = await archived();
    const key = `physical:${stray.id}`;
    await claim(key, 'loan_killed');
    const at = clock.now().toISOString();
    await t.archive.deps.records.collection<ClaimSweepRecord>(CLAIM_SWEEP).insert({
      id: key,
      revision: 1,
      key,
      owner: 'loan_killed',
      state: 'releasing',
      firstSeen: at,
      updatedAt: at,
    });
    const late = await archived();
    await claim(`box-item:${late.id}`, 'box_killed');
    clock.advance(61 * MINUTE);
    await t.archive.worker.drain(); // the next hourly run
    expect(await holder(key)).toBeNull();
    expect((await sweepRecord(key))?.state).toBe('released');
    expect(
      (await t.archive.deps.audit.list({ action: 'claim.released', target: stray.id, limit: 5 })).length,
    ).toBe(1);
    // The new orphan is only noted by this run.
    expect(await holder(`box-item:${late.id}`)).toBe('box_killed');
    expect(await sweepRecord(`box-item:${late.id}`)).toMatchObject({
      state: 'suspected',
      firstSeen: clock.now().toISOString(),
    });
  });
});
