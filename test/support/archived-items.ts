import type { RetentionPeriod } from '../../server/core/catalogue/retention.policy';
import type { Item, ItemPage } from '../../server/core/items/item.model';
import type { ItemId } from '../../server/core/shared/ids';
import { entryOf, type BoxEntry } from '../../server/core/store/box.model';
import { makeItem } from '../factories/item.factory';

/** 年度—类别—保管期限 of fonds 160 (or the one named): the group whose items share a 档号 sequence. */
export interface ArchivalGroup {
  fondsCode?: string;
  year: number;
  classCode: string;
  retention: RetentionPeriod;
}

let pageCounter = 0;

/** `count` page records numbered from 1, each naming an object of its own (not stored). */
export function fakePages(count: number, mediaType = 'image/png'): ItemPage[] {
  const ext = mediaType === 'image/jpeg' ? 'jpg' : 'png';
  return Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    sha256: (++pageCounter).toString(16).padStart(64, '0'),
    mediaType,
    bytes: 1000,
    originalName: `${i + 1}.${ext}`,
  }));
}

/** The 档号 of item `itemNumber` of a group: `160-2013-GL-D100-0007`. */
export function archivalCodeOf(g: ArchivalGroup, itemNumber: number): string {
  return `${g.fondsCode ?? '160'}-${g.year}-${g.classCode}-${g.retention}-${String(itemNumber).padStart(4, '0')}`;
}

/** An archived item numbered `itemNumber` in its group (built, not inserted); `overrides` go last. */
export function archivedItem(g: ArchivalGroup, itemNumber: number, overrides: Partial<Item> = {}): Item {
  return makeItem({
    ...(g.fondsCode ? { fondsCode: g.fondsCode } : {}),
    year: g.year,
    classCode: g.classCode,
    retention: g.retention,
    status: 'archived',
    itemNumber,
    archivalCode: archivalCodeOf(g, itemNumber),
    ...overrides,
  });
}

/** What a box holds of archived item `itemNumber` of a group (id `itm_0007`), with `pages` pages. */
export function boxEntry(g: ArchivalGroup, itemNumber: number, pages = 1): BoxEntry {
  const id = `itm_${String(itemNumber).padStart(4, '0')}` as ItemId;
  return entryOf(archivedItem(g, itemNumber, { id, pages: fakePages(pages) }));
}

/**
 * Inserts archived items of a group directly (accession is the transfers suite's subject), one per item
 * number, in the order given; `overrides(n)` adds or changes fields of item `n`.
 */
export async function insertArchived(
  items: { insert(item: Item): Promise<unknown> },
  g: ArchivalGroup,
  itemNumbers: readonly number[],
  overrides: (itemNumber: number) => Partial<Item> = () => ({}),
): Promise<Item[]> {
  const out: Item[] = [];
  for (const n of itemNumbers) {
    const item = archivedItem(g, n, overrides(n));
    await items.insert(item);
    out.push(item);
  }
  return out;
}
