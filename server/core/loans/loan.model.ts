import type { StoredRecord } from '../records/record-store.port';
import { conflict, invalid } from '../shared/errors';
import { archiveDay, startOfArchiveDay } from '../shared/calendar';

/**
 * A request to use archives (借阅单): electronic consultation of scanned pages (查阅), a physical loan of the
 * paper (借出) or a copy (复制). It is approved step by step (审批), then served: a time-boxed grant to the
 * approved pages, or a checkout with page count (当面清点), due date, renewals (续借), reminders (催还) and a
 * return with the count compared; closing records the use effect (利用效果).
 *
 * ```
 * pending ─► approved ─► (loan) checked_out ─► returned ─► closed
 *    │           └─────► (consult, copy) ─────────────────► closed
 *    ├─► refused                     pending / approved ─► cancelled
 * ```
 */
export const LOAN_KINDS = ['consult', 'loan', 'copy'] as const;
export type LoanKind = (typeof LOAN_KINDS)[number];
export const LOAN_KIND_LABELS: Record<LoanKind, string> = { consult: '电子查阅', loan: '借出', copy: '复制' };

export const LOAN_STATUSES = [
  'pending',
  'approved',
  'refused',
  'cancelled',
  'checked_out',
  'returned',
  'closed',
] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];
export const LOAN_STATUS_LABELS: Record<LoanStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  refused: '未批准',
  cancelled: '已撤销',
  checked_out: '借出中',
  returned: '已归还',
  closed: '已办结',
};

/** Who borrows: staff of the owning section, staff of another section, or an outside body or person. */
export const BORROWER_TYPES = ['own_section', 'other_section', 'external'] as const;
export type BorrowerType = (typeof BORROWER_TYPES)[number];
export const BORROWER_TYPE_LABELS: Record<BorrowerType, string> = {
  own_section: '本科室',
  other_section: '其他科室',
  external: '外单位或个人',
};

/** 证件类型: the valid ID an outside borrower shows (「必须提供有效证件」). */
export const ID_TYPES = [
  '居民身份证',
  '护照',
  '港澳居民来往内地通行证',
  '台湾居民来往大陆通行证',
  '工作证',
  '律师执业证',
  '单位介绍信',
  '其他',
] as const;
export type IdType = (typeof ID_TYPES)[number];

/** 查阅目的, as a category for statistics (the borrower's own words go beside it). */
export const LOAN_PURPOSES = ['业务办理', '权益查询', '审计稽核', '司法取证', '编史修志', '其他'] as const;
export type LoanPurpose = (typeof LOAN_PURPOSES)[number];

/** 利用效果, recorded when a request is closed. */
export const USE_EFFECTS = ['提供凭证', '维护权益', '工作查考', '编史修志', '其他'] as const;
export type UseEffect = (typeof USE_EFFECTS)[number];

/** Pages `from`..`to`, inclusive, numbered from 1. */
export interface PageRange {
  from: number;
  to: number;
}

export interface Borrower {
  type: BorrowerType;
  /** The borrower's account, when they have one (staff, or an outside body's borrower account). */
  accountId: string | null;
  username: string | null;
  /** A staff member's display name, or an outside person's name (personal data: masked in views). */
  name: string;
  /** The borrower's business section (staff). */
  section: string | null;
  /** 单位 of an outside borrower. */
  organisation: string | null;
  idType: IdType | null;
  /** 证件号码 (personal data: masked in views, never audited). */
  idNumber: string | null;
}

/** One requested item: what it was when requested, the pages asked for, and its checkout and return. */
export interface LoanItem {
  itemId: string;
  archivalCode: string | null;
  title: string;
  /** The title with the names and 公民身份号码 it contains masked, for roles without pii.full. */
  maskedTitle: string;
  section: string;
  classCode: string;
  year: number;
  /** 页数 in the catalogue when requested. */
  pageCount: number;
  /** The pages asked for; null = the whole item. */
  pages: PageRange[] | null;
  checkout: { pages: number; at: string; by: string; countDiffers: boolean } | null;
  return: { pages: number; at: string; by: string; mismatch: boolean; note: string } | null;
}

/** Who must approve a step: a section head (of `section`), the archive office, or the approving leader. */
export type ApproverKind = 'section_head' | 'archive' | 'leader';
export const APPROVER_LABELS: Record<ApproverKind, string> = {
  section_head: '科室负责人',
  archive: '档案室',
  leader: '主管领导',
};

export interface ApprovalStep {
  approver: ApproverKind;
  section: string | null;
  /** Why the route has this step (which rule of the policy added it). */
  reason: string;
  decision: 'approved' | 'refused' | null;
  by: string | null;
  byId: string | null;
  at: string | null;
  comment: string;
}

export interface Loan extends StoredRecord {
  /** 借阅单号, e.g. JY-2026-0001: gap-free per year. */
  number: string;
  kind: LoanKind;
  status: LoanStatus;
  borrower: Borrower;
  /** Copies of fields lists filter on: the borrower's account, the step waiting (`pendingWith`). */
  borrowerAccountId: string | null;
  purpose: { category: LoanPurpose; text: string };
  items: LoanItem[];
  /** Requested period in days (查阅 grant, or loan period); 0 with `inRoom` = back the same day. */
  days: number;
  /** Physical items that may not leave the reading room (外部借阅: 室内查阅). */
  inRoom: boolean;
  steps: ApprovalStep[];
  /** The step waiting for a decision as a key (`section_head:养老保险科`, `archive`, `leader`), or null. */
  pendingWith: string | null;
  policyVersion: number;
  /** The electronic grant (查阅, 复制): from the last approval for `days`; ends early when closed. */
  grant: { from: string; until: string } | null;
  /** When a physical loan is due back (借出). */
  due: string | null;
  renewals: { at: string; by: string; from: string; to: string }[];
  /** 催还: at most one a day while overdue. */
  reminders: { day: string; at: string; daysOverdue: number }[];
  /** Things the desk must look at: a page count that differs at checkout or return. */
  flags: ('checkout_count_differs' | 'page_mismatch')[];
  effect: { category: UseEffect; note: string; typical: { title: string; summary: string } | null } | null;
  /** 经办人: the archivist who registered, served or closed the request (last one wins). */
  handledBy: string | null;
  createdAt: string;
  createdBy: string;
  createdById: string;
  updatedAt: string;
  approvedAt: string | null;
  checkedOutAt: string | null;
  returnedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  cancelledAt: string | null;
}

