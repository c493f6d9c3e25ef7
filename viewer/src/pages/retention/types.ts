/** The shapes of the retention API the viewer reads (server/core/retention: due-list, appraisals, lists). */

export type RetentionPeriod = 'Y' | 'D100' | 'D50' | 'D30' | 'D10';
/** Longest first. */
export const RETENTION_PERIODS: RetentionPeriod[] = ['Y', 'D100', 'D50', 'D30', 'D10'];
export const RETENTION_LABELS: Record<RetentionPeriod, string> = {
  Y: '永久',
  D100: '100年',
  D50: '50年',
  D30: '30年',
  D10: '10年',
};
const years = (p: RetentionPeriod) => (p === 'Y' ? Infinity : Number(p.slice(1)));
/** The periods a keep vote may propose: longer than the current one (appraisal only extends). */
export const longerThan = (p: RetentionPeriod) => RETENTION_PERIODS.filter((x) => years(x) > years(p));

export const DESTRUCTION_METHODS = ['粉碎', '焚毁', '化浆', '删除'] as const;

export interface OutView {
  reason: 'loan' | 'movement';
  label: string;
  ref: string;
  since: string;
  due: string | null;
}

export interface DueItem {
  id: string;
  archivalCode: string | null;
  title: string;
  year: number;
  classCode: string;
  retention: RetentionPeriod;
  retentionLabel: string;
  dueDate: string | null;
  pageCount: number;
  section: string;
  out: OutView | null;
}

export interface DuePage {
  on: string;
  items: DueItem[];
  excluded: { held: number; in_appraisal: number };
  nextCursor: string | null;
}

export interface Vote {
  by: string;
  at: string;
  decision: 'destroy' | 'keep';
  retention: RetentionPeriod | null;
  reason: string;
}

export interface Outcome {
  decision: 'destroy' | 'keep';
  retention: RetentionPeriod | null;
  reason: string;
  contested: boolean;
  voters: string[];
}

export interface AppraisalEntry {
  itemId: string;
  archivalCode: string | null;
  year: number;
  retention: RetentionPeriod;
  retentionLabel: string;
  dueDate: string | null;
  pages: number;
  title: string;
  status: string;
  out: OutView | null;
  released: { by: string; at: string; reason: string } | null;
  votes: Vote[];
  outcome: Outcome | null;
}

export interface AppraisalSummary {
  id: string;
  number: string;
  fondsCode: string;
  title: string;
  status: 'open' | 'closed';
  statusLabel: string;
  quorum: number;
  on: string;
  items: number;
  decided: number;
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  destructionListId: string | null;
}

export interface AppraisalView extends Omit<AppraisalSummary, 'items' | 'decided'> {
  entries: AppraisalEntry[];
  itemIds: string[];
}

export type DestructionStatus = 'draft' | 'approved' | 'refused' | 'executing' | 'executed';

export interface DestructionRow {
  seq: number;
  itemId: string;
  archivalCode: string | null;
  year: number;
  retention: RetentionPeriod;
  retentionLabel: string;
  pages: number;
  opinion: string;
  remarks: string;
  title: string;
  status: string;
  out: OutView | null;
}

export interface DestructionExecution {
  method: string;
  at: string;
  orderedBy: { accountId: string; username: string };
  orderedAt: string;
  done: string[];
  skipped: { itemId: string; reason: string }[];
  deletedBlobs: number;
  keptBlobs: number;
  deletedOriginals?: number;
  keptOriginals?: { itemId: string; batchId: string; file: number; reason: string }[];
  recordItemId: string | null;
  finishedAt: string | null;
}

export interface DestructionSummary {
  id: string;
  number: string;
  appraisalId: string;
  appraisalNumber: string;
  fondsCode: string;
  status: DestructionStatus;
  statusLabel: string;
  items: number;
  pages: number;
  committee: string[];
  createdBy: string;
  createdAt: string;
  approval: { by: string; at: string; decision: 'approved' | 'refused'; reason: string } | null;
  confirmations: { by: string; at: string }[];
  execution: DestructionExecution | null;
  record: { itemId: string; archivalCode: string | null } | null;
}

export interface DestructionListView extends Omit<DestructionSummary, 'items' | 'pages'> {
  rows: DestructionRow[];
  supervisors: { counted: string[]; required: number };
}
