import { z } from 'zod';
import { RETENTION_PERIODS } from '../catalogue/retention.policy';
import { APPRAISAL_STATUSES, MIN_QUORUM } from './appraisal.model';
import { DESTRUCTION_METHODS, DESTRUCTION_STATUSES } from './destruction.model';
import { MAX_APPRAISAL_ITEMS } from './appraisals';

/** Inputs of the retention routes (到期 → 鉴定 → 销毁), validated at the edge. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day (YYYY-MM-DD)');
const itemId = z.string().regex(/^itm_[0-9a-z]{20}$/);
const appraisalId = z.string().regex(/^apr_[0-9a-z]{20}$/);
const limit = z.coerce.number().int().min(1).max(500).default(100);
const cursor = z.string().max(100).optional();
const text = (max: number) => z.string().trim().max(max);

export const dueQuerySchema = z.strictObject({ on: day.optional(), limit, cursor });
export const snapshotQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(366).default(30),
});
export const dayParams = z.strictObject({ day });

export const appraisalIdParams = z.strictObject({ id: appraisalId });
export const appraisalItemParams = z.strictObject({ id: appraisalId, itemId });
export const destructionIdParams = z.strictObject({ id: z.string().regex(/^dsl_[0-9a-z]{20}$/) });

export const openAppraisalSchema = z.strictObject({
  itemIds: z.array(itemId).min(1).max(MAX_APPRAISAL_ITEMS),
  title: text(200).optional(),
  /** Distinct committee votes each item needs (default 2, never below 2). */
  quorum: z.number().int().min(MIN_QUORUM).max(20).optional(),
});

export const voteSchema = z.strictObject({
  itemId,
  decision: z.enum(['destroy', 'keep']),
  /** The new, longer period of a keep vote. */
  retention: z.enum(RETENTION_PERIODS).optional(),
  /** 鉴定意见: required for keep. */
  reason: text(500).optional(),
});
export const votesSchema = z.strictObject({ votes: z.array(voteSchema).min(1).max(MAX_APPRAISAL_ITEMS) });

export const releaseSchema = z.strictObject({ reason: text(500).min(1) });

export const appraisalListQuerySchema = z.strictObject({
  status: z.enum(APPRAISAL_STATUSES).optional(),
  limit,
  cursor,
});

export const createDestructionListSchema = z.strictObject({ appraisalId });
export const approveSchema = z.strictObject({ reason: text(500).default('') });
export const refuseSchema = z.strictObject({ reason: text(500).min(1) });
export const executeSchema = z.strictObject({
  /** 销毁方式: 粉碎 / 焚毁 / 化浆 (paper), 删除 (electronic). */
  method: z.enum(DESTRUCTION_METHODS),
  /** 销毁时间 (ISO 8601), default now; never in the future. */
  at: z.string().datetime({ offset: true }).optional(),
});
export const destructionListQuerySchema = z.strictObject({
  status: z.enum(DESTRUCTION_STATUSES).optional(),
  limit,
  cursor,
});
