import { Router } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { sectionPreparation } from '../../core/transfers/preparation';
import { route } from '../route';

const preparationQuerySchema = z
  .strictObject({
    year: z.coerce.number().int().min(1900).max(2999).optional(),
    month: z.coerce.number().int().min(1).max(12).optional(),
  })
  .refine((q) => (q.year === undefined) === (q.month === undefined), {
    message: 'Give both year and month, or neither.',
  });

/**
 * What a section prepares for the archive (the viewer's 移交 page). Registered before transferRoutes:
 * `/api/transfers/{id}` would otherwise take `/api/transfers/preparation`.
 */
export function transferPreparationRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/preparation',
      tag: 'transfers',
      auth: true,
      summary:
        '待预立卷 / 待移交: the section’s filed, returned and pre-archived items per year and month; with year and month, that month’s items',
      query: preparationQuerySchema,
    },
    async ({ actor, ctx, query }) => sectionPreparation(deps, actor, ctx, query),
  );
  return r;
}
