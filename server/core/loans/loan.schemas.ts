import { z } from 'zod';
import { ID_TYPES, LOAN_KINDS, LOAN_PURPOSES, LOAN_STATUSES, USE_EFFECTS } from './loan.model';

/** Loan inputs, validated at the edge. Unknown fields are refused (strict objects). */
const text = (max: number) => z.string().trim().max(max);
const itemId = z.string().regex(/^itm_[0-9a-z]{20}$/);
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'not a calendar date (YYYY-MM-DD)',
    },
  );

export const pageRangeSchema = z
  .strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) })
  .refine((r) => r.to >= r.from, { message: '`to` is before `from`' });

/** The borrower: oneself (omitted), an account (by username, registered at the desk), or an outside person. */
export const borrowerInputSchema = z.union([
  z.strictObject({
    username: z.string().trim().min(1).max(64),
    idType: z.enum(ID_TYPES).optional(),
    idNumber: text(40).min(1).optional(),
    organisation: text(200).optional(),
  }),
  z.strictObject({
    name: text(50).min(1),
    idType: z.enum(ID_TYPES),
    idNumber: text(40).min(1),
    organisation: text(200).optional(),
  }),
]);

export const loanRequestSchema = z.strictObject({
  kind: z.enum(LOAN_KINDS),
  purpose: z.strictObject({ category: z.enum(LOAN_PURPOSES), text: text(500).min(1) }),
  items: z
    .array(z.strictObject({ itemId, pages: z.array(pageRangeSchema).max(50).optional() }))
    .min(1)
    .max(50),
  /** The period asked for, in days (ignored for in-room physical loans). */
  days: z.number().int().min(1).max(365),
  borrower: borrowerInputSchema.optional(),
});
export type LoanRequestInput = z.infer<typeof loanRequestSchema>;

export const decisionSchema = z.strictObject({
  decision: z.enum(['approve', 'refuse']),
  /** The step decided (0-based), so that two approvers racing for one step cannot both decide it. */
  step: z.number().int().min(0).max(20).optional(),
  comment: text(500).default(''),
});
export type DecisionInput = z.infer<typeof decisionSchema>;

const countedItems = z
  .array(z.strictObject({ itemId, pages: z.number().int().min(0).max(100000), note: text(500).optional() }))
  .min(1)
  .max(50);

export const checkoutSchema = z.strictObject({ items: countedItems });
export const returnSchema = z.strictObject({ items: countedItems });
export const renewSchema = z.strictObject({ days: z.number().int().min(1).max(90).optional() });

export const closeSchema = z.strictObject({
  effect: z.strictObject({ category: z.enum(USE_EFFECTS), note: text(1000).default('') }),
  typical: z.strictObject({ title: text(100).min(1), summary: text(4000).min(1) }).optional(),
});
export type CloseInput = z.infer<typeof closeSchema>;

export const loanListQuerySchema = z.strictObject({
  /** mine: my own requests; to_approve: steps waiting for me; all: the desk's view. */
  view: z.enum(['mine', 'to_approve', 'all']).default('mine'),
  status: z.enum(LOAN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type LoanListQuery = z.infer<typeof loanListQuerySchema>;

export const dateRangeQuerySchema = z.strictObject({
  from: isoDay,
  to: isoDay,
  format: z.enum(['pdf', 'xlsx']).default('pdf'),
});
export const statisticsQuerySchema = z.strictObject({ from: isoDay, to: isoDay });
export const typicalCasesQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(1950).max(2200),
  format: z.enum(['pdf', 'xlsx']).default('pdf'),
});
