/** Shapes the item page reads beyond `ItemView` (see /api/openapi.json). */

/** `GET /api/items/{id}/pages/{n}/text` */
export interface PageText {
  itemId: string;
  page: number;
  source: 'ocr' | 'text_layer' | 'generated' | null;
  confidence: number | null;
  text: string;
  words: { text: string; box: [number, number, number, number] }[];
  /** The original page's size in pixels: what the boxes refer to. */
  width: number | null;
  height: number | null;
  personalDataMasked: boolean;
}

/** `GET /api/items/{id}/history` */
export interface HistoryEvent {
  at: string;
  kind: string;
  label: string;
  detail: string;
  by: string | null;
  ref: { kind: string; id: string; number: string } | null;
  loan?: {
    number: string;
    kindLabel: string;
    statusLabel: string;
    borrower: string;
    requestedAt: string;
    approvedAt: string | null;
    checkedOutAt: string | null;
    due: string | null;
    returnedAt: string | null;
    closedAt: string | null;
  };
}

export interface ItemHistory {
  itemId: string;
  archivalCode: string | null;
  events: HistoryEvent[];
  personalDataMasked: boolean;
}

/** `GET /api/boxes/{id}` (the fields the item page shows). */
export interface BoxInfo {
  id: string;
  boxNumber: string;
  code: string;
  locationCode: string | null;
  statusLabel: string;
}

/** `GET /api/audit` */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  details: Record<string, unknown>;
}
