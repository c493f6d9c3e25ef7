import type { Actor } from '../access/actor';
import { itemScope, seesFullPersonalData } from '../access/actor';
import { maskName, maskResidentId, maskText } from '../access/masking.policy';
import { RETENTION_LABELS } from '../catalogue/retention.policy';
import { notFound } from '../shared/errors';
import { ITEM_STATUS_LABELS, activeHolds, pageCount, type Item } from './item.model';

/**
 * An item as a given actor may see it: personal data masked unless the role needs it. The full text
 * (`content`: OCR or text layer, full of names and ID numbers) is never part of the view; it is searched,
 * and `hasText` says whether there is any.
 */
export interface ItemView extends Omit<Item, 'content'> {
  hasText: boolean;
  pageCount: number;
  statusLabel: string;
  retentionLabel: string;
  frozen: boolean;
  personalDataMasked: boolean;
}

/** Whether the actor's scope covers the item (a clerk sees only their own section's items). */
export function inScope(actor: Actor, item: Pick<Item, 'section'>): boolean {
  const scope = itemScope(actor);
  return scope === 'all' || scope.includes(item.section);
}

/** Throws `item.not_found` for an item outside the actor's scope: its existence is not revealed. */
export function assertInScope(actor: Actor, item: Item | null, id: string): asserts item is Item {
  if (!item || !inScope(actor, item)) throw notFound('item.not_found', `No item ${id}.`);
}

/** The names and 公民身份号码 an item concerns: what masking hides wherever they appear. */
export function personalDataOf(item: Pick<Item, 'persons'>): { names: string[]; ids: string[] } {
  return {
    names: item.persons.map((p) => p.name),
    ids: item.persons.map((p) => p.residentId).filter((x): x is string => !!x),
  };
}

export function viewItem(item: Item, actor: Actor): ItemView {
  const masked = !seesFullPersonalData(actor);
  const { content, ...fields } = item;
  const base = {
    ...fields,
    hasText: !!content,
    pageCount: pageCount(item),
    statusLabel: ITEM_STATUS_LABELS[item.status],
    retentionLabel: RETENTION_LABELS[item.retention],
    frozen: activeHolds(item).length > 0,
    personalDataMasked: masked,
  };
  if (!masked) return base;
  const { names, ids } = personalDataOf(item);
  const mask = (t: string) => maskText(t, names, ids);
  return {
    ...base,
    title: mask(item.title),
    responsible: mask(item.responsible),
    remarks: mask(item.remarks),
    holds: item.holds.map((h) => ({ ...h, reason: mask(h.reason), authority: mask(h.authority) })),
    persons: item.persons.map((p) => ({
      name: maskName(p.name),
      ...(p.residentId ? { residentId: maskResidentId(p.residentId) } : {}),
      ...(p.socialInsuranceNo ? { socialInsuranceNo: '*'.repeat(p.socialInsuranceNo.length) } : {}),
    })),
  };
}
