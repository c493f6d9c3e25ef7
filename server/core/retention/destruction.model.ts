import type { RetentionPeriod } from '../catalogue/retention.policy';
import type { StoredRecord } from '../records/record-store.port';
import { conflict, forbidden, invalid } from '../shared/errors';

/**
 * 销毁清册 (destruction list). Made only from a closed appraisal's destroy decisions; then
 *
 *   draft ──approve──► approved ──(≥ 2 监销人 confirm)──execute──► executing ──► executed
 *     └──refuse──► refused
 *
 * - The approver (分管领导, destruction.approve) approves or refuses; the approver may not be the archivist
 *   who made the list.
 * - At least {@link MIN_SUPERVISORS} distinct supervisors (监销人, destruction.supervise) confirm after
 *   approval. Neither the approver nor the list's maker counts as a supervisor; one person confirms once.
 * - Execution (retention.manage) is a persistent job that destroys item by item and records its progress
 *   here after each one, so a killed process resumes where it stopped; when done the list itself is
 *   stored as a permanent (永久) archived item.
 */
export const DESTRUCTION_STATUSES = ['draft', 'approved', 'refused', 'executing', 'executed'] as const;
export type DestructionStatus = (typeof DESTRUCTION_STATUSES)[number];
export const DESTRUCTION_STATUS_LABELS: Record<DestructionStatus, string> = {
  draft: '待批准',
  approved: '已批准',
  refused: '未批准',
  executing: '销毁中',
  executed: '已销毁',
};

export const MIN_SUPERVISORS = 2;

/** 销毁方式: paper (粉碎, 焚毁, 化浆) and electronic (删除: every stored object and the index entry). */
export const DESTRUCTION_METHODS = ['粉碎', '焚毁', '化浆', '删除'] as const;
export type DestructionMethod = (typeof DESTRUCTION_METHODS)[number];

/** One line of the 销毁清册: 序号, 档号, (题名 from the item), 年度, 保管期限, 页数, 鉴定意见, 备注. */
export interface DestructionRow {
  seq: number;
  itemId: string;
  archivalCode: string | null;
  year: number;
  retention: RetentionPeriod;
  pages: number;
  opinion: string;
  remarks: string;
}

export type SkipReason = 'held' | 'out' | 'not_in_appraisal' | 'not_archived' | 'not_due' | 'missing';

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  held: '已冻结，未销毁',
  out: '借出或调出未归还，未销毁',
  not_in_appraisal: '已移出鉴定，未销毁',
  not_archived: '状态不符，未销毁',
  not_due: '未到期，未销毁',
  missing: '条目不存在',
};

/**
 * What ingest kept of an item (its draft, and drafts merged into it): the drafts to scrub, the objects
 * only they name (page rasters, and the item's own objects once more), and the batch files they came from.
 * The batch file pages (file, 0-based page) that were the item's, or its separator sheet, get scrubbed too.
 * No personal data: ids, object hashes and numbers only.
 */
export interface IngestTrailPlan {
  batchId: string;
  draftIds: string[];
  blobs: string[];
  files: number[];
  filePages: { file: number; page: number }[];
}

/** The item being destroyed when the process last wrote: the objects it had, so a resume deletes them. */
export interface DestructionInProgress {
  itemId: string;
  blobs: string[];
  pages: number;
  /** Its ingest trail, when it came through ingest (planned with the rest, before anything is deleted). */
  trail?: IngestTrailPlan | null;
}

/** Why a scanned batch file (原件) that a destroyed item came from is kept. */
export type KeptOriginalReason = 'live_item' | 'pending_draft';
export const KEPT_ORIGINAL_LABELS: Record<KeptOriginalReason, string> = {
  live_item: '扫描原件另含未销毁的件，原件保留',
  pending_draft: '扫描原件另含待登记的件，原件保留',
};

export interface DestructionExecution {
  method: DestructionMethod;
  /** 销毁时间: when the destruction took place (recorded on the list and on every item). */
  at: string;
  orderedBy: { accountId: string; username: string };
  orderedAt: string;
  done: string[];
  skipped: { itemId: string; reason: SkipReason }[];
  current: DestructionInProgress | null;
  /** Stored objects deleted, and kept because another item still uses them (ingest's included). */
  deletedBlobs: number;
  keptBlobs: number;
  /**
   * Scanned batch files (原件) that destroyed items came from: deleted once every item taken from them is
   * destroyed; otherwise kept, and listed here (and in the 备注 of the item's row).
   */
  deletedOriginals?: number;
  keptOriginals?: { itemId: string; batchId: string; file: number; reason: KeptOriginalReason }[];
  /** The archived item that holds the list's PDF (permanent record); its id is chosen before it is made. */
  recordItemId: string | null;
  finishedAt: string | null;
}

