import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { viewItem, type ItemView } from '../items/item-view';
import { pageCount, type Item, type ItemStatus } from '../items/item.model';
import { allItems, archivalOrder } from './pre-archive';
import { ownSection } from './transfer-access';

/** What a section still holds before the archive takes it: filed, returned for correction, pre-archived. */
export const IN_SECTION: readonly ItemStatus[] = ['filed', 'returned', 'pre_archived'];

/** One month of a section's items not yet handed over (年度 and the month of the item's 日期). */
export interface PreparationMonth {
  year: number;
  month: number;
  /** 已登记, waiting to be pre-archived. */
  filed: number;
  /** 退回补正: back from the archive, to fix and pre-archive (or hand over) again. */
  returned: number;
  /** 已预立卷, waiting to be handed over. */
  preArchived: number;
  items: number;
  pages: number;
}

export interface Preparation {
  section: string;
  months: PreparationMonth[];
  /** Items whose 日期 is not in their 年度 (a month cannot be told): fix the 日期 or the 年度. */
  undated: number;
  /** The items of the month asked for (year and month given), in archival order; else null. */
  items: ItemView[] | null;
}

/** The month an item is pre-archived under: its 日期's, when the 日期 lies in its 年度. */
function monthOf(item: Pick<Item, 'year' | 'date'>): number | null {
  if (!item.date.startsWith(String(item.year))) return null;
  const m = Number(item.date.slice(4, 6));
  return m >= 1 && m <= 12 ? m : null;
}

/**
 * 待预立卷 / 待移交: a section's items not yet handed over, counted per year and month (what the monthly
 * 预立卷 and 移交 take), and, for one month, the items themselves (masked for the actor).
 */
export async function sectionPreparation(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { year?: number | undefined; month?: number | undefined },
): Promise<Preparation> {
  await authorizeAudited(deps, actor, ctx, 'transfer.prepare', 'transfer.preparation', null);
  const section = ownSection(actor);
  const months = new Map<string, PreparationMonth>();
  const chosen: Item[] = [];
  let undated = 0;
  for (const status of IN_SECTION) {
    for (const item of await allItems(deps, { sections: [section], status })) {
      const month = monthOf(item);
      if (month === null) {
        undated++;
        continue;
      }
      const key = `${item.year}-${month}`;
      const row = months.get(key) ?? {
        year: item.year,
        month,
        filed: 0,
        returned: 0,
        preArchived: 0,
        items: 0,
        pages: 0,
      };
      if (status === 'filed') row.filed++;
      else if (status === 'returned') row.returned++;
      else row.preArchived++;
      row.items++;
      row.pages += pageCount(item);
      months.set(key, row);
      if (q.year === item.year && q.month === month) chosen.push(item);
    }
  }
  const listed = q.year !== undefined && q.month !== undefined;
  if (listed)
    await recordAudit(deps, actor, ctx, 'transfer.preparation.items', null, {
      year: q.year,
      month: q.month,
      returned: chosen.length,
    });
  return {
    section,
    months: [...months.values()].sort((a, b) => a.year - b.year || a.month - b.month),
    undated,
    items: listed ? chosen.sort(archivalOrder).map((i) => viewItem(i, actor)) : null,
  };
}
