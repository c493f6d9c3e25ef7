import { z } from 'zod';
import type { ApprovalStep, ApproverKind, BorrowerType, LoanKind } from './loan.model';

/**
 * The borrowing rules (借阅制度) as data: who approves which request, how long, how many renewals. The
 * archive office edits them (`PUT /api/loans/policy`, permission catalogue.edit); each request remembers
 * the version that routed it. Defaults follow the domain guide:
 *
 * - Internal borrowing by a business section: approved by that section's head; another section's items
 *   by the head of the section that formed them, then the archive office (「业务环节借阅档案须…按规定借阅」).
 * - External bodies or individuals: the approving leader (「主管领导签字批准」).
 * - Sensitive files (classes listed here, items under a hold): the archive office and the leader too
 *   (「一般不能借阅…应征得档案室负责人批准」).
 * - Copies: the leader too (「未经批准，任何人不得复印」); copying is approved separately from viewing.
 * - Periods: 7 days internal; external physical loans stay in the reading room (returned the same day).
 */
export const loanPolicySchema = z.strictObject({
  /** 类别 codes whose items are sensitive (e.g. JH 社会保险稽核监管类). */
  sensitiveClasses: z.array(z.string().regex(/^[A-Z]{1,8}$/)).max(50),
  /** An item under an active hold (冻结) counts as sensitive. */
  holdsAreSensitive: z.boolean(),
  /** Who approves a sensitive request besides the normal route. */
  sensitiveApprovers: z.array(z.enum(['archive', 'leader'])).max(2),
  /** Copies (复制) need the leader too. */
  copyNeedsLeader: z.boolean(),
  /** Another section's items: after the owning section's head, the archive office approves. */
  otherSectionNeedsArchive: z.boolean(),
  /** Longest period a request may ask for, per kind, in days. */
  maxDays: z.strictObject({
    consult: z.number().int().min(1).max(365),
    loan: z.number().int().min(1).max(365),
    copy: z.number().int().min(1).max(365),
  }),
  /** External physical loans stay in the reading room (due back the same day). */
  externalInRoomOnly: z.boolean(),
  /** 续借: how many times, and by how many days each. */
  maxRenewals: z.number().int().min(0).max(10),
  renewalDays: z.number().int().min(1).max(90),
});
export type LoanPolicy = z.infer<typeof loanPolicySchema>;

export const DEFAULT_LOAN_POLICY: LoanPolicy = {
  sensitiveClasses: ['JH'],
  holdsAreSensitive: true,
  sensitiveApprovers: ['archive', 'leader'],
  copyNeedsLeader: true,
  otherSectionNeedsArchive: true,
  maxDays: { consult: 7, loan: 7, copy: 7 },
  externalInRoomOnly: true,
  maxRenewals: 2,
  renewalDays: 7,
};

/** What the route depends on: the borrower and, per item, its section, class and whether it is held. */
export interface RouteBorrower {
  type: BorrowerType;
  section: string | null;
  /** The borrower heads their section: a step of that section's head goes to the leader instead. */
  headsSection: boolean;
}
export interface RouteItem {
  section: string;
  classCode: string;
  held: boolean;
}

/** The borrower's type for these items: external, own section (all items formed there) or another. */
export function borrowerType(
  account: { section: string | null; external: boolean },
  items: readonly Pick<RouteItem, 'section'>[],
): BorrowerType {
  if (account.external) return 'external';
  return account.section !== null && items.every((i) => i.section === account.section)
    ? 'own_section'
    : 'other_section';
}

/** The approval route (审批流程) of a request: ordered steps, each decided by someone else than the borrower. */
export function approvalRoute(
  policy: LoanPolicy,
  kind: LoanKind,
  borrower: RouteBorrower,
  items: readonly RouteItem[],
): ApprovalStep[] {
  const steps: { approver: ApproverKind; section: string | null; reason: string }[] = [];
  const add = (approver: ApproverKind, section: string | null, reason: string) => {
    if (!steps.some((s) => s.approver === approver && s.section === section))
      steps.push({ approver, section, reason });
  };
  let leaderInstead = false;
  if (borrower.type === 'external') {
    add('leader', null, '外单位或个人借阅：主管领导审批');
  } else {
    for (const section of new Set(items.map((i) => i.section))) {
      if (borrower.headsSection && section === borrower.section) leaderInstead = true;
      else if (section === borrower.section) add('section_head', section, '本科室档案：科室负责人审批');
      else add('section_head', section, '他科室档案：档案所属科室负责人审批');
    }
    if (policy.otherSectionNeedsArchive && items.some((i) => i.section !== borrower.section))
      add('archive', null, '他科室档案：档案室审核');
    if (leaderInstead) add('leader', null, '借阅人为本科室负责人：主管领导审批');
  }
  const sensitive = items.some(
    (i) => policy.sensitiveClasses.includes(i.classCode) || (policy.holdsAreSensitive && i.held),
  );
  if (sensitive) {
    if (policy.sensitiveApprovers.includes('archive'))
      add('archive', null, '敏感或冻结档案：档案室负责人审批');
    if (policy.sensitiveApprovers.includes('leader')) add('leader', null, '敏感或冻结档案：主管领导审批');
  }
  if (kind === 'copy' && policy.copyNeedsLeader) add('leader', null, '复制档案：主管领导审批');
  const order: Record<ApproverKind, number> = { section_head: 0, archive: 1, leader: 2 };
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => order[a.s.approver] - order[b.s.approver] || a.i - b.i)
    .map(({ s }) => ({ ...s, decision: null, by: null, byId: null, at: null, comment: '' }));
}
