/**
 * `npx tsx scripts/bench/loans.bench.ts [--items 5] [--requests 100]`
 *
 * 100 concurrent loan approvals and checkouts on the same items, through the HTTP API of a real embedded
 * archive (SQLite, filesystem, express on a free port):
 * 1. `--requests` physical-loan requests (借出) for `--items` items, each item asked for by several;
 * 2. approvals: two section heads decide step 0 of every request at once (2 × requests calls racing);
 * 3. checkouts: the desk checks out every approved request at once, twice over (double clicks).
 * Then checks that no item is out on two requests (the loan records, the item's `out` and the claim agree)
 * and that the audit chain is intact, and prints a markdown table. Timings are printed, never asserted; a
 * double checkout or a broken chain sets exit code 1.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { seedAccount } from '../../server/core/accounts/account-service';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import type { Loan } from '../../server/core/loans/loan.model';
import type { Item } from '../../server/core/items/item.model';
import { makeItem } from '../../test/factories/item.factory';
import { PASSWORD, startTestArchive, type TestArchive } from '../../test/support/test-archive';

const { values } = parseArgs({
  options: { items: { type: 'string', default: '5' }, requests: { type: 'string', default: '100' } },
  strict: true,
});
const ITEMS = Number(values.items);
const REQUESTS = Number(values.requests);

interface Wave {
  phase: string;
  calls: number;
  ok: number;
  conflicts: number;
  other: number;
  ms: number;
}

async function wave(phase: string, calls: (() => Promise<{ status: number }>)[]): Promise<Wave> {
  const started = performance.now();
  const results = await Promise.all(calls.map((c) => c()));
  const ms = performance.now() - started;
  const ok = results.filter((r) => r.status === 200).length;
  const conflicts = results.filter((r) => r.status === 409).length;
  return { phase, calls: calls.length, ok, conflicts, other: calls.length - ok - conflicts, ms };
}

async function main(): Promise<void> {
  const t: TestArchive = await startTestArchive();
  try {
    await seedAccount(t.archive.deps, {
      username: 'headb',
      displayName: '养老保险科副科长',
      password: PASSWORD,
      roles: ['section_head'],
      section: '养老保险科',
    });
    const clerk = await t.login('clerk');
    const head = await t.login('head');
    const headb = await t.login('headb');
    const archivist = await t.login('archivist');
    const post = (token: string, path: string, body: unknown) =>
      t.api(token, path, { method: 'POST', body: JSON.stringify(body) });

    const items: Item[] = [];
    for (let k = 1; k <= ITEMS; k++) {
      const pages = Array.from({ length: 4 }, (_, i) => ({
        n: i + 1,
        sha256: `${'0'.repeat(62)}${String(i).padStart(2, '0')}`,
        mediaType: 'image/jpeg',
        bytes: 1,
        originalName: `${i + 1}.jpg`,
      }));
      const item = makeItem({
        status: 'archived',
        archivalCode: `160-2013-GL-D100-${String(k).padStart(4, '0')}`,
        itemNumber: k,
        pages,
      });
      await t.stores.items.insert(item);
      items.push(item);
    }

    const filing = await wave(
      'file requests',
      Array.from(
        { length: REQUESTS },
        (_, i) => () =>
          post(clerk, '/api/loans', {
            kind: 'loan',
            purpose: { category: '业务办理', text: `并发借阅 ${i + 1}` },
            items: [{ itemId: items[i % ITEMS]!.id }],
            days: 7,
          }).then((r) => ({ status: r.status === 201 ? 200 : r.status, id: r.body.id as string })),
      ),
    );
    const ids: string[] = [];
    for await (const loan of t.archive.deps.records.collection<Loan>('loan').all()) ids.push(loan.id);

    const approvals = await wave(
      'approvals (2 heads race per step)',
      ids.flatMap((id) =>
        [head, headb].map(
          (token) => () => post(token, `/api/loans/${id}/decision`, { decision: 'approve', step: 0 }),
        ),
      ),
    );
    const loanItem = new Map<string, string>();
    for await (const loan of t.archive.deps.records.collection<Loan>('loan').all())
      loanItem.set(loan.id, loan.items[0]!.itemId);
    const checkouts = await wave(
      'checkouts (each twice, at once)',
      [...ids, ...ids].map(
        (id) => () =>
          post(archivist, `/api/loans/${id}/checkout`, { items: [{ itemId: loanItem.get(id)!, pages: 4 }] }),
      ),
    );

    // No item out on two requests: the loan records, the items' `out` and the claims must agree.
    const outOn = new Map<string, string[]>();
    for await (const loan of t.archive.deps.records.collection<Loan>('loan').all({ status: 'checked_out' }))
      for (const li of loan.items) outOn.set(li.itemId, [...(outOn.get(li.itemId) ?? []), loan.id]);
    let doubles = 0;
    let disagreements = 0;
    for (const item of items) {
      const loans = outOn.get(item.id) ?? [];
      if (loans.length > 1) doubles++;
      const stored = await t.archive.deps.items.get(item.id);
      const claim = await t.archive.deps.records.holder(`physical:${item.id}`);
      if (loans.length === 1 && (stored?.out?.ref !== loans[0] || claim !== loans[0])) disagreements++;
      if (loans.length === 0 && (stored?.out || claim)) disagreements++;
    }
    const chain = await verifyAuditChain(t.archive.deps.audit);

    const row = (w: Wave) =>
      `| ${w.phase} | ${w.calls} | ${w.ok} | ${w.conflicts} | ${w.other} | ${w.ms.toFixed(0)} | ${(w.calls / (w.ms / 1000)).toFixed(0)} |`;
    console.log(
      `\nLoans under contention: ${REQUESTS} requests on ${ITEMS} items (embedded profile, HTTP)\n`,
    );
    console.log('| phase | calls | successes | conflicts (409) | other | time (ms) | calls/s |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const w of [filing, approvals, checkouts]) console.log(row(w));
    console.log('\n| check | result | expected |');
    console.log('|---|---|---|');
    console.log(`| approvals that won | ${approvals.ok} | ${REQUESTS} (one per request) |`);
    console.log(`| checkouts that won | ${checkouts.ok} | ${ITEMS} (one per item) |`);
    console.log(`| double checkouts | ${doubles} | 0 |`);
    console.log(`| loan / item.out / claim disagreements | ${disagreements} | 0 |`);
    console.log(
      `| audit chain intact | ${chain.ok ? 'yes' : `NO (broken at ${chain.brokenAt}: ${chain.reason})`} (${chain.entries} entries) | yes |`,
    );
    const ok =
      doubles === 0 && disagreements === 0 && chain.ok && approvals.ok === REQUESTS && checkouts.ok === ITEMS;
    if (!ok) process.exitCode = 1;
  } finally {
    await t.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
