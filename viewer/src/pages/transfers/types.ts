import type { ItemView } from '../../api/types';

/** The shapes the transfers pages read (server/core/transfers/*; see GET /api/openapi.json). */

export interface ItemWithTransfer extends ItemView {
  transfer?: { transferId: string; returnReason?: string } | null;
}

export interface PreparationMonth {
  year: number;
  month: number;
  filed: number;
  returned: number;
  preArchived: number;
  items: number;
  pages: number;
}

/** `GET /api/transfers/preparation` */
export interface Preparation {
  section: string;
  months: PreparationMonth[];
  undated: number;
  items: ItemWithTransfer[] | null;
}

export interface Volume {
  id: string;
  number: string;
  fondsCode: string;
  section: string;
  year: number;
  month: number;
  mode: 'month' | 'person';
  title: string;
  itemIds: string[];
  createdBy: string;
  createdAt: string;
}

export type TransferStatus =
  'draft' | 'submitted' | 'checked' | 'accepted' | 'partially_accepted' | 'returned' | 'cancelled';

export type Decision = 'pending' | 'accepted' | 'returned';

export interface TransferItem {
  itemId: string;
  volumeId: string | null;
  year: number;
  date: string;
  classCode: string;
  retention: string;
  insuranceType: string;
  pages: number;
  decision: Decision;
  decidedBy?: string;
  decidedAt?: string;
  archivalCode?: string;
  returnReason?: string;
}

export interface Finding {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  details?: Record<string, unknown>;
}

export interface ItemCheck {
  itemId: string;
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
  findings: Finding[];
  items: ItemCheck[];
  summary: { ok: number; problems: number; unverifiable: number };
}

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
  ignored: number;
  matched: number;
  missing: SystemTransaction[];
  extra: { itemId: string; reason: string }[];
  mismatched: { itemId: string; line: number; matchedBy: string; fields: string[] }[];
}

export interface Transfer {
  id: string;
  revision: number;
  number: string;
  fondsCode: string;
  section: string;
  status: TransferStatus;
  statusLabel: string;
  items: TransferItem[];
  volumeIds: string[];
  declared: { items: number; pages: number } | null;
  createdBy: string;
  createdAt: string;
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  sectionHead: string | null;
  sectionHeadName: string | null;
  check: TransferCheck | null;
  reconciliation: Reconciliation | null;
  receivedBy: string | null;
  receivedByName: string | null;
  closedAt: string | null;
  updatedAt: string;
  totals: { items: number; pages: number };
  pending: number;
  accepted: number;
  returned: number;
}

/** `GET /api/transfers/{id}/items` */
export type TransferItemView = ItemView & { decision: Decision; returnReason: string | null };

export interface LateRow {
  section: string;
  year: number;
  items: number;
  pages: number;
  byStatus: Partial<Record<'filed' | 'pre_archived' | 'returned', number>>;
}

/** `GET /api/transfers/late` */
export interface LateTransfers {
  asOf: string;
  rule: string;
  lateUpToYear: number;
  late: LateRow[];
  lateTotal: { items: number; pages: number };
  due: { year: number; deadline: string; rows: LateRow[]; total: { items: number; pages: number } };
}
