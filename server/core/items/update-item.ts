import { itemScope, type Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { requestIndexing } from '../search/request-indexing';
import { conflict } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { classifyItem } from './classify-item';
import { sectionFor } from './create-item';
import type { Item } from './item.model';
import type { ItemPatch } from './item.schemas';
import { assertInScope, viewItem, type ItemView } from './item-view';

const CLASSIFICATION_FIELDS = [
  'fondsCode',
  'year',
  'classCode',
  'retention',
  'insuranceType',
  'businessStep',
] as const;

/**
 * Edits an item's catalogue fields. Classification changes are re-checked against the catalogue; once
 * an item is archived (it has a 档号) its classification is fixed and only the archive may correct it; an item
 * in a transfer is not edited (the archive returns it instead), and a destroyed item is never edited.
 */
export async function updateItem(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
  patch: ItemPatch,
): Promise<ItemView> {
  await authorizeAudited(deps, actor, ctx, 'item.update', 'item.update', id);
  const item = await deps.items.get(id);
  assertInScope(actor, item, id);
  if (patch.revision !== undefined && patch.revision !== item.revision) {
    throw conflict(
      'item.revision_conflict',
      `Item ${id} is at revision ${item.revision}, not ${patch.revision}.`,
      { currentRevision: item.revision },
    );
  }
  if (item.status === 'destroyed')
    throw conflict('item.destroyed', 'A destroyed item is a tombstone and cannot be edited.');
  if (item.status === 'in_transfer')
    throw conflict(
      'item.in_transfer',
      'This item is in a transfer (移交中): the archive returns it for correction (退回补正) if needed.',
    );
  if (item.status === 'archived' && itemScope(actor) !== 'all')
    throw conflict(
      'item.handed_over',
      'This item has been accepted by the archive (已归档): only the archive may correct it.',
    );
  const { revision: _r, ...changes } = patch;
  const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => changes[k] !== undefined);
  const reclassify = CLASSIFICATION_FIELDS.some((f) => changed.includes(f) && changes[f] !== item[f]);
  if (reclassify && item.archivalCode) {
    throw conflict(
      'item.classification_locked',
      'This item is archived: its classification is part of its 档号 and cannot change.',
    );
  }
  const section = changes.section !== undefined ? sectionFor(actor, changes.section) : item.section;
  const classification = reclassify
    ? await classifyItem(deps, {
        fondsCode: changes.fondsCode ?? item.fondsCode,
        year: changes.year ?? item.year,
        classCode: changes.classCode ?? (changes.businessStep !== undefined ? undefined : item.classCode),
        retention: changes.retention ?? (changes.businessStep !== undefined ? undefined : item.retention),
        insuranceType:
          changes.insuranceType ?? (changes.businessStep !== undefined ? undefined : item.insuranceType),
        businessStep: changes.businessStep === undefined ? item.businessStep : changes.businessStep,
      })
    : {};
  const next: Item = {
    ...item,
    ...Object.fromEntries(
      Object.entries(changes).filter(
        ([k, v]) => v !== undefined && !(CLASSIFICATION_FIELDS as readonly string[]).includes(k),
      ),
    ),
    ...classification,
    section,
    updatedAt: deps.clock.now().toISOString(),
    revision: item.revision + 1,
  };
  await deps.items.update(next);
  await recordAudit(deps, actor, ctx, 'item.update', id, { fields: changed, revision: next.revision });
  await requestIndexing(deps, id);
  return viewItem(next, actor);
}
