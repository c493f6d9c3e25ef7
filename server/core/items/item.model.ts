import type { ItemId } from '../shared/ids';
import type { RetentionPeriod } from '../catalogue/retention.policy';

/**
 * The life of an item (件): filed in a section (已登记) → pre-archived in a monthly volume → in transfer →
 * (returned for correction) → archived (numbered, boxed, shelved) → destroyed (a tombstone stays).
 */
export const ITEM_STATUSES = [
  'filed',
  'pre_archived',
  'in_transfer',
  'returned',
  'archived',
  'destroyed',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  filed: '已登记',
  pre_archived: '预立卷',
  in_transfer: '移交中',
  returned: '退回补正',
  archived: '已归档',
  destroyed: '已销毁',
};

/** A person the item concerns (参保人): name and, where known, 公民身份号码. */
export interface ItemPerson {
  name: string;
  residentId?: string;
  socialInsuranceNo?: string;
}

/** A unit the item concerns (参保单位): name and its 统一社会信用代码 / 社会保险编码. */
export interface ItemUnit {
  name: string;
  creditCode?: string;
  socialInsuranceCode?: string;
}

/** A page: a stored original, content-addressed by SHA-256. Pages are numbered from 1. */
export interface ItemPage {
  n: number;
  sha256: string;
  mediaType: string;
  bytes: number;
  originalName: string;
  /** Derivatives made at ingest (blobs): a preview (≤ 1600 px) and a thumbnail (≤ 300 px). */
  preview?: string;
  thumbnail?: string;
  /** The page's text (OCR or a PDF's text layer) and, for OCR, the blob of its word boxes. */
  text?: { source: 'ocr' | 'text_layer' | 'generated'; confidence: number | null; words: string | null };
}

/** A hold (冻结): an audit, complaint, court case or outside authority freezes the item. */
export interface ItemHold {
  id: string;
  reason: string;
  authority: string;
  placedBy: string;
  placedAt: string;
  liftedBy?: string;
  liftedAt?: string;
}

export interface Item {
  id: ItemId;
  fondsCode: string;
  /** 年度: the year the transaction was completed (formed). */
  year: number;
  classCode: string;
  retention: RetentionPeriod;
  insuranceType: string;
  businessStep: string | null;
  /** 题名 */
  title: string;
  /** 责任者 */
  responsible: string;
  /** 文号 / 代码 */
  docNumber: string;
  /** 日期, 8 digits (`20130517`). */
  date: string;
  /** 备注 */
  remarks: string;
  /** The business section (业务科室) that formed the item. */
  section: string;
  status: ItemStatus;
  /** 档号 and 件号, set on accession; never reused. */
  archivalCode: string | null;
  itemNumber: number | null;
  persons: ItemPerson[];
  units: ItemUnit[];
  pages: ItemPage[];
  holds: ItemHold[];
  /** Which versions classified this item. */
  classifiedBy: {
    retentionTable: number;
    businessSteps: number;
    scheme: string;
    schemeVersion: number;
    retentionRowId: string | null;
  };
  /** The item's full text (OCR, text layer or generated form), searched but never logged. */
  content?: string;
  /** A searchable PDF of the pages (blob), made at ingest. */
  searchablePdf?: string;
  /** Where ingest took the item from, and what its quality gate found (DA/T 31). */
  ingest?: {
    batchId: string;
    draftId: string;
    quality: { page: number | null; code: string; message: string }[];
  };
  /** 到期日 (ISO date), or null for permanent records. */
  dueDate: string | null;
  /** The transfer (移交) the item is in or was accepted through, and why it was last returned (退回补正). */
  transfer?: { transferId: string; returnReason?: string } | null;
  /** Its box (装盒), once boxed: the box record and its 盒号. */
  box?: { boxId: string; boxNumber: string } | null;
  /** Out of its box (借出 / 调出): the loan or movement that took it, since when, due back when. */
  out?: { reason: 'loan' | 'movement'; ref: string; since: string; due: string | null } | null;
  /** Appraisal (鉴定) decisions that extended its period, newest last. */
  appraisals?: {
    appraisalId: string;
    from: RetentionPeriod;
    to: RetentionPeriod;
    reason: string;
    at: string;
  }[];
  /** Destruction (销毁): the list that destroyed it and when; the entry stays as a tombstone (页数 in `pages`). */
  destruction?: { listId: string; at: string; method: string; pages?: number } | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Incremented on every write: optimistic concurrency and index freshness. */
  revision: number;
}

/** 页数 is derived from the pages, never typed in. */
export function pageCount(item: Pick<Item, 'pages'>): number {
  return item.pages.length;
}

/** Every stored object the item refers to: originals, previews, thumbnails, word boxes, searchable PDF. */
export function itemBlobs(item: Pick<Item, 'pages' | 'searchablePdf'>): string[] {
  const out = new Set<string>();
  for (const p of item.pages) {
    out.add(p.sha256);
    if (p.preview) out.add(p.preview);
    if (p.thumbnail) out.add(p.thumbnail);
    if (p.text?.words) out.add(p.text.words);
  }
  if (item.searchablePdf) out.add(item.searchablePdf);
  return [...out];
}

export function activeHolds(item: Pick<Item, 'holds'>): ItemHold[] {
  return item.holds.filter((h) => !h.liftedAt);
}
