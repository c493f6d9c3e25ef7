import { can, seesFullPersonalData, type Actor } from '../access/actor';
import { maskName, maskResidentId } from '../access/masking.policy';
import { isResidentId } from '../identifiers';
import {
  BORROWER_TYPE_LABELS,
  LOAN_KIND_LABELS,
  LOAN_STATUS_LABELS,
  currentStep,
  daysOverdue,
  grantStatus,
  type ApprovalStep,
  type Loan,
} from './loan.model';

/** Whether `actor` may decide `step` of `loan`: the right role, not the borrower, one step per person. */
export function mayDecide(actor: Actor, loan: Loan, step: ApprovalStep): boolean {
  if (loan.borrowerAccountId === actor.accountId) return false;
  if (loan.steps.some((s) => s !== step && s.byId === actor.accountId)) return false;
  return eligibleFor(actor, step);
}

function eligibleFor(actor: Actor, step: Pick<ApprovalStep, 'approver' | 'section'>): boolean {
  switch (step.approver) {
    case 'section_head':
      return (
        can(actor, 'loan.approve') && actor.roles.includes('section_head') && actor.section === step.section
      );
    case 'archive':
      return can(actor, 'loan.desk');
    case 'leader':
      return can(actor, 'loan.approve') && actor.roles.includes('approver');
  }
}

/** The `pendingWith` keys of the steps this actor may decide (for the "to approve" list). */
export function approverKeys(actor: Actor): string[] {
  const keys: string[] = [];
  if (eligibleFor(actor, { approver: 'section_head', section: actor.section }))
    keys.push(`section_head:${actor.section ?? ''}`);
  if (eligibleFor(actor, { approver: 'archive', section: null })) keys.push('archive');
  if (eligibleFor(actor, { approver: 'leader', section: null })) keys.push('leader');
  return keys;
}

/** Who may see a request: the borrower, whoever registered it, the desk, and anyone on its route. */
export function mayView(actor: Actor, loan: Loan): boolean {
  return (
    loan.borrowerAccountId === actor.accountId ||
    loan.createdById === actor.accountId ||
    can(actor, 'loan.desk') ||
    loan.steps.some((s) => eligibleFor(actor, s))
  );
}

/** 证件号码 masked: a 公民身份号码 keeps its first 6 and last 4 characters, others their first and last 2. */
export function maskIdNumber(id: string): string {
  if (isResidentId(id.toUpperCase())) return maskResidentId(id.toUpperCase());
  const chars = Array.from(id);
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('');
}

export interface LoanView extends Loan {
  kindLabel: string;
  statusLabel: string;
  borrowerTypeLabel: string;
  /** The electronic grant now: active, expired, closed or not granted (查阅, 复制). */
  grantStatus: ReturnType<typeof grantStatus>;
  /** Days a physical loan is overdue now (0 when not out or not late). */
  daysOverdue: number;
  /** The step waiting, and whether this actor may decide it. */
  currentStep: number | null;
  canDecide: boolean;
  personalDataMasked: boolean;
}

/**
 * A request as `actor` may see it: an outside borrower's name and 证件号码, and the names and ID numbers in
 * item titles, masked for roles without pii.full.
 */
export function viewLoan(loan: Loan, actor: Actor, now: Date): LoanView {
  const masked = !seesFullPersonalData(actor);
  const step = currentStep(loan);
  const b = loan.borrower;
  return {
    ...loan,
    borrower: masked
      ? {
          ...b,
          name: b.type === 'external' ? maskName(b.name) : b.name,
          idNumber: b.idNumber ? maskIdNumber(b.idNumber) : null,
        }
      : b,
    items: masked ? loan.items.map((i) => ({ ...i, title: i.maskedTitle })) : loan.items,
    kindLabel: LOAN_KIND_LABELS[loan.kind],
    statusLabel: LOAN_STATUS_LABELS[loan.status],
    borrowerTypeLabel: BORROWER_TYPE_LABELS[b.type],
    grantStatus: grantStatus(loan, now),
    daysOverdue: loan.status === 'checked_out' && loan.due ? daysOverdue(loan.due, now) : 0,
    currentStep: step?.index ?? null,
    canDecide: step ? mayDecide(actor, loan, step.step) : false,
    personalDataMasked: masked,
  };
}
