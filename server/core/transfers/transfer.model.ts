import type { RetentionPeriod } from '../catalogue/retention.policy';
import type { StoredRecord } from '../records/record-store.port';
import { conflict } from '../shared/errors';

/**
 * 预立卷 → 移交 → 验收. A section groups its filed items by year and month into volumes (卷), then hands
 * them over in a transfer (移交); the archive checks it (验收), accepts items (numbered, archived) or
 * returns them to the section with a reason (退回补正).
 *
 *   draft ──submit──► submitted ──check──► checked ──(every item decided)──► accepted
 *     │                   │   ▲────check───┘  │                              partially_accepted
 *     └──cancel──► cancelled  └──────(every item decided)──────────────────► returned
 *
 * Accept and return act item by item; the transfer reaches its final state when no item is pending.
 */
export const TRANSFER_STATUSES = [
  'draft',
  'submitted',
  'checked',
  'accepted',
  'partially_accepted',
  'returned',
  'cancelled',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  draft: '草稿',
  submitted: '已移交',
  checked: '已核对',
  accepted: '已接收',
  partially_accepted: '部分接收',
  returned: '已退回',
  cancelled: '已撤销',
};

export type TransferAction = 'submit' | 'cancel' | 'check' | 'reconcile' | 'decide';

const ALLOWED: Record<TransferAction, readonly TransferStatus[]> = {
  submit: ['draft'],
  cancel: ['draft'],
  check: ['submitted', 'checked'],
  reconcile: ['submitted', 'checked'],
  decide: ['submitted', 'checked'],
};

/** Throws `transfer.bad_transition` (409) unless `action` is allowed from `status`. */
export function assertTransition(status: TransferStatus, action: TransferAction): void {
  if (!ALLOWED[action].includes(status))
    throw conflict(
      'transfer.bad_transition',
      `A transfer that is ${TRANSFER_STATUS_LABELS[status]} (${status}) cannot be ${action === 'decide' ? 'accepted or returned' : action + 'ed'}.`,
      { status, action },
    );
}

export type ItemDecision = 'pending' | 'accepted' | 'returned';

/** One item of a transfer, as handed over (its classification and 页数 when submitted). */
export interface TransferItem {
  itemId: string;
  volumeId: string | null;
  year: number;
  date: string;
  classCode: string;
  retention: RetentionPeriod;
  insuranceType: string;
  pages: number;
  decision: ItemDecision;
  decidedBy?: string;
  decidedAt?: string;
  archivalCode?: string;
  returnReason?: string;
}

export type FindingSeverity = 'error' | 'warning';

/** A finding of the check (验收), with a stable code (`form.missing`, `id.bad_check_digit` …). */
export interface Finding {
  code: string;
  severity: FindingSeverity;
  message: string;
  details?: Record<string, unknown>;
}

export interface ItemCheck {
  itemId: string;
  /** ok: nothing wrong; problems: an error was found; unverifiable (无法核对): completeness needs text. */
  outcome: 'ok' | 'problems' | 'unverifiable';
  findings: Finding[];
}

export interface TransferCheck {
  at: string;
  by: string;
  counts: {
    declared: { items: number; pages: number };
    actual: { items: number; pages: number };
    counted: { items: number; pages: number } | null;
  };
  /** Findings about the transfer as a whole (counts). */
  findings: Finding[];
  items: ItemCheck[];
  summary: { ok: number; problems: number; unverifiable: number };
}

/** A business-system transaction (a row of the imported CSV). */
export interface SystemTransaction {
  line: number;
  serialNo: string | null;
  businessStep: string;
  residentId: string;
  name: string | null;
  completedOn: string;
}

export interface Reconciliation {
  at: string;
  by: string;
  rows: number;
  /** Rows completed in months the transfer does not cover. */
  ignored: number;
  matched: number;
  /** In the business system, not in the transfer. */
  missing: SystemTransaction[];
  /** In the transfer, not in the business system. */
  extra: { itemId: string; reason: string }[];
  /** Matched, with fields that differ. */
  mismatched: { itemId: string; line: number; matchedBy: string; fields: string[] }[];
}

/** A receipt (接收) entry: what one acceptance took in, for 《档案接收登记表》. */
export interface Receipt {
  at: string;
  by: string;
  /** 件数 and 页数 per 年度. */
  years: { year: number; items: number; pages: number }[];
  itemIds: string[];
}

export interface Transfer extends StoredRecord {
  /** 移交单号, e.g. YJ-2026-0001 */
  number: string;
  fondsCode: string;
  section: string;
  status: TransferStatus;
  items: TransferItem[];
  volumeIds: string[];
  /** 件数 and 页数 the section declared on the form (default: what the transfer holds). */
  declared: { items: number; pages: number } | null;
  createdBy: string;
  createdAt: string;
  /** 移交人 (who handed over) and 业务环节负责人 (the section head), recorded on submission. */
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  sectionHead: string | null;
  sectionHeadName: string | null;
  check: TransferCheck | null;
  reconciliation: Reconciliation | null;
  receipts: Receipt[];
  /** 接收人 (the archivist who received), recorded on the first decision. */
  receivedBy: string | null;
  receivedByName: string | null;
  closedAt: string | null;
  updatedAt: string;
}

/** The state a transfer reaches once every item is decided; null while some are pending. */
export function finalStatus(items: readonly Pick<TransferItem, 'decision'>[]): TransferStatus | null {
  if (items.length === 0 || items.some((i) => i.decision === 'pending')) return null;
  if (items.every((i) => i.decision === 'accepted')) return 'accepted';
  if (items.every((i) => i.decision === 'returned')) return 'returned';
  return 'partially_accepted';
}

export function totals(items: readonly Pick<TransferItem, 'pages'>[]): { items: number; pages: number } {
  return { items: items.length, pages: items.reduce((s, i) => s + i.pages, 0) };
}

/** A pre-archived volume (预立卷): a section's items of one year and month (or of one person). */
export interface Volume extends StoredRecord {
  /** 卷号: section-specific, e.g. 2026-05-01 (year, month, sequence). */
  number: string;
  fondsCode: string;
  section: string;
  year: number;
  month: number;
  /** month: every item of the month; person: one volume per person (一人一档). */
  mode: 'month' | 'person';
  /** 卷名 (title), e.g. 养老保险科 2026年5月 业务档案 第1卷. */
  title: string;
  itemIds: string[];
  createdBy: string;
  createdAt: string;
}

/** 移交单号: YJ-<year>-<4 digits>. */
export function transferNumber(year: number, n: number): string {
  return `YJ-${year}-${String(n).padStart(4, '0')}`;
}

/** The claim that keeps an item in one open transfer at a time. */
export const itemClaimKey = (itemId: string) => `transfer-item:${itemId}`;
