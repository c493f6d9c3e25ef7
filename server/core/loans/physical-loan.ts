import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { ItemId } from '../shared/ids';
import { DomainError, conflict, invalid } from '../shared/errors';
import type { StoredRecord } from '../records/record-store.port';
import { appraisalClaim } from '../retention/appraisal.model';
import { recordMovement } from '../store/movements';
import { currentLoanPolicy } from './loan-policy-store';
import { changeItem, deskLoan, loanRecords, physicalClaim } from './loan-records';
import { viewLoan, type LoanView } from './loan-view';
import { assertTransition, daysOverdue, dueDate, type Loan } from './loan.model';

const DAY_MS = 24 * 3600_000;
type Counted = { itemId: string; pages: number; note?: string | undefined }[];

/**
 * Checkout (借出) at the desk: the pages of each item counted in front of the borrower (当面清点), the due
 * date set, the items marked out of their boxes, an 出库 registered per item.
 *
 * Only an item in the store is lent: not destroyed (`loan.item_not_available`), not out on another loan
 * or movement (`loan.item_out`), and not held by an appraisal or a destruction list awaiting execution
 * (`loan.item_in_appraisal`: the paper stays until it is kept or destroyed).
 *
 * One physical item is lent to one request at a time: the desk first takes the claim `physical:<itemId>`
 * for every item (atomic; the loser of a race gets 409 `loan.item_out`), then moves the request to
 * 借出中 with compare-and-set. A failure after the claims gives them back unless the request did get
 * checked out (by a concurrent click on the same request, whose claims they are).
 */
export async function checkoutLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: { items: Counted },
): Promise<LoanView> {
  const loan = await deskLoan(deps, actor, ctx, 'loan.checkout', id);
  assertTransition(loan, 'checked_out');
  const counts = countsFor(loan, input.items, 'checkout');
  for (const li of loan.items) {
    const item = await deps.items.get(li.itemId as ItemId);
    if (!item || item.status !== 'archived')
      throw conflict(
        'loan.item_not_available',
        item?.status === 'destroyed'
          ? `Item ${li.archivalCode ?? li.itemId} has been destroyed (已销毁).`
          : `Item ${li.archivalCode ?? li.itemId} is not in the archive.`,
        { itemId: li.itemId, status: item?.status ?? null },
      );
    if (item.out && item.out.ref !== loan.id)
      throw conflict('loan.item_out', `Item ${li.archivalCode ?? li.itemId} is out of its box.`, {
        itemId: li.itemId,
        reason: item.out.reason,
      });
    const appraisalId = await appraisalHolding(deps, li.itemId);
    if (appraisalId)
      throw conflict(
        'loan.item_in_appraisal',
        `Item ${li.archivalCode ?? li.itemId} is under appraisal or on a destruction list (鉴定、待销毁): it stays in the store.`,
        { itemId: li.itemId, appraisalId },
      );
  }

  const keys = loan.items.map((i) => physicalClaim(i.itemId));
  const giveBack = async () => {
    const fresh = await loanRecords(deps).get(id);
    if (fresh?.status !== 'checked_out') for (const k of keys) await deps.records.release(k, loan.id);
  };
  for (const li of loan.items) {
    const holder = await deps.records.claim(physicalClaim(li.itemId), loan.id);
    if (holder !== loan.id) {
      await giveBack();
      await recordAudit(
        deps,
        actor,
        ctx,
        'loan.checkout',
        id,
        { number: loan.number, itemId: li.itemId },
        'failed',
      );
      throw conflict(
        'loan.item_out',
        `Item ${li.archivalCode ?? li.itemId} is already lent on another request.`,
        {
          itemId: li.itemId,
        },
      );
    }
  }

  const now = deps.clock.now();
  const at = now.toISOString();
  const due = dueDate(now, loan.days, loan.inRoom).toISOString();
  const items = loan.items.map((li) => {
    const pages = counts.get(li.itemId)!.pages;
    return { ...li, checkout: { pages, at, by: actor.username, countDiffers: pages !== li.pageCount } };
  });
  const differs = items.filter((i) => i.checkout.countDiffers).map((i) => i.itemId);
  const next: Loan = {
    ...loan,
    revision: loan.revision + 1,
    status: 'checked_out',
    items,
    due,
    checkedOutAt: at,
    handledBy: actor.username,
    flags: differs.length ? [...new Set([...loan.flags, 'checkout_count_differs' as const])] : loan.flags,
    updatedAt: at,
  };
  try {
    await loanRecords(deps).update(next);
  } catch (e) {
    await giveBack();
    if (e instanceof DomainError && e.code === 'record.stale')
      throw conflict('loan.changed', `Request ${loan.number} was changed meanwhile (checked out already?).`);
    throw e;
  }
  for (const li of loan.items) {
    await changeItem(deps, li.itemId, (item) => ({
      ...item,
      out: { reason: 'loan', ref: loan.id, since: at, due },
      updatedAt: at,
    }));
    await recordMovement(deps, actor, ctx, {
      subject: { kind: 'item', id: li.itemId },
      direction: 'out',
      reason: 'loan',
      ref: loan.number,
      to: `借阅 ${loan.number}`,
    });
  }
  await recordAudit(deps, actor, ctx, 'loan.checkout', id, {
    number: loan.number,
    itemIds: loan.items.map((i) => i.itemId),
    pages: items.map((i) => i.checkout.pages),
    due,
    countDiffers: differs,
  });
  return viewLoan(next, actor, now);
}

