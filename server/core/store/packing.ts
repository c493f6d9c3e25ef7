import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { ItemFilters } from '../items/item-repository.port';
import { DomainError, invalid } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { allBoxTypes, getBoxType } from './box-types';
import { typeForYear, type BoxType } from './box-type.model';
import {
  boxGroupKey,
  entryOf,
  filedGroupOf,
  filedRetention,
  type Box,
  type BoxEntry,
  type BoxGroup,
} from './box.model';
import { addItemsToBox, boxes, createBox } from './boxes';
import { planGroup, type PlannedBox } from './packing.policy';
import type { ApplyPackingInput, PackingQuery } from './store.schemas';

export interface PackingSuggestion {
  boxes: PlannedBox[];
  /** Archived items not yet in a box, among those looked at. */
  unboxedItems: number;
  newBoxes: number;
  /** More boxes would follow than `maxBoxes`. */
  truncated: boolean;
}

/** The group's open box with the highest 盒号, if it is in the store (a box that is out is not topped up). */
async function lastOpenBox(deps: CoreDeps, group: BoxGroup): Promise<Box | null> {
  let best: Box | null = null;
  for await (const b of boxes(deps).all({ group: boxGroupKey(group), status: 'open' }))
    if (!b.out && (!best || b.boxNo > best.boxNo)) best = b;
  return best;
}

/**
 * 装盒建议: archived, unboxed items (of a fonds, year, class, retention, or all) in 档号 order, packed
 * into the groups' last open boxes and then new boxes, each filled to capacity. Nothing is written. An
 * item's group is its 档号's (`filedGroupOf`): one kept longer by appraisal goes with its old period.
 */
export async function suggestPacking(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: PackingQuery,
): Promise<PackingSuggestion> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.packing_suggest', null);
  const filters: ItemFilters = { status: 'archived', numbered: true };
  if (q.fondsCode) filters.fondsCode = q.fondsCode;
  if (q.year !== undefined) filters.year = q.year;
  if (q.classCode) filters.classCode = q.classCode;
  // Not filtered by the current retention: items go into the boxes of their 档号's (filed) retention.
  const forced = q.typeId ? await getBoxType(deps, q.typeId) : null;
  const types = await allBoxTypes(deps);
  const groups = new Map<string, { group: BoxGroup; entries: BoxEntry[] }>();
  let unboxed = 0;
  for await (const item of deps.items.scanInArchivalOrder(filters)) {
    if (item.box || !item.archivalCode) continue;
    const group = filedGroupOf(item);
    if (q.retention && group.retention !== q.retention) continue;
    unboxed++;
    const key = boxGroupKey(group);
    let g = groups.get(key);
    if (!g) {
      g = { group, entries: [] };
      groups.set(key, g);
    }
    g.entries.push(entryOf(item));
  }
  const planned: PlannedBox[] = [];
  let truncated = false;
  for (const { group, entries } of groups.values()) {
    const type = forced ?? typeForYear(types, group.year);
    if (!type) throw invalid('box_type.not_found', 'There is no active box type.');
    const open = await lastOpenBox(deps, group);
    const openType: BoxType | undefined = open ? types.find((t) => t.id === open.typeId) : undefined;
    const plan = planGroup(
      group,
      entries,
      type,
      open && openType
        ? {
            box: {
              id: open.id,
              boxNumber: open.boxNumber,
              typeId: open.typeId,
              itemCount: open.itemCount,
              pageCount: open.pageCount,
              lastCode: open.entries[open.entries.length - 1]?.archivalCode ?? null,
            },
            type: openType,
          }
        : null,
    );
    for (const p of plan) {
      if (planned.length >= q.maxBoxes) {
        truncated = true;
        break;
      }
      planned.push(p);
    }
    if (truncated) break;
  }
  return {
    boxes: planned,
    unboxedItems: unboxed,
    newBoxes: planned.filter((p) => p.boxId === null).length,
    truncated,
  };
}

export interface AppliedPacking {
  applied: { boxId: string; code: string; items: number; created: boolean }[];
  failed: { index: number; code: string; message: string }[];
}

/**
 * Carries out a packing (as suggested, or as the archivist edited it): each planned box is created or
 * topped up through the same rules as by hand. A box that cannot be packed (an item boxed meanwhile, over
 * capacity) is reported and the others go ahead.
 */
export async function applyPacking(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: ApplyPackingInput,
): Promise<AppliedPacking> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.packing_apply', null);
  const out: AppliedPacking = { applied: [], failed: [] };
  for (const [index, planned] of input.boxes.entries()) {
    try {
      let box: Box;
      if (planned.boxId) {
        box = await addItemsToBox(deps, actor, ctx, planned.boxId, { items: planned.items });
      } else {
        const first = await deps.items.get(planned.items[0] as ItemId);
        if (!first) throw invalid('item.not_found', `No item ${planned.items[0]}.`);
        box = await createBox(deps, actor, ctx, {
          fondsCode: first.fondsCode,
          year: first.year,
          classCode: first.classCode,
          retention: filedRetention(first),
          items: planned.items,
          ...(planned.typeId ? { typeId: planned.typeId } : {}),
        });
      }
      out.applied.push({ boxId: box.id, code: box.code, items: box.itemCount, created: !planned.boxId });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.failed.push({ index, code: e.code, message: e.message });
    }
  }
  await recordAudit(deps, actor, ctx, 'box.packing_apply', null, {
    applied: out.applied.length,
    failed: out.failed.length,
  });
  return out;
}
