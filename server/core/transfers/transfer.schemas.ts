import { z } from 'zod';
import { TRANSFER_STATUSES } from './transfer.model';

/** Inputs of the transfer workflow, validated at the edge (strict: unknown fields are refused). */
const itemId = z.string().regex(/^itm_[0-9a-z]{20}$/);
const volumeId = z.string().regex(/^vol_[0-9a-z]{20}$/);
const year = z.number().int().min(1900).max(2999);
const month = z.number().int().min(1).max(12);
const itemIds = z.array(itemId).min(1).max(5000);
/** 件数 and 页数 counted on paper. */
const itemCount = z.number().int().min(0).max(1_000_000);
const pageCount = z.number().int().min(0).max(100_000_000);

export const volumeInputSchema = z.strictObject({
  year,
  month,
  /** month: one volume for the month (default); person: one volume per person (一人一档). */
  mode: z.enum(['month', 'person']).default('month'),
});

export const transferInputSchema = z
  .strictObject({
    /** Every pre-archived (or returned) item of the section of this year (and month). */
    year: year.optional(),
    month: month.optional(),
    volumeIds: z.array(volumeId).min(1).max(500).optional(),
    itemIds: itemIds.optional(),
  })
  .refine((v) => [v.year !== undefined, !!v.volumeIds, !!v.itemIds].filter(Boolean).length === 1, {
    message: 'Give exactly one of year (with month), volumeIds or itemIds.',
  })
  .refine((v) => v.month === undefined || v.year !== undefined, { message: 'A month needs a year.' });

export const submitInputSchema = z.strictObject({
  /** 件数 and 页数 as declared on the paper form, when they differ from what the system counts. */
  declaredItems: itemCount.optional(),
  declaredPages: pageCount.optional(),
  /** The section head (业务环节负责人) who signs, by username; a section head submitting is themself. */
  sectionHead: z.string().min(1).max(64).optional(),
});

export const checkInputSchema = z.strictObject({
  /** 件数 and 页数 the archivist counted on receipt, compared with the declared ones. */
  countedItems: itemCount.optional(),
  countedPages: pageCount.optional(),
});

export const acceptInputSchema = z.strictObject({
  /** The items to accept; omitted: every item still pending. */
  itemIds: itemIds.optional(),
});

export const returnInputSchema = z.strictObject({
  items: z
    .array(z.strictObject({ itemId, reason: z.string().trim().min(1).max(500) }))
    .min(1)
    .max(5000),
});

export const reconcileJsonSchema = z.strictObject({ csv: z.string().min(1).max(20_000_000) });

export const transferListQuerySchema = z.strictObject({
  status: z.enum(TRANSFER_STATUSES).optional(),
  section: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const volumeListQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2999).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const registerQuerySchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  format: z.enum(['pdf', 'xlsx']).default('pdf'),
});

export type VolumeInput = z.infer<typeof volumeInputSchema>;
export type TransferInput = z.infer<typeof transferInputSchema>;
export type SubmitInput = z.infer<typeof submitInputSchema>;
export type CheckInput = z.infer<typeof checkInputSchema>;
export type AcceptInput = z.infer<typeof acceptInputSchema>;
export type ReturnInput = z.infer<typeof returnInputSchema>;
export type TransferListQuery = z.infer<typeof transferListQuerySchema>;
export type VolumeListQuery = z.infer<typeof volumeListQuerySchema>;