/**
 * The appraisal holding an item (鉴定中, or destroy decided and its 销毁清册 not yet executed), or null: the
 * retention module's claim `appraisal:<itemId>`, owned by a real appraisal (a claim a crash left without its
 * appraisal is free).
 */
async function appraisalHolding(deps: CoreDeps, itemId: string): Promise<string | null> {
  const holder = await deps.records.holder(appraisalClaim(itemId));
  if (!holder) return null;
  return (await deps.records.collection<StoredRecord>('appraisal').get(holder)) ? holder : null;
}

/** 续借: the due date moves on by the policy's renewal period (or fewer days), a limited number of times. */
export async function renewLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: { days?: number | undefined },
): Promise<LoanView> {
  const loan = await deskLoan(deps, actor, ctx, 'loan.renew', id);
  if (loan.status !== 'checked_out' || !loan.due)
    throw conflict('loan.not_out', `Request ${loan.number} is not out on loan.`);
  if (loan.inRoom)
    throw conflict('loan.in_room', 'An in-room loan comes back the same day: it cannot be renewed.');
  const { policy } = await currentLoanPolicy(deps);
  if (loan.renewals.length >= policy.maxRenewals)
    throw conflict('loan.renewal_limit', `At most ${policy.maxRenewals} renewals.`, {
      max: policy.maxRenewals,
    });
  const days = input.days ?? policy.renewalDays;
  if (days > policy.renewalDays)
    throw invalid('loan.period_too_long', `A renewal adds at most ${policy.renewalDays} days.`, {
      max: policy.renewalDays,
    });
  const now = deps.clock.now();
  const at = now.toISOString();
  const from = loan.due;
  const to = new Date(Math.max(Date.parse(from), now.getTime()) + days * DAY_MS).toISOString();
  const next: Loan = {
    ...loan,
    revision: loan.revision + 1,
    due: to,
    renewals: [...loan.renewals, { at, by: actor.username, from, to }],
    handledBy: actor.username,
    updatedAt: at,
  };
  await loanRecords(deps).update(next);
  for (const li of loan.items)
    if (!li.return)
      await changeItem(deps, li.itemId, (item) =>
        item.out?.ref === loan.id ? { ...item, out: { ...item.out, due: to }, updatedAt: at } : null,
      );
  await recordAudit(deps, actor, ctx, 'loan.renew', id, {
    number: loan.number,
    from,
    to,
    renewal: next.renewals.length,
    overdueDays: daysOverdue(from, now),
  });
  return viewLoan(next, actor, now);
}

