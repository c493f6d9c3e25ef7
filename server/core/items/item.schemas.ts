import { z } from 'zod';
import { RETENTION_PERIODS } from '../catalogue/retention.policy';
import { parseResidentId, parseUnifiedCreditCode } from '../identifiers';
import { ITEM_STATUSES } from './item.model';

/** Item input, validated at the edge. Unknown fields are refused (strict objects). */
const residentId = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const p = parseResidentId(raw);
    if (!p.ok) {
      ctx.addIssue({ code: 'custom', message: `not a valid 公民身份号码 (${p.reason})` });
      return z.NEVER;
    }
    return p.value as string;
  });

const creditCode = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const p = parseUnifiedCreditCode(raw);
    if (!p.ok) {
      ctx.addIssue({ code: 'custom', message: `not a valid 统一社会信用代码 (${p.reason})` });
      return z.NEVER;
    }
    return p.value as string;
  });

const text = (max: number) => z.string().trim().max(max);

function isCalendarDate(d: string): boolean {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, day));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
}

export const personSchema = z.strictObject({
  name: text(50).min(1),
  residentId: residentId.optional(),
  socialInsuranceNo: text(30)
    .regex(/^[0-9A-Za-z]+$/)
    .optional(),
});

export const unitSchema = z.strictObject({
  name: text(200).min(1),
  creditCode: creditCode.optional(),
  socialInsuranceCode: text(30)
    .regex(/^[0-9A-Za-z]+$/)
    .optional(),
});

/** 全宗号, a class or 险种 code, a business-step code: the patterns every catalogue field uses. */
export const fondsCodeSchema = z.string().regex(/^[0-9A-Za-z]{1,12}$/);
const catalogueCode = z.string().regex(/^[A-Z]{1,8}$/);
export const businessStepCode = z.string().regex(/^[A-Z]{1,8}-\d{2,3}$/);
/** 日期: 8 digits, a real calendar day (`20130517`). */
export const documentDate = z
  .string()
  .regex(/^\d{8}$/)
  .refine(isCalendarDate, 'not a calendar date (YYYYMMDD)');

const classification = {
  fondsCode: fondsCodeSchema,
  year: z.number().int().min(1949).max(2100),
  classCode: catalogueCode.optional(),
  retention: z.enum(RETENTION_PERIODS).optional(),
  insuranceType: catalogueCode.optional(),
  businessStep: businessStepCode.optional(),
};

export const itemInputSchema = z.strictObject({
  ...classification,
  title: text(500).min(1),
  responsible: text(200).default(''),
  docNumber: text(100).default(''),
  date: documentDate,
  remarks: text(2000).default(''),
  section: text(50).min(1).optional(),
  persons: z.array(personSchema).max(200).default([]),
  units: z.array(unitSchema).max(200).default([]),
});
export type ItemInput = z.infer<typeof itemInputSchema>;

export const itemPatchSchema = z.strictObject({
  revision: z.number().int().min(1).optional(),
  fondsCode: classification.fondsCode.optional(),
  year: classification.year.optional(),
  classCode: classification.classCode,
  retention: classification.retention,
  insuranceType: classification.insuranceType,
  businessStep: classification.businessStep.nullable(),
  title: text(500).min(1).optional(),
  responsible: text(200).optional(),
  docNumber: text(100).optional(),
  date: documentDate.optional(),
  remarks: text(2000).optional(),
  section: text(50).min(1).optional(),
  persons: z.array(personSchema).max(200).optional(),
  units: z.array(unitSchema).max(200).optional(),
});
export type ItemPatch = z.infer<typeof itemPatchSchema>;

/** The catalogue filters shared by the item list and search (query-string form). */
export const catalogueFilterFields = {
  fonds: fondsCodeSchema.optional(),
  year: z.coerce.number().int().min(1949).max(2100).optional(),
  class: catalogueCode.optional(),
  insuranceType: catalogueCode.optional(),
  businessStep: businessStepCode.optional(),
  retention: z.enum(RETENTION_PERIODS).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
};

/** The query-string filters in the catalogue's own field names (`class` → `classCode`, `fonds` → `fondsCode`). */
export function catalogueFilters(q: z.infer<z.ZodObject<typeof catalogueFilterFields>>) {
  return {
    fondsCode: q.fonds,
    year: q.year,
    classCode: q.class,
    insuranceType: q.insuranceType,
    businessStep: q.businessStep,
    retention: q.retention,
    status: q.status,
  };
}

export const itemListQuerySchema = z.strictObject({
  ...catalogueFilterFields,
  person: z.string().trim().min(1).max(50).optional(),
  unit: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});
export type ItemListQuery = z.infer<typeof itemListQuerySchema>;

export const holdInputSchema = z.strictObject({
  reason: text(500).min(1),
  authority: text(200).min(1),
});
