import { assertExtension, periodYears, type RetentionPeriod } from '../catalogue/retention.policy';
import { conflict, invalid } from '../shared/errors';
import type { StoredRecord } from '../records/record-store.port';

/**
 * 鉴定 (appraisal): the archivist opens one over items whose retention has expired; the committee
 * (鉴定小组, role appraiser) votes per item: destroy (销毁), or keep (延长保管) with a longer period and a
 * reason; the archivist closes it when every item is decided.
 *
 * Rules (see README.md beside this file):
 * - **Quorum**: an item is decided when at least `quorum` distinct committee members have voted on it.
 *   The quorum is set when the appraisal is opened, default 2, and may never be below 2 (two-person rule).
 *   A member may change their vote while the appraisal is open; their latest vote counts.
 * - **Resolution of conflicting votes** (「有疑即存」: when in doubt, keep): the item is destroyed only when
 *   every vote says destroy. Any keep vote keeps it, with the longest period any keep vote proposed;
 *   such an outcome is marked `contested`.
 * - Appraisal may extend a period, never shorten it (`assertExtension`): a keep vote must propose a period
 *   longer than the item's current one.
 */
export const APPRAISAL_STATUSES = ['open', 'closed'] as const;
export type AppraisalStatus = (typeof APPRAISAL_STATUSES)[number];
export const APPRAISAL_STATUS_LABELS: Record<AppraisalStatus, string> = { open: '鉴定中', closed: '已完成' };

export const DEFAULT_QUORUM = 2;
export const MIN_QUORUM = 2;
export const DEFAULT_DESTROY_OPINION = '保管期满，经鉴定无继续保存价值，拟销毁';

export type AppraisalDecision = 'destroy' | 'keep';

export interface AppraisalVote {
  by: string;
  at: string;
  decision: AppraisalDecision;
  /** The new period for `keep`; null for `destroy`. */
  retention: RetentionPeriod | null;
  reason: string;
}

export interface AppraisalOutcome {
  decision: AppraisalDecision;
  retention: RetentionPeriod | null;
  /** 鉴定意见 */
  reason: string;
  /** The votes disagreed; the keep rule decided. */
  contested: boolean;
  voters: string[];
}

/** One item under appraisal: what it was when opened, the votes, and (once closed) the outcome. */
export interface AppraisalEntry {
  itemId: string;
  archivalCode: string | null;
  year: number;
  retention: RetentionPeriod;
  dueDate: string | null;
  pages: number;
  /** Taken out of the appraisal while open (e.g. a hold arrived): it is no longer decided here. */
  released: { by: string; at: string; reason: string } | null;
  votes: AppraisalVote[];
  outcome: AppraisalOutcome | null;
}

export interface Appraisal extends StoredRecord {
  /** 鉴定编号, e.g. `JD-2024-0001`. */
  number: string;
  fondsCode: string;
  title: string;
  status: AppraisalStatus;
  quorum: number;
  /** The day the items were due on when opened. */
  on: string;
  entries: AppraisalEntry[];
  /** Item ids still under this appraisal (not released): for membership queries. */
  itemIds: string[];
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  /** The destruction list (销毁清册) made from its destroy decisions, if any. */
  destructionListId: string | null;
}

/** The claim that keeps an item in one appraisal (and its destruction list) at a time. */
export const appraisalClaim = (itemId: string) => `appraisal:${itemId}`;

const TRANSITIONS: Record<AppraisalStatus, readonly AppraisalStatus[]> = { open: ['closed'], closed: [] };

export function assertAppraisalTransition(from: AppraisalStatus, to: AppraisalStatus): void {
  if (!TRANSITIONS[from].includes(to))
    throw conflict('appraisal.bad_transition', `An appraisal cannot go from ${from} to ${to}.`, { from, to });
}

export function assertOpen(a: Appraisal): void {
  if (a.status !== 'open') throw conflict('appraisal.closed', `Appraisal ${a.number} is closed.`);
}

export function assertQuorum(quorum: number): void {
  if (!Number.isInteger(quorum) || quorum < MIN_QUORUM)
    throw invalid('appraisal.bad_quorum', `The quorum must be a whole number of at least ${MIN_QUORUM}.`, {
      field: 'quorum',
    });
}

