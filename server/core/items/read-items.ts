import type { Actor } from '../access/actor';
import { itemScope } from '../access/actor';
import { auditableQuery } from '../access/masking.policy';
import { isResidentId, isUnifiedCreditCode } from '../identifiers';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { notFound } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import type { ItemFilters } from './item-repository.port';
import { catalogueFilters, type ItemListQuery } from './item.schemas';
import { assertInScope, viewItem, type ItemView } from './item-view';

/** Reads one item's catalogue entry (audited: it is a read of record content). */
export async function getItem(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
): Promise<ItemView> {
  await authorizeAudited(deps, actor, ctx, 'item.read', 'item.read', id);
  const item = await deps.items.get(id);
  assertInScope(actor, item, id);
  await recordAudit(deps, actor, ctx, 'item.read', id);
  return viewItem(item, actor);
}

/** The repository filters for a list query, within the actor's scope. */
export function filtersFor(actor: Actor, q: ItemListQuery): ItemFilters {
  const scope = itemScope(actor);
  const person = q.person?.toUpperCase();
  const unit = q.unit?.toUpperCase();
  return {
    ...catalogueFilters(q),
    sections: scope === 'all' ? undefined : scope,
    ...(person ? (isResidentId(person) ? { personResidentId: person } : { personName: q.person }) : {}),
    ...(unit
      ? isUnifiedCreditCode(unit) || /^[0-9]{6,30}$/.test(unit)
        ? { unitCode: unit }
        : { unitName: q.unit }
      : {}),
  };
}

/** Lists items newest first, by cursor. Audited with its filters (a list shows catalogue content). */
export async function listItems(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: ItemListQuery,
): Promise<{ items: ItemView[]; nextCursor: string | null }> {
  await authorizeAudited(deps, actor, ctx, 'item.read', 'item.list', null);
  const page = await deps.items.list(filtersFor(actor, q), q.limit, q.cursor ?? null);
  const { limit: _l, cursor: _c, ...filters } = q;
  const names = page.items.flatMap((i) => i.persons.map((p) => p.name));
  await recordAudit(deps, actor, ctx, 'item.list', null, {
    filters: auditableQuery(filters, names),
    returned: page.items.length,
  });
  return { items: page.items.map((i) => viewItem(i, actor)), nextCursor: page.nextCursor };
}

/** Which rendition of a page: the stored original, or the derivatives made at ingest. */
export type PageVariant = 'original' | 'preview' | 'thumbnail';

const IMAGE_ORIGINALS = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Opens a page of an item (audited: every read of page content): the original (image or PDF, byte for
 * byte), or its preview (≤ 1600 px) or thumbnail (≤ 300 px). A page without derivatives (filed without
 * ingest) answers a preview or thumbnail with its original when that is an image a browser shows.
 */
export async function readPage(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
  n: number,
  variant: PageVariant = 'original',
) {
  await authorizeAudited(deps, actor, ctx, 'page.read', 'page.read', id);
  const item = await deps.items.get(id);
  assertInScope(actor, item, id);
  const page = item.pages.find((p) => p.n === n);
  if (!page) throw notFound('page.not_found', `Item ${id} has no page ${n}.`);
  const derived = variant === 'original' ? undefined : page[variant];
  if (variant !== 'original' && !derived && !IMAGE_ORIGINALS.has(page.mediaType))
    throw notFound('page.no_preview', `Page ${n} of item ${id} has no ${variant}; open the original.`);
  const sha = derived ?? page.sha256;
  const blob = await deps.blobs.open(sha);
  if (!blob) throw notFound('page.content_missing', `The content of page ${n} is missing from storage.`);
  await recordAudit(deps, actor, ctx, 'page.read', id, {
    page: n,
    ...(variant === 'original' ? {} : { variant }),
  });
  return { page, mediaType: derived ? null : page.mediaType, bytes: blob.bytes, stream: blob.stream };
}