/**
 * Return (归还) of some or all items: the pages counted again and compared with the checkout count; a
 * difference is recorded on the item and flags the request (`page_mismatch`, audited as such). Each item
 * goes back in its box, its claim is released and an 入库 (归还) registered — except an item destroyed
 * meanwhile (已销毁; only possible for data from before execution skipped items out): it is no longer
 * registered in the store, and the return's audit entry names it. With the last item the request becomes
 * 已归还.
 */
export async function returnLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: { items: Counted },
): Promise<LoanView> {
  const loan = await deskLoan(deps, actor, ctx, 'loan.return', id);
  if (loan.status !== 'checked_out')
    throw conflict('loan.not_out', `Request ${loan.number} is not out on loan.`);
  const counts = countsFor(loan, input.items, 'return');
  const now = deps.clock.now();
  const at = now.toISOString();
  const items = loan.items.map((li) => {
    const c = counts.get(li.itemId);
    if (!c) return li;
    const out = li.checkout?.pages ?? li.pageCount;
    return {
      ...li,
      return: { pages: c.pages, at, by: actor.username, mismatch: c.pages !== out, note: c.note ?? '' },
    };
  });
  const mismatched = items.filter((i) => counts.has(i.itemId) && i.return?.mismatch).map((i) => i.itemId);
  const all = items.every((i) => i.return);
  if (all) assertTransition(loan, 'returned');
  const next: Loan = {
    ...loan,
    revision: loan.revision + 1,
    items,
    status: all ? 'returned' : loan.status,
    returnedAt: all ? at : loan.returnedAt,
    flags: mismatched.length ? [...new Set([...loan.flags, 'page_mismatch' as const])] : loan.flags,
    handledBy: actor.username,
    updatedAt: at,
  };
  await loanRecords(deps).update(next);
  const destroyed: string[] = [];
  for (const itemId of counts.keys()) {
    const item = await changeItem(deps, itemId, (it) =>
      it.out?.ref === loan.id ? { ...it, out: null, updatedAt: at } : null,
    );
    await deps.records.release(physicalClaim(itemId), loan.id);
    // A destroyed item (已销毁) is not registered back into the store: it has no place there any more.
    if (item?.status === 'destroyed') {
      destroyed.push(itemId);
      continue;
    }
    await recordMovement(deps, actor, ctx, {
      subject: { kind: 'item', id: itemId },
      direction: 'in',
      reason: 'return',
      ref: loan.number,
      from: `借阅 ${loan.number}`,
    });
  }
  await recordAudit(deps, actor, ctx, 'loan.return', id, {
    number: loan.number,
    itemIds: [...counts.keys()],
    ...(destroyed.length ? { destroyedItems: destroyed } : {}),
    complete: all,
    overdueDays: loan.due ? daysOverdue(loan.due, now) : 0,
    pageMismatch: mismatched,
  });
  if (mismatched.length)
    await recordAudit(deps, actor, ctx, 'loan.page_mismatch', id, {
      number: loan.number,
      items: items
        .filter((i) => mismatched.includes(i.itemId))
        .map((i) => ({ itemId: i.itemId, out: i.checkout?.pages ?? null, back: i.return?.pages ?? null })),
    });
  return viewLoan(next, actor, now);
}

/** The counted items: every item of the request at checkout; at return, items still out, each once. */
function countsFor(loan: Loan, counted: Counted, when: 'checkout' | 'return'): Map<string, Counted[number]> {
  const map = new Map<string, Counted[number]>();
  for (const c of counted) {
    if (map.has(c.itemId)) throw invalid('loan.duplicate_item', `Item ${c.itemId} is counted twice.`);
    const li = loan.items.find((i) => i.itemId === c.itemId);
    if (!li) throw invalid('loan.item_not_in_request', `Item ${c.itemId} is not in request ${loan.number}.`);
    if (when === 'return' && li.return)
      throw conflict('loan.item_returned', `Item ${li.archivalCode ?? li.itemId} was already returned.`);
    map.set(c.itemId, c);
  }
  if (when === 'checkout' && map.size !== loan.items.length)
    throw invalid('loan.count_every_item', 'Count the pages of every item of the request at checkout.', {
      missing: loan.items.filter((i) => !map.has(i.itemId)).map((i) => i.itemId),
    });
  return map;
}
