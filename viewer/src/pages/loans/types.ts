/** The shapes of the loans API the viewer reads (see server/core/loans: loan.model.ts, loan-view.ts). */

export type LoanKind = 'consult' | 'loan' | 'copy';
export type LoanStatus =
  'pending' | 'approved' | 'refused' | 'cancelled' | 'checked_out' | 'returned' | 'closed';
export type GrantStatus = 'active' | 'not_granted' | 'expired' | 'closed';

export const LOAN_KINDS: LoanKind[] = ['consult', 'loan', 'copy'];
export const LOAN_STATUSES: LoanStatus[] = [
  'pending',
  'approved',
  'refused',
  'cancelled',
  'checked_out',
  'returned',
  'closed',
];

/** 证件类型 (loan.model.ts ID_TYPES). */
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

/** 查阅目的 (LOAN_PURPOSES). */
export const LOAN_PURPOSES = ['业务办理', '权益查询', '审计稽核', '司法取证', '编史修志', '其他'] as const;

/** 利用效果 (USE_EFFECTS). */
export const USE_EFFECTS = ['提供凭证', '维护权益', '工作查考', '编史修志', '其他'] as const;

export interface PageRange {
  from: number;
  to: number;
}

export interface Borrower {
  type: 'own_section' | 'other_section' | 'external';
  accountId: string | null;
  username: string | null;
  name: string;
  section: string | null;
  organisation: string | null;
  idType: string | null;
  idNumber: string | null;
}

export interface LoanItem {
  itemId: string;
  archivalCode: string | null;
  title: string;
  section: string;
  classCode: string;
  year: number;
  pageCount: number;
  pages: PageRange[] | null;
  checkout: { pages: number; at: string; by: string; countDiffers: boolean } | null;
  return: { pages: number; at: string; by: string; mismatch: boolean; note: string } | null;
}

export interface ApprovalStep {
  approver: 'section_head' | 'archive' | 'leader';
  section: string | null;
  reason: string;
  decision: 'approved' | 'refused' | null;
  by: string | null;
  at: string | null;
  comment: string;
}

export interface LoanView {
  id: string;
  number: string;
  kind: LoanKind;
  kindLabel: string;
  status: LoanStatus;
  statusLabel: string;
  borrower: Borrower;
  borrowerTypeLabel: string;
  borrowerAccountId: string | null;
  purpose: { category: string; text: string };
  items: LoanItem[];
  days: number;
  inRoom: boolean;
  steps: ApprovalStep[];
  currentStep: number | null;
  canDecide: boolean;
  grant: { from: string; until: string } | null;
  grantStatus: GrantStatus;
  due: string | null;
  daysOverdue: number;
  renewals: { at: string; by: string; from: string; to: string }[];
  reminders: { day: string; at: string; daysOverdue: number }[];
  flags: ('checkout_count_differs' | 'page_mismatch')[];
  effect: { category: string; note: string; typical: { title: string; summary: string } | null } | null;
  handledBy: string | null;
  createdAt: string;
  createdBy: string;
  createdById: string;
  approvedAt: string | null;
  checkedOutAt: string | null;
  returnedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  cancelledAt: string | null;
  personalDataMasked: boolean;
}

export interface LoanList {
  loans: LoanView[];
  nextCursor: string | null;
}

export interface LoanPolicy {
  version: number;
  policy: { maxDays: Record<LoanKind, number>; maxRenewals: number; renewalDays: number };
}

/** POST /api/loans/item-lookup */
export interface ItemLookup {
  ref: string;
  item: {
    itemId: string;
    archivalCode: string | null;
    title: string;
    year: number;
    classCode: string;
    section: string;
    pageCount: number;
  } | null;
  problem: 'not_found' | 'not_available' | null;
}

/** The page numbers granted of an item, in order (loan.model.ts grantedPages). */
export function grantedPages(item: Pick<LoanItem, 'pages' | 'pageCount'>): number[] {
  const out: number[] = [];
  for (let n = 1; n <= item.pageCount; n++)
    if (item.pages === null || item.pages.some((r) => n >= r.from && n <= r.to)) out.push(n);
  return out;
}

/** Page ranges as people write them: `1-3, 5`; null as 全部. */
export function formatRanges(pages: PageRange[] | null, all: string): string {
  if (!pages) return all;
  return pages.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');
}

/** Parses `1-3, 5` (also with Chinese commas and dashes); null for blank (the whole item), or an error. */
export function parseRanges(text: string, pageCount: number): PageRange[] | null | { error: string } {
  const t = text.trim();
  if (!t) return null;
  const out: PageRange[] = [];
  for (const part of t.split(/[,，、;；\s]+/).filter(Boolean)) {
    const m = /^(\d+)(?:\s*[-–—~至]\s*(\d+))?$/.exec(part);
    if (!m) return { error: part };
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (from < 1 || to < from || to > pageCount) return { error: part };
    out.push({ from, to });
  }
  return out;
}
