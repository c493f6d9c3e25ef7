import type { Collection, Document } from 'mongodb';
import type { TallyKey, TallyRow } from '../../core/items/item-repository.port';
import { allOf, conditionsOf, type ItemQuery } from './mongo.items-filter';
import { ITEM_INDEX, type ItemDocument } from './mongo.items-document';

/** Filters the tally index `items_tally` holds (with every tally key and `pageCount`: a covered scan). */
const TALLY_FILTERS = new Set([
  'fondsCode',
  'year',
  'classCode',
  'retention',
  'insuranceType',
  'sections',
  'status',
  'fromYear',
  'toYear',
]);

/**
 * The index to scan, as the SQLite adapter chooses it: items out of their box through their own (few)
 * entries, items falling due through the due-date index, and other tallies over catalogue fields through
 * the tally index, which holds every field the pipeline reads, so MongoDB counts a million items from the
 * index alone instead of reading every document. Other filters are left to the planner.
 */
function indexFor(f: ItemQuery): string | undefined {
  const given = Object.entries(f).filter(([, v]) => v !== undefined);
  if (f.out) return ITEM_INDEX.outTally;
  if (
    f.dueOnOrBefore !== undefined &&
    given.every(([k]) => k === 'dueOnOrBefore' || k === 'held' || TALLY_FILTERS.has(k))
  )
    return ITEM_INDEX.dueTally;
  if (given.every(([k]) => TALLY_FILTERS.has(k))) return ITEM_INDEX.tally;
  return undefined;
}

/**
 * Counts of items and pages grouped by `groupBy`, in the order of the grouping keys.
 *
 * One `$match` + `$group` whose only accumulator is `$sum: 1`, grouped by the keys and the page count:
 * FerretDB v1 computes only the first accumulator of a `$group` (a second `$sum` comes back 0), so pages
 * are not summed by the server but computed here as page count × items of each group. The groups stay
 * few (keys × distinct page counts), and the result is the same on MongoDB.
 */
export async function tallyItems(
  items: Collection<ItemDocument>,
  f: ItemQuery,
  groupBy: readonly TallyKey[],
): Promise<TallyRow[]> {
  const id: Document = { pageCount: '$pageCount' };
  for (const k of groupBy) id[k] = `$${k}`;
  const hint = indexFor(f);
  const rows = await items
    .aggregate<{ _id: Record<string, string | number>; n: number }>(
      [{ $match: allOf(conditionsOf(f)) }, { $group: { _id: id, n: { $sum: 1 } } }],
      hint ? { hint } : {},
    )
    .toArray();
  const groups = new Map<string, TallyRow>();
  if (groupBy.length === 0) groups.set('[]', { key: {}, items: 0, pages: 0 });
  for (const { _id: key, n } of rows) {
    const values = groupBy.map((k) => key[k]!);
    const name = JSON.stringify(values);
    let g = groups.get(name);
    if (!g) {
      g = { key: Object.fromEntries(groupBy.map((k, i) => [k, values[i]!])), items: 0, pages: 0 };
      groups.set(name, g);
    }
    g.items += n;
    g.pages += n * Number(key.pageCount ?? 0);
  }
  const order = (a: TallyRow, b: TallyRow) => {
    for (const k of groupBy) {
      const x = a.key[k]!;
      const y = b.key[k]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
  return [...groups.values()].sort(order);
}
