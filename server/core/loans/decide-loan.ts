import { can, type Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { conflict, invalid } from '../shared/errors';
import { refuseAudited } from './loan-auth';
import { loanRecords, visibleLoan } from './loan-records';
import { mayDecide, viewLoan, type LoanView } from './loan-view';
import { APPROVER_LABELS, assertTransition, currentStep, stepKey, type Loan } from './loan.model';
import type { DecisionInput } from './loan.schemas';

const DAY_MS = 24 * 3600_000;

/**
 * An approver decides the step waiting (审批): approve (the next step waits, or the request is approved and,
 * for 查阅 and 复制, the grant starts now for the days asked) or refuse (a reason is required; the request
 * ends). Compare-and-set on the request: of two approvers racing for one step, one wins and the other gets
 * 409 (`record.stale`, or `loan.step_already_decided` when the step they named is no longer waiting).
 */
export async function decideLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: DecisionInput,
): Promise<LoanView> {
  await authorizeAnyAudited(deps, actor, ctx, ['loan.approve', 'loan.desk'], 'loan.decide', id);
  const loan = await visibleLoan(deps, actor, id);
  const current = currentStep(loan);
  if (!current) throw conflict('loan.not_pending', `Request ${loan.number} is not waiting for approval.`);
  if (input.step !== undefined && input.step !== current.index)
    throw conflict('loan.step_already_decided', `Step ${input.step} of ${loan.number} is already decided.`, {
      currentStep: current.index,
    });
  if (!mayDecide(actor, loan, current.step))
    await refuseAudited(
      deps,
      actor,
      ctx,
      'loan.decide',
      id,
      'loan.not_your_step',
      `This step waits for the ${APPROVER_LABELS[current.step.approver]}${current.step.section ? ` of ${current.step.section}` : ''}, someone other than the borrower and the other approvers.`,
      { step: current.index },
    );
  if (input.decision === 'refuse' && !input.comment)
    throw invalid('loan.reason_required', 'A refusal states its reason.');

  const now = deps.clock.now();
  const at = now.toISOString();
  const steps = loan.steps.map((s, i) =>
    i === current.index
      ? {
          ...s,
          decision: input.decision === 'approve' ? ('approved' as const) : ('refused' as const),
          by: actor.username,
          byId: actor.accountId,
          at,
          comment: input.comment,
        }
      : s,
  );
  let next: Loan = { ...loan, steps, revision: loan.revision + 1, updatedAt: at };
  const following = steps[current.index + 1];
  if (input.decision === 'refuse') {
    assertTransition(loan, 'refused');
    next = { ...next, status: 'refused', pendingWith: null };
  } else if (following) {
    next = { ...next, pendingWith: stepKey(following) };
  } else {
    assertTransition(loan, 'approved');
    next = {
      ...next,
      status: 'approved',
      pendingWith: null,
      approvedAt: at,
      grant:
        loan.kind === 'loan'
          ? null
          : { from: at, until: new Date(now.getTime() + loan.days * DAY_MS).toISOString() },
    };
  }
  await loanRecords(deps).update(next);
  await recordAudit(deps, actor, ctx, input.decision === 'approve' ? 'loan.approve' : 'loan.refuse', id, {
    number: loan.number,
    step: current.index,
    approver: stepKey(current.step),
    status: next.status,
    ...(next.grant ? { grantUntil: next.grant.until } : {}),
  });
  return viewLoan(next, actor, now);
}

/** Withdraws a request not yet served physically (撤销): by its borrower, whoever registered it, or the desk. */
export async function cancelLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<LoanView> {
  await authorizeAnyAudited(deps, actor, ctx, ['loan.request', 'loan.desk'], 'loan.cancel', id);
  const loan = await visibleLoan(deps, actor, id);
  const own = loan.borrowerAccountId === actor.accountId || loan.createdById === actor.accountId;
  if (!own && !can(actor, 'loan.desk'))
    await refuseAudited(
      deps,
      actor,
      ctx,
      'loan.cancel',
      id,
      'loan.not_yours',
      'Only the borrower or the desk cancels.',
    );
  assertTransition(loan, 'cancelled');
  const now = deps.clock.now();
  const at = now.toISOString();
  const next: Loan = {
    ...loan,
    status: 'cancelled',
    pendingWith: null,
    cancelledAt: at,
    updatedAt: at,
    revision: loan.revision + 1,
  };
  await loanRecords(deps).update(next);
  await recordAudit(deps, actor, ctx, 'loan.cancel', id, { number: loan.number, from: loan.status });
  return viewLoan(next, actor, now);
}