export interface DestructionList extends StoredRecord {
  /** 清册编号, e.g. `XH-2024-0001`. */
  number: string;
  appraisalId: string;
  appraisalNumber: string;
  fondsCode: string;
  status: DestructionStatus;
  rows: DestructionRow[];
  itemIds: string[];
  /** 鉴定小组: the members who voted in the appraisal. */
  committee: string[];
  createdBy: string;
  createdAt: string;
  approval: { by: string; at: string; decision: 'approved' | 'refused'; reason: string } | null;
  confirmations: { by: string; at: string }[];
  execution: DestructionExecution | null;
  /** The permanent record: the archived item holding the list's PDF, with its 档号. */
  record: { itemId: string; archivalCode: string | null } | null;
}

const TRANSITIONS: Record<DestructionStatus, readonly DestructionStatus[]> = {
  draft: ['approved', 'refused'],
  approved: ['executing'],
  refused: [],
  executing: ['executed'],
  executed: [],
};

export function assertDestructionTransition(from: DestructionStatus, to: DestructionStatus): void {
  if (!TRANSITIONS[from].includes(to))
    throw conflict('destruction.bad_transition', `A destruction list cannot go from ${from} to ${to}.`, {
      from,
      to,
    });
}

export function decide(
  list: DestructionList,
  by: string,
  decision: 'approved' | 'refused',
  reason: string,
  at: string,
): DestructionList {
  assertDestructionTransition(list.status, decision);
  if (by === list.createdBy)
    throw forbidden('destruction.self_approval', 'The maker of a destruction list cannot approve it.');
  if (decision === 'refused' && !reason.trim())
    throw invalid('destruction.reason_required', 'Give the reason for refusing the list.');
  return { ...list, status: decision, approval: { by, at, decision, reason: reason.trim() } };
}

/** Supervisors who count: distinct, and neither the approver nor the list's maker. */
export function countingSupervisors(list: DestructionList): string[] {
  const excluded = new Set([list.createdBy, list.approval?.by].filter(Boolean));
  return [...new Set(list.confirmations.map((c) => c.by))].filter((s) => !excluded.has(s));
}

export function confirm(list: DestructionList, by: string, at: string): DestructionList {
  if (list.status !== 'approved')
    throw conflict(
      'destruction.not_approved',
      `List ${list.number} is ${list.status}: supervisors confirm an approved list before it is executed.`,
    );
  if (by === list.approval?.by)
    throw forbidden('destruction.approver_as_supervisor', 'The approver cannot also be a 监销人.');
  if (by === list.createdBy)
    throw forbidden('destruction.maker_as_supervisor', 'The maker of the list cannot also be a 监销人.');
  if (list.confirmations.some((c) => c.by === by))
    throw conflict('destruction.already_confirmed', `${by} has already confirmed list ${list.number}.`);
  return { ...list, confirmations: [...list.confirmations, { by, at }] };
}

/** Checks everything execution needs: approved, and at least two distinct counting supervisors. */
export function assertExecutable(list: DestructionList): void {
  if (list.status !== 'approved' || list.approval?.decision !== 'approved')
    throw conflict('destruction.not_approved', `List ${list.number} is ${list.status}, not approved.`);
  const supervisors = countingSupervisors(list);
  if (supervisors.length < MIN_SUPERVISORS)
    throw conflict(
      'destruction.supervisors_required',
      `At least ${MIN_SUPERVISORS} distinct 监销人 must confirm; ${supervisors.length} have.`,
      { confirmed: supervisors.length, required: MIN_SUPERVISORS },
    );
}

export function startExecution(
  list: DestructionList,
  execution: Pick<DestructionExecution, 'method' | 'at' | 'orderedBy' | 'orderedAt'>,
): DestructionList {
  assertExecutable(list);
  assertDestructionTransition(list.status, 'executing');
  return {
    ...list,
    status: 'executing',
    execution: {
      ...execution,
      done: [],
      skipped: [],
      current: null,
      deletedBlobs: 0,
      keptBlobs: 0,
      deletedOriginals: 0,
      keptOriginals: [],
      recordItemId: null,
      finishedAt: null,
    },
  };
}

/** Whether the row's item has already been dealt with (destroyed or skipped) by this execution. */
export function rowSettled(e: DestructionExecution, itemId: string): boolean {
  return e.done.includes(itemId) || e.skipped.some((s) => s.itemId === itemId);
}
