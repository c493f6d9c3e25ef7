/** Shapes of the accounts, audit and catalogue answers the admin pages read. */

/** GET /api/accounts (never the password hash). */
export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  section: string | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/audit */
export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed' | string;
  details: Record<string, unknown>;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export type ChainReport =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/** A catalogue document version (fonds, scheme, retention table, business steps). */
export interface Versioned<T> {
  kind: string;
  scope: string;
  version: number;
  body: T;
  author: string;
  note: string;
  createdAt: string;
}
export type VersionInfo = Omit<Versioned<unknown>, 'body'>;

export interface FondsBody {
  name: string;
  agency?: string;
}

export interface SchemeBody {
  name: string;
  classification: string[];
  arrangement: string[];
  archivalCodeTemplate: string;
  years: { from?: number; to?: number };
}

export interface RetentionTableBody {
  effectiveFrom?: string;
  source: string;
  classes: { code: string; ordinal: number; name: string; verified: boolean; note?: string }[];
  rows: {
    id: string;
    classCode: string;
    item: string;
    name: string;
    period: string;
    source: string;
    verified: boolean;
    note?: string;
  }[];
}

export interface BusinessStepsBody {
  source: string;
  insuranceTypes: { code: string; name: string }[];
  links: { code: string; name: string }[];
  steps: {
    code: string;
    name: string;
    linkCode: string;
    insuranceType: string;
    classCode: string;
    retentionRowId: string;
    forms: { title: string; kind: string }[];
    source: string;
  }[];
}
