import { z } from 'zod';
import type { Actor } from '../access/actor';
import { itemScope, seesFullPersonalData } from '../access/actor';
import { auditableQuery, maskText } from '../access/masking.policy';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { catalogueFilterFields, catalogueFilters } from '../items/item.schemas';
import { personalDataOf, viewItem, type ItemView } from '../items/item-view';
import type { Highlight, SearchResult } from './search-index.port';

export const searchQuerySchema = z.strictObject({
  q: z.string().max(200).default(''),
  ...catalogueFilterFields,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100).optional(),
});
export type SearchItemsQuery = z.infer<typeof searchQuerySchema>;

export interface SearchItemsResult extends Omit<SearchResult, 'hits'> {
  hits: { item: ItemView; highlights: Highlight[] }[];
}

/**
 * Full-text search over the catalogue, within the actor's scope, personal data masked in items and
 * highlights alike. Every search is audited with its words and filters, personal data masked.
 */
export async function searchItems(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: SearchItemsQuery,
): Promise<SearchItemsResult> {
  await authorizeAudited(deps, actor, ctx, 'item.read', 'search', null);
  const scope = itemScope(actor);
  const result = await deps.search.search({
    q: q.q,
    filters: {
      ...catalogueFilters(q),
      ...(scope === 'all' ? {} : { sections: scope }),
    },
    limit: q.limit,
    cursor: q.cursor ?? null,
  });
  const masked = !seesFullPersonalData(actor);
  const hits: SearchItemsResult['hits'] = [];
  const namesFound = new Set<string>();
  for (const hit of result.hits) {
    const item = await deps.items.get(hit.itemId);
    if (!item) continue; // removed since it was indexed
    const { names, ids } = personalDataOf(item);
    for (const n of names) namesFound.add(n);
    const highlights = masked
      ? hit.highlights.map((h) => ({ ...h, fragment: maskText(h.fragment, names, ids) }))
      : hit.highlights;
    hits.push({ item: viewItem(item, actor), highlights });
  }
  const { limit: _l, cursor: _c, ...words } = q;
  await recordAudit(deps, actor, ctx, 'search', null, {
    ...auditableQuery(words, [...namesFound]),
    total: result.total,
  });
  return { ...result, hits };
}
