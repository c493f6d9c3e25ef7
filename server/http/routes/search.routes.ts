import { Router } from 'express';
import type { CoreDeps } from '../../core/deps';
import { searchItems, searchQuerySchema } from '../../core/search/search-items';
import { route } from '../route';

export function searchRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/api/search',
      tag: 'search',
      auth: true,
      summary: 'Full-text search (Chinese), with the item filters, highlights and facet counts',
      query: searchQuerySchema,
    },
    async ({ actor, ctx, query }) => searchItems(deps, actor, ctx, query),
  );
  return r;
}
