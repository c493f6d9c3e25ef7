import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { deskLoan, loanRecords } from './loan-records';
import { viewLoan, type LoanView } from './loan-view';
import { assertTransition, type Loan } from './loan.model';
import type { CloseInput } from './loan.schemas';

/**
 * Closes a served request (办结) with its use effect (利用效果: 提供凭证, 维护权益 …, and what it achieved),
 * optionally marking it a typical case (典型事例) for the year's compilation. Closing ends an electronic
 * grant at once; a physical loan closes only once every item is back.
 */
export async function closeLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: CloseInput,
): Promise<LoanView> {
  const loan = await deskLoan(deps, actor, ctx, 'loan.close', id);
  assertTransition(loan, 'closed');
  const now = deps.clock.now();
  const at = now.toISOString();
  const next: Loan = {
    ...loan,
    revision: loan.revision + 1,
    status: 'closed',
    effect: { category: input.effect.category, note: input.effect.note, typical: input.typical ?? null },
    closedAt: at,
    closedBy: actor.username,
    handledBy: actor.username,
    updatedAt: at,
  };
  await loanRecords(deps).update(next);
  // The effect's free text and the case summary may name people: they stay out of the audit trail.
  await recordAudit(deps, actor, ctx, 'loan.close', id, {
    number: loan.number,
    effect: input.effect.category,
    typical: !!input.typical,
  });
  return viewLoan(next, actor, now);
}