function entryOf(a: Appraisal, itemId: string): AppraisalEntry {
  const e = a.entries.find((x) => x.itemId === itemId);
  if (!e) throw conflict('appraisal.item_not_included', `Item ${itemId} is not in appraisal ${a.number}.`);
  if (e.released)
    throw conflict('appraisal.item_released', `Item ${itemId} was released from appraisal ${a.number}.`);
  return e;
}

export interface VoteInput {
  itemId: string;
  decision: AppraisalDecision;
  retention?: RetentionPeriod;
  reason?: string;
}

/** Records (or replaces) one member's vote on one item. Keep votes must extend the period. */
export function castVote(a: Appraisal, voter: string, v: VoteInput, at: string): Appraisal {
  assertOpen(a);
  const e = entryOf(a, v.itemId);
  let vote: AppraisalVote;
  if (v.decision === 'keep') {
    if (!v.retention)
      throw invalid('appraisal.retention_required', 'A keep vote proposes the new retention period.', {
        itemId: v.itemId,
      });
    assertExtension(e.retention, v.retention);
    const reason = v.reason?.trim() ?? '';
    if (!reason)
      throw invalid('appraisal.reason_required', 'A keep vote gives the reason for keeping.', {
        itemId: v.itemId,
      });
    vote = { by: voter, at, decision: 'keep', retention: v.retention, reason };
  } else {
    if (v.retention)
      throw invalid('appraisal.retention_on_destroy', 'A destroy vote proposes no period.', {
        itemId: v.itemId,
      });
    vote = { by: voter, at, decision: 'destroy', retention: null, reason: v.reason?.trim() ?? '' };
  }
  const entries = a.entries.map((x) =>
    x === e ? { ...x, votes: [...x.votes.filter((o) => o.by !== voter), vote] } : x,
  );
  return { ...a, entries };
}

/** Takes an item out of an open appraisal; its votes stay on record but no longer decide anything. */
export function releaseEntry(
  a: Appraisal,
  itemId: string,
  by: string,
  reason: string,
  at: string,
): Appraisal {
  assertOpen(a);
  const e = entryOf(a, itemId);
  return {
    ...a,
    entries: a.entries.map((x) => (x === e ? { ...x, released: { by, at, reason } } : x)),
    itemIds: a.itemIds.filter((id) => id !== itemId),
  };
}

const longer = (a: RetentionPeriod, b: RetentionPeriod) =>
  (periodYears(a) ?? Infinity) >= (periodYears(b) ?? Infinity) ? a : b;

/** The outcome of an item's votes, or null while fewer than `quorum` distinct members have voted. */
export function resolveEntry(e: AppraisalEntry, quorum: number): AppraisalOutcome | null {
  const voters = [...new Set(e.votes.map((v) => v.by))];
  if (voters.length < quorum) return null;
  const keeps = e.votes.filter((v) => v.decision === 'keep');
  if (keeps.length === 0) {
    const reasons = [...new Set(e.votes.map((v) => v.reason).filter(Boolean))];
    return {
      decision: 'destroy',
      retention: null,
      reason: reasons.join('；') || DEFAULT_DESTROY_OPINION,
      contested: false,
      voters,
    };
  }
  const retention = keeps.map((v) => v.retention!).reduce(longer);
  return {
    decision: 'keep',
    retention,
    reason: [...new Set(keeps.map((v) => v.reason))].join('；'),
    contested: keeps.length !== e.votes.length,
    voters,
  };
}

/** Every item's outcome; throws `appraisal.undecided` (listing them) if any item lacks its quorum. */
export function resolveAll(a: Appraisal): Appraisal {
  const undecided: string[] = [];
  const entries = a.entries.map((e) => {
    if (e.released) return e;
    const outcome = resolveEntry(e, a.quorum);
    if (!outcome) undecided.push(e.itemId);
    return { ...e, outcome };
  });
  if (undecided.length)
    throw conflict(
      'appraisal.undecided',
      `${undecided.length} item(s) have fewer than ${a.quorum} committee votes.`,
      { itemIds: undecided, quorum: a.quorum },
    );
  return { ...a, entries };
}

/** The distinct committee members who voted (they sign the 销毁清册). */
export function committeeOf(a: Appraisal): string[] {
  return [...new Set(a.entries.flatMap((e) => e.votes.map((v) => v.by)))].sort();
}