const TRANSITIONS: Record<LoanStatus, readonly LoanStatus[]> = {
  pending: ['approved', 'refused', 'cancelled'],
  approved: ['checked_out', 'closed', 'cancelled'],
  checked_out: ['returned'],
  returned: ['closed'],
  refused: [],
  cancelled: [],
  closed: [],
};

/** Throws `loan.bad_transition` unless the request may go from its status to `to`. */
export function assertTransition(loan: Pick<Loan, 'status' | 'kind' | 'number'>, to: LoanStatus): void {
  const allowed =
    TRANSITIONS[loan.status].includes(to) &&
    !(to === 'checked_out' && loan.kind !== 'loan') &&
    !(loan.status === 'approved' && to === 'closed' && loan.kind === 'loan');
  if (!allowed)
    throw conflict(
      'loan.bad_transition',
      `Request ${loan.number} is ${LOAN_STATUS_LABELS[loan.status]}: it cannot become ${LOAN_STATUS_LABELS[to]}.`,
      { from: loan.status, to },
    );
}

/** The step waiting for a decision, or null when none is. */
export function currentStep(
  loan: Pick<Loan, 'steps' | 'status'>,
): { index: number; step: ApprovalStep } | null {
  if (loan.status !== 'pending') return null;
  const index = loan.steps.findIndex((s) => s.decision === null);
  return index < 0 ? null : { index, step: loan.steps[index]! };
}

/** The key lists filter on for the step waiting: `section_head:<section>`, `archive`, `leader`. */
export function stepKey(step: Pick<ApprovalStep, 'approver' | 'section'>): string {
  return step.approver === 'section_head' ? `section_head:${step.section ?? ''}` : step.approver;
}

/**
 * Sorts, checks and merges page ranges against the item's page count; throws `loan.bad_pages` for a range
 * outside 1..pageCount or backwards. Null (the whole item) stays null.
 */
export function normalizePageRanges(
  ranges: PageRange[] | null | undefined,
  pageCount: number,
): PageRange[] | null {
  if (!ranges || ranges.length === 0) return null;
  for (const r of ranges)
    if (
      !Number.isInteger(r.from) ||
      !Number.isInteger(r.to) ||
      r.from < 1 ||
      r.to < r.from ||
      r.to > pageCount
    )
      throw invalid('loan.bad_pages', `Pages ${r.from}-${r.to} are not within 1-${pageCount}.`, {
        range: r,
        pageCount,
      });
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: PageRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out.length === 1 && out[0]!.from === 1 && out[0]!.to === pageCount ? null : out;
}

/** Whether page `n` of a requested item is within what was asked for (and so granted). */
export function pageGranted(item: Pick<LoanItem, 'pages' | 'pageCount'>, n: number): boolean {
  if (!Number.isInteger(n) || n < 1 || n > item.pageCount) return false;
  return item.pages === null || item.pages.some((r) => n >= r.from && n <= r.to);
}

/** The granted page numbers of an item, in order. */
export function grantedPages(item: Pick<LoanItem, 'pages' | 'pageCount'>): number[] {
  const out: number[] = [];
  for (let n = 1; n <= item.pageCount; n++) if (pageGranted(item, n)) out.push(n);
  return out;
}

/** Page ranges as people write them: `1-3, 5`; the whole item as 全部. */
export function formatPageRanges(pages: PageRange[] | null): string {
  if (!pages) return '全部';
  return pages.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');
}

/** The electronic grant's state at `now`. */
export function grantStatus(
  loan: Pick<Loan, 'status' | 'kind' | 'grant'>,
  now: Date,
): 'active' | 'not_granted' | 'expired' | 'closed' {
  if (loan.kind === 'loan') return 'not_granted';
  if (loan.status === 'closed') return 'closed';
  if (loan.status !== 'approved' || !loan.grant) return 'not_granted';
  const t = now.getTime();
  if (t < Date.parse(loan.grant.from)) return 'not_granted';
  return t < Date.parse(loan.grant.until) ? 'active' : 'expired';
}

const DAY_MS = 24 * 3600_000;

/** When a physical loan checked out at `at` is due: `days` later, or the end of that day when in-room. */
export function dueDate(at: Date, days: number, inRoom: boolean): Date {
  if (inRoom || days === 0) return new Date(startOfArchiveDay(archiveDay(at)).getTime() + DAY_MS - 1000);
  return new Date(at.getTime() + days * DAY_MS);
}

/** Whole days a loan is overdue at `now` (0 when not due yet). */
export function daysOverdue(due: string, now: Date): number {
  const late = now.getTime() - Date.parse(due);
  return late <= 0 ? 0 : Math.ceil(late / DAY_MS);
}

/** The 借阅单号 for sequence number `n` of `year`. */
export function loanNumber(year: number, n: number): string {
  return `JY-${year}-${String(n).padStart(4, '0')}`;
}
