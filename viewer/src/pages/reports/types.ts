/** The reports API's answers (GET /api/reports/…), as the viewer reads them. */

export type StatisticsReport = 'business' | 'by-class' | 'holdings' | 'yearly';

export interface StatisticsColumn {
  key: string;
  label: string;
  numeric: boolean;
  /** A heading over several columns, e.g. 永久 over 件数 / 页数. */
  group?: string;
}

export type Cell = string | number | null;

/** GET /api/reports/{business,by-class,holdings,yearly} */
export interface StatisticsTable {
  report: StatisticsReport;
  title: string;
  fondsCode: string | null;
  fromYear: number | null;
  toYear: number | null;
  sections: string[] | null;
  columns: StatisticsColumn[];
  rows: Record<string, Cell>[];
  total: Record<string, Cell>;
  notes: string[];
  preparedBy: string;
  preparedOn: string;
}

export type InspectionStatus = 'met' | 'partly' | 'not_met' | 'not_held';

export interface InspectionLine {
  section: string;
  item: string;
  points: number;
  source: string;
  checks: string;
  status: InspectionStatus;
  statusLabel: string;
  finding: string;
  evidence: { label: string; value: string | number }[];
  links: { label: string; href: string }[];
}

/** GET /api/reports/inspection */
export interface InspectionReport {
  title: string;
  fondsCode: string | null;
  asOf: string;
  asOfLocal: string;
  preparedBy: string;
  preparedOn: string;
  lines: InspectionLine[];
  summary: { status: InspectionStatus; label: string; items: number; points: number }[];
  notes: string[];
}

/** GET /api/reports/loans (借阅利用统计) */
export interface LoanStatistics {
  from: string;
  to: string;
  sections: string[] | null;
  requests: number;
  served: number;
  refused: number;
  itemUses: number;
  byKind: Record<string, number>;
  byPurpose: Record<string, number>;
  byBorrowerType: Record<string, number>;
  byEffect: Record<string, number>;
  typicalCases: number;
  byMonth: { month: string; requests: number; consult: number; loan: number; copy: number }[];
  pageMismatches: number;
  returnedLate: number;
}

export interface Fonds {
  scope: string;
  version: number;
  body: { name: string; agency?: string };
}
