import type { BoxType } from './box-type.model';
import type { BoxEntry, BoxGroup } from './box.model';
import { itemRangeOf } from './box.model';

/**
 * Suggested packing (装盒建议): archived, unboxed items of a group, in 档号 order, fill the group's last
 * open box (when they come after what it holds), then new boxes, each to capacity — by items and, when
 * the type limits pages, by pages. An item larger than a box's page capacity goes alone into a box.
 */
export interface PlannedBox {
  /** An existing open box to top up, or null for a new box. */
  boxId: string | null;
  boxNumber: string | null;
  typeId: string;
  group: BoxGroup;
  /** Items already in the box (an existing box) and those the plan adds. */
  existingItems: number;
  existingPages: number;
  items: BoxEntry[];
  pages: number;
  itemRange: string | null;
  /** An item alone exceeds the page capacity. */
  oversize: boolean;
}

export interface OpenBoxTail {
  id: string;
  boxNumber: string;
  typeId: string;
  itemCount: number;
  pageCount: number;
  /** The 档号 of its last item: only items after it top the box up, so boxes stay in order. */
  lastCode: string | null;
}

type Capacity = Pick<BoxType, 'id' | 'capacityItems' | 'capacityPages'>;

/** Plans one group's boxes. `entries` must be in 档号 order; `open` is the group's last open box, if any. */
export function planGroup(
  group: BoxGroup,
  entries: readonly BoxEntry[],
  type: Capacity,
  open: { box: OpenBoxTail; type: Capacity } | null,
): PlannedBox[] {
  const plans: PlannedBox[] = [];
  let current: PlannedBox | null = null;
  let cap: Capacity = type;
  const fresh = (): PlannedBox => ({
    boxId: null,
    boxNumber: null,
    typeId: type.id,
    group,
    existingItems: 0,
    existingPages: 0,
    items: [],
    pages: 0,
    itemRange: null,
    oversize: false,
  });
  let rest = entries;
  if (open) {
    const tail: PlannedBox = {
      ...fresh(),
      boxId: open.box.id,
      boxNumber: open.box.boxNumber,
      typeId: open.type.id,
      existingItems: open.box.itemCount,
      existingPages: open.box.pageCount,
    };
    const lastCode = open.box.lastCode;
    const follows = (e: BoxEntry) => lastCode === null || e.archivalCode > lastCode;
    // Items numbered before the open box's last item cannot top it up: they go into new boxes first.
    const before = entries.filter((e) => !follows(e));
    if (before.length) plans.push(...planGroup(group, before, type, null));
    rest = entries.filter(follows);
    current = tail;
    cap = open.type;
  }
  for (const e of rest) {
    if (current && !fits(current, e, cap)) {
      if (current.items.length) plans.push(current);
      current = null;
      cap = type;
    }
    current ??= fresh();
    current.items.push(e);
    current.pages += e.pages;
    if (
      cap.capacityPages !== null &&
      current.existingItems + current.items.length === 1 &&
      e.pages > cap.capacityPages
    )
      current.oversize = true;
  }
  if (current?.items.length) plans.push(current);
  for (const p of plans) p.itemRange = itemRangeOf(p.items);
  return plans;
}

function fits(box: PlannedBox, e: BoxEntry, cap: Capacity): boolean {
  const items = box.existingItems + box.items.length;
  if (items + 1 > cap.capacityItems) return false;
  if (cap.capacityPages === null || items === 0) return true;
  return box.existingPages + box.pages + e.pages <= cap.capacityPages;
}
