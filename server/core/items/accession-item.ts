import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { archivalCodeGroup, renderArchivalCode } from '../catalogue/archival-code';
import type { CoreDeps, RequestContext } from '../deps';
import { requestIndexing } from '../search/request-indexing';
import { conflict, notFound } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { viewItem, type ItemView } from './item-view';
import type { Item } from './item.model';

/**
 * Accession (立卷入库): the archive takes the item in and gives it its 档号, the next number of its group
 * under the scheme that classified it. Numbers are gap-free within a group and never reused.
 */
export async function accessionItem(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
): Promise<ItemView> {
  await authorizeAudited(deps, actor, ctx, 'item.accession', 'item.accession', id);
  const item = await deps.items.get(id);
  if (!item) throw notFound('item.not_found', `No item ${id}.`);
  const numbered = await accessionLoadedItem(deps, item);
  await recordAudit(deps, actor, ctx, 'item.accession', id, { archivalCode: numbered.archivalCode });
  await requestIndexing(deps, id);
  return viewItem(numbered, actor);
}

/**
 * Numbers an item already loaded (no permission check: the caller has made it, e.g. accepting a transfer):
 * writes it `archived` with the next 档号 of its group, as a compare-and-set on `item.revision` (a lost race
 * throws `item.revision_conflict` and takes no number).
 */
export async function accessionLoadedItem(
  deps: Pick<CoreDeps, 'items' | 'catalogue' | 'clock'>,
  item: Item,
): Promise<Item> {
  if (item.archivalCode)
    throw conflict('item.already_accessioned', `Item ${item.id} already has 档号 ${item.archivalCode}.`);
  if (item.status === 'destroyed')
    throw conflict('item.destroyed', 'A destroyed item cannot be accessioned.');
  const schemeScope = `${item.fondsCode}/${item.classifiedBy.scheme}`;
  const scheme = await deps.catalogue.version('scheme', schemeScope, item.classifiedBy.schemeVersion);
  if (!scheme)
    throw notFound(
      'scheme.not_found',
      `Scheme ${schemeScope} v${item.classifiedBy.schemeVersion} is missing.`,
    );
  const template = scheme.body.archivalCodeTemplate;
  const fields = { ...item, businessStep: item.businessStep ?? '' };
  return deps.items.accession(
    { ...item, status: 'archived', updatedAt: deps.clock.now().toISOString(), revision: item.revision + 1 },
    archivalCodeGroup(template, fields),
    (n) => renderArchivalCode(template, fields, n),
  );
}
