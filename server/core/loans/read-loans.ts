import { can, type Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { RecordWhere } from '../records/record-store.port';
import { forbidden } from '../shared/errors';
import { loanRecords, visibleLoan } from './loan-records';
import { approverKeys, mayDecide, viewLoan, type LoanView } from './loan-view';
import { currentStep, daysOverdue, type Loan } from './loan.model';
import type { LoanListQuery } from './loan.schemas';

const ANY_LOAN_ROLE = ['loan.request', 'loan.approve', 'loan.desk'] as const;

/** One request (audited: it names the borrower and the items). */
export async function getLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<LoanView> {
  await authorizeAnyAudited(deps, actor, ctx, ANY_LOAN_ROLE, 'loan.read', id);
  const loan = await visibleLoan(deps, actor, id);
  await recordAudit(deps, actor, ctx, 'loan.read', id, { number: loan.number });
  return viewLoan(loan, actor, deps.clock.now());
}

/**
 * Requests, newest first: `mine` (the actor borrows), `to_approve` (a step waits for the actor), `all` (the
 * desk). Paged by cursor, except `to_approve` for someone who approves in two capacities (one page each).
 */
export async function listLoans(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: LoanListQuery,
): Promise<{ loans: LoanView[]; nextCursor: string | null }> {
  await authorizeAnyAudited(deps, actor, ctx, ANY_LOAN_ROLE, 'loan.list', null);
  if (q.view === 'all' && !can(actor, 'loan.desk')) {
    await recordAudit(deps, actor, ctx, 'loan.list', null, { view: q.view }, 'denied');
    throw forbidden('auth.forbidden', 'Only the archive desk lists every request.');
  }
  const status: RecordWhere = q.status ? { status: q.status } : {};
  const now = deps.clock.now();
  let loans: Loan[];
  let nextCursor: string | null = null;
  if (q.view === 'to_approve') {
    const keys = approverKeys(actor);
    const pages = await Promise.all(
      keys.map((k) =>
        loanRecords(deps).list({ pendingWith: k }, q.limit, keys.length === 1 ? (q.cursor ?? null) : null),
      ),
    );
    if (pages.length === 1) nextCursor = pages[0]!.nextCursor;
    loans = pages
      .flatMap((p) => p.records)
      .filter((l) => {
        const step = currentStep(l);
        return step !== null && mayDecide(actor, l, step.step);
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  } else {
    const where: RecordWhere = q.view === 'mine' ? { ...status, borrowerAccountId: actor.accountId } : status;
    const page = await loanRecords(deps).list(where, q.limit, q.cursor ?? null);
    loans = page.records;
    nextCursor = page.nextCursor;
  }
  await recordAudit(deps, actor, ctx, 'loan.list', null, { view: q.view, returned: loans.length });
  return { loans: loans.map((l) => viewLoan(l, actor, now)), nextCursor };
}

/** Physical loans past their due date (催还 list), most overdue first (the desk). */
export async function overdueLoans(deps: CoreDeps, actor: Actor, ctx: RequestContext): Promise<LoanView[]> {
  await authorizeAudited(deps, actor, ctx, 'loan.desk', 'loan.overdue_list', null);
  const now = deps.clock.now();
  const out: Loan[] = [];
  for await (const loan of loanRecords(deps).all({ status: 'checked_out' }))
    if (loan.due && daysOverdue(loan.due, now) > 0) out.push(loan);
  out.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''));
  await recordAudit(deps, actor, ctx, 'loan.overdue_list', null, { returned: out.length });
  return out.map((l) => viewLoan(l, actor, now));
}
