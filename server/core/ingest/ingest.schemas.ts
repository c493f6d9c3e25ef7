import { z } from 'zod';
import { businessStepCode, documentDate, fondsCodeSchema, itemInputSchema } from '../items/item.schemas';
import { DRAFT_STATUSES, SPLIT_MODES } from './ingest.model';

/** The metadata part of `POST /api/ingest/batches`. */
export const batchRequestSchema = z.strictObject({
  fondsCode: fondsCodeSchema,
  section: z.string().trim().min(1).max(50).optional(),
  splitMode: z.enum(SPLIT_MODES).default('file'),
});

/** A clerk's confirmation of a draft in review, with any corrected fields. */
export const reviewSchema = z.strictObject({
  revision: z.number().int().min(1),
  fields: itemInputSchema.omit({ fondsCode: true, section: true }).partial().default({}),
});
export type ReviewInput = z.infer<typeof reviewSchema>;

export const draftListQuerySchema = z.strictObject({
  batch: z.string().max(64).optional(),
  status: z.enum(DRAFT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(32).optional(),
});

/** Re-split: the pages from `atPage` (1-based) on become a draft of their own. Merge: append `other`. */
export const splitSchema = z.strictObject({
  revision: z.number().int().min(1),
  atPage: z.number().int().min(2),
});
export const mergeSchema = z.strictObject({
  revision: z.number().int().min(1),
  other: z.string().min(1).max(64),
});

const fieldValue = z.string().trim().max(200);

/** `POST /api/items/generated`: a system-generated form, filed without OCR. */
export const generatedFormSchema = z.strictObject({
  fondsCode: fondsCodeSchema,
  section: z.string().trim().min(1).max(50).optional(),
  businessStep: businessStepCode,
  /** Which of the step's forms; default its first. */
  formTitle: z.string().trim().min(1).max(200).optional(),
  date: documentDate,
  reference: z.string().trim().max(60).optional(),
  fields: z.array(z.strictObject({ label: z.string().trim().min(1).max(30), value: fieldValue })).max(40),
  handler: z.string().trim().max(20).optional(),
  reviewer: z.string().trim().max(20).optional(),
  persons: itemInputSchema.shape.persons,
  units: itemInputSchema.shape.units,
});
export type GeneratedFormInput = z.infer<typeof generatedFormSchema>;

/** `POST /api/ingest/separator-sheets`: sheets to print (personal data in the body, never the URL). */
export const separatorRequestSchema = z.strictObject({
  sheets: z
    .array(
      z.strictObject({
        businessStep: businessStepCode,
        personName: z.string().trim().max(20).optional(),
        residentId: z.string().trim().max(18).optional(),
        unitName: z.string().trim().max(100).optional(),
        unitCode: z.string().trim().max(18).optional(),
        copies: z.number().int().min(1).max(50).default(1),
      }),
    )
    .min(1)
    .max(200),
});
