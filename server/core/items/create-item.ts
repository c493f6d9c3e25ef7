import type { Actor } from '../access/actor';
import { SECTION_SCOPED } from '../access/roles';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { requestIndexing } from '../search/request-indexing';
import { forbidden, invalid } from '../shared/errors';
import { newId, type ItemId } from '../shared/ids';
import { classifyItem } from './classify-item';
import type { Item, ItemPage } from './item.model';
import type { ItemInput } from './item.schemas';
import { detectPageMediaType } from './media-type';
import { viewItem, type ItemView } from './item-view';

/** An uploaded page file, as the edge hands it over: its first bytes for sniffing, and its content. */
export interface PageUpload {
  originalName: string;
  size: number;
  head: Uint8Array;
  content(): AsyncIterable<Uint8Array>;
}

/** The section an item is filed for: a clerk's own; anyone else must name one. */
export function sectionFor(actor: Actor, requested: string | undefined): string {
  const scoped = actor.roles.some((r) => SECTION_SCOPED.includes(r)) && !actor.roles.includes('archivist');
  if (scoped) {
    if (!actor.section) throw forbidden('item.no_section', 'This account belongs to no business section.');
    if (requested && requested !== actor.section)
      throw forbidden('item.other_section', 'A clerk files only for their own section.');
    return actor.section;
  }
  if (!requested)
    throw invalid('item.section_required', 'Name the business section (section) the item comes from.', {
      field: 'section',
    });
  return requested;
}

/** Checks every page's type by its magic bytes before anything is stored. */
export function checkPages(pages: readonly PageUpload[]): ItemPage['mediaType'][] {
  return pages.map((p, i) => {
    if (p.size === 0)
      throw invalid('page.empty', `Page ${i + 1} (${p.originalName}) is empty.`, { page: i + 1 });
    const type = detectPageMediaType(p.head);
    if (!type)
      throw invalid(
        'page.unsupported_type',
        `Page ${i + 1} (${p.originalName}) is not a JPEG, PNG, TIFF or PDF file.`,
        { page: i + 1 },
      );
    return type;
  });
}

/** Files an item (件) with its pages. The originals are stored byte for byte before the item is written. */
export async function createItem(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: ItemInput,
  pages: readonly PageUpload[],
): Promise<ItemView> {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'item.create', null);
  const section = sectionFor(actor, input.section);
  const classification = await classifyItem(deps, input);
  const types = checkPages(pages);
  const stored: ItemPage[] = [];
  for (const [i, p] of pages.entries()) {
    const blob = await deps.blobs.put(p.content());
    stored.push({
      n: i + 1,
      sha256: blob.sha256,
      mediaType: types[i]!,
      bytes: blob.bytes,
      originalName: p.originalName.slice(0, 255),
    });
  }
  const now = deps.clock.now();
  const item: Item = {
    id: newId<'ItemId'>('itm', now) as ItemId,
    ...classification,
    title: input.title,
    responsible: input.responsible,
    docNumber: input.docNumber,
    date: input.date,
    remarks: input.remarks,
    section,
    status: 'filed',
    archivalCode: null,
    itemNumber: null,
    persons: input.persons,
    units: input.units,
    pages: stored,
    holds: [],
    createdAt: now.toISOString(),
    createdBy: actor.username,
    updatedAt: now.toISOString(),
    revision: 1,
  };
  await deps.items.insert(item);
  await recordAudit(deps, actor, ctx, 'item.create', item.id, {
    pages: stored.length,
    classCode: item.classCode,
    year: item.year,
  });
  await requestIndexing(deps, item.id);
  return viewItem(item, actor);
}
