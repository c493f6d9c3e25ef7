import { Router } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { checkAuditChain, readAudit } from '../../core/audit/read-audit';
import { route } from '../route';

export const auditQuerySchema = z.strictObject({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(64).optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/api/audit',
      tag: 'audit',
      auth: true,
      summary: 'The audit trail, newest first (auditor only)',
      query: auditQuerySchema,
    },
    async ({ actor, ctx, query }) =>
      readAudit(deps, actor, ctx, {
        actor: query.actor,
        action: query.action,
        target: query.target,
        beforeSeq: query.before,
        limit: query.limit,
      }),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/audit/verify',
      tag: 'audit',
      auth: true,
      summary: 'Walk the audit hash chain and report the first broken link, if any (auditor only)',
    },
    async ({ actor, ctx }) => checkAuditChain(deps, actor, ctx),
  );
  return r;
}
