import { z } from 'zod';
import { RETENTION_PERIODS } from './retention.policy';
import { validateArchivalCodeTemplate } from './archival-code';

/**
 * The catalogue documents, as data: classes, the retention table, the business-step catalogue, each
 * fonds and its classification schemes. Each is stored as immutable versions; an edit is a new version.
 */
const code = z.string().regex(/^[A-Z][A-Z0-9-]{0,15}$/, 'an upper-case code such as GL or DJ-01');

export const classSchema = z.strictObject({
  code,
  ordinal: z.number().int().min(1).max(99),
  name: z.string().min(1).max(100),
  verified: z.boolean(),
  note: z.string().max(1000).optional(),
});

export const retentionRowSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]+-\d{2,3}$/),
  classCode: code,
  item: z.string().max(20),
  name: z.string().min(1).max(300),
  /** A period, or ACCOUNTING (《会计档案管理办法》 decides) or SHORT (kept ≥ 2 years, not archived). */
  period: z.enum([...RETENTION_PERIODS, 'ACCOUNTING', 'SHORT']),
  source: z.string().min(1).max(500),
  verified: z.boolean(),
  note: z.string().max(1000).optional(),
});

export const retentionTableSchema = z.strictObject({
  effectiveFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  source: z.string().min(1).max(500),
  classes: z.array(classSchema).min(1).max(99),
  rows: z.array(retentionRowSchema).min(1).max(2000),
});

export const formSchema = z.strictObject({
  title: z.string().min(1).max(200),
  kind: z.enum(['application', 'decision', 'attachment', 'notice', 'register', 'report']),
});

export const businessStepSchema = z.strictObject({
  code,
  name: z.string().min(1).max(100),
  linkCode: code,
  insuranceType: code,
  classCode: code,
  retentionRowId: z.string(),
  forms: z.array(formSchema).max(50),
  source: z.string().max(500),
});

export const businessStepCatalogueSchema = z.strictObject({
  source: z.string().min(1).max(500),
  insuranceTypes: z
    .array(z.strictObject({ code, name: z.string().min(1).max(50) }))
    .min(1)
    .max(50),
  links: z
    .array(z.strictObject({ code, name: z.string().min(1).max(50) }))
    .min(1)
    .max(50),
  steps: z.array(businessStepSchema).min(1).max(1000),
});

export const schemeAxis = z.enum(['year', 'class', 'retention', 'insuranceType', 'businessStep', 'section']);

export const classificationSchemeSchema = z.strictObject({
  name: z.string().min(1).max(100),
  /** How items are classified (人社部、国家档案局令第3号 第八条: 年度—业务环节 or 年度—险种—业务环节). */
  classification: z.array(schemeAxis).min(1).max(6),
  /** How items are arranged on the shelf and in catalogues (the sources' 年度—类别—保管期限—险种). */
  arrangement: z.array(schemeAxis).min(1).max(6),
  archivalCodeTemplate: z
    .string()
    .min(5)
    .max(120)
    .superRefine((t, ctx) => {
      try {
        validateArchivalCodeTemplate(t);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  /** Years this scheme governs (a legacy scheme covers, say, up to 2011). */
  years: z.strictObject({ from: z.number().int().optional(), to: z.number().int().optional() }),
});

export const fondsSchema = z.strictObject({
  name: z.string().min(1).max(200),
  agency: z.string().max(200).optional(),
});

export type ArchiveClass = z.infer<typeof classSchema>;
export type RetentionRow = z.infer<typeof retentionRowSchema>;
export type RetentionTable = z.infer<typeof retentionTableSchema>;
export type BusinessStep = z.infer<typeof businessStepSchema>;
export type BusinessStepCatalogue = z.infer<typeof businessStepCatalogueSchema>;
export type ClassificationScheme = z.infer<typeof classificationSchemeSchema>;
export type SchemeAxis = z.infer<typeof schemeAxis>;
export type Fonds = z.infer<typeof fondsSchema>;

export interface CatalogueBodies {
  'retention-table': RetentionTable;
  'business-steps': BusinessStepCatalogue;
  scheme: ClassificationScheme;
  fonds: Fonds;
}
export type CatalogueKind = keyof CatalogueBodies;

export const catalogueSchemas: { [K in CatalogueKind]: z.ZodType<CatalogueBodies[K]> } = {
  'retention-table': retentionTableSchema,
  'business-steps': businessStepCatalogueSchema,
  scheme: classificationSchemeSchema,
  fonds: fondsSchema,
};
