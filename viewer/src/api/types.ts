/** The shapes the viewer reads (a subset of the OpenAPI document at /api/openapi.json). */
/** `GET /api/auth/me` */
export interface Me {
  accountId: string;
  username: string;
  roles: string[];
  section: string | null;
  permissions: string[];
}

export interface WaitingWork {
  key: string;
  label: string;
  count: number;
  link: string;
}

export interface ItemView {
  id: string;
  fondsCode: string;
  year: number;
  classCode: string;
  retention: string;
  retentionLabel: string;
  insuranceType: string;
  businessStep: string | null;
  title: string;
  responsible: string;
  docNumber: string;
  date: string;
  remarks: string;
  section: string;
  status: string;
  statusLabel: string;
  archivalCode: string | null;
  pageCount: number;
  persons: { name: string; residentId?: string }[];
  units: { name: string; creditCode?: string }[];
  pages: { n: number; mediaType: string; preview?: string; thumbnail?: string }[];
  holds: { id: string; reason: string; authority: string; liftedAt?: string }[];
  box?: { boxId: string; boxNumber: string } | null;
  out?: { reason: string; ref: string; since: string; due: string | null } | null;
  frozen: boolean;
  hasText: boolean;
  personalDataMasked: boolean;
  dueDate: string | null;
  createdAt: string;
  revision: number;
}
