import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { changeItemWithRetry } from '../items/change-item';
import type { ItemFilters } from '../items/item-repository.port';
import type { Item, ItemStatus } from '../items/item.model';
import { requestIndexing } from '../search/request-indexing';
import { invalid } from '../shared/errors';
import { newId } from '../shared/ids';
import { ownSection, volumes } from './transfer-access';
import type { Volume } from './transfer.model';
import type { VolumeInput } from './transfer.schemas';

/** Items a section may put in a volume: filed ones, and ones the archive returned for correction. */
export const PRE_ARCHIVABLE: readonly ItemStatus[] = ['filed', 'returned'];

/** Every item matching, across pages. */
export async function allItems(deps: Pick<CoreDeps, 'items'>, filters: ItemFilters): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.items.list(filters, 500, cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The order of items in a volume and a transfer: 类别, 保管期限, 险种, 业务环节, then 日期. */
export function archivalOrder(a: Item, b: Item): number {
  const key = (i: Item) =>
    [i.classCode, i.retention, i.insuranceType, i.businessStep ?? '', i.date, i.createdAt, i.id].join(
      '\u0000',
    );
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * Moves an item out of a `from` state with `change` as a compare-and-set on its revision (retried a few
 * times). Returns the written item, or null when someone else moved it first (it is then no longer in a
 * `from` state), or kept winning the race.
 */
export async function moveItem(
  deps: Pick<CoreDeps, 'items' | 'clock'>,
  item: Item,
  from: readonly ItemStatus[],
  change: (i: Item) => Partial<Item>,
): Promise<Item | null> {
  if (!from.includes(item.status)) return null;
  try {
    const result = await changeItemWithRetry(
      deps,
      item.id,
      (current) => (from.includes(current.status) ? { ...current, ...change(current) } : null),
      5,
    );
    return result?.written ? result.item : null;
  } catch (e) {
    if ((e as { code?: string }).code === 'item.revision_conflict') return null;
    throw e;
  }
}

/**
 * 预立卷: a section groups its filed (and returned) items of a year and month into a volume, or one
 * volume per person (一人一档). Each item moves to `pre_archived` by compare-and-set, so two people
 * pre-archiving the same month at once never put an item in two volumes. Returns the new volumes.
 */
export async function preArchive(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: VolumeInput,
): Promise<Volume[]> {
  await authorizeAudited(deps, actor, ctx, 'transfer.prepare', 'transfer.volume.create', null);
  const section = ownSection(actor);
  const mm = String(input.month).padStart(2, '0');
  const candidates: Item[] = [];
  for (const status of PRE_ARCHIVABLE)
    candidates.push(
      ...(await allItems(deps, {
        sections: [section],
        year: input.year,
        datePrefix: `${input.year}${mm}`,
        status,
      })),
    );
  if (candidates.length === 0)
    throw invalid('volume.no_items', `No filed items of ${input.year}-${mm} in ${section}.`, {
      year: input.year,
      month: input.month,
    });
  candidates.sort(archivalOrder);

  const groups = new Map<string, Item[]>();
  for (const item of candidates) {
    const person = item.persons[0];
    const key =
      input.mode === 'person'
        ? `${item.fondsCode}|${person?.residentId ?? person?.name ?? ''}`
        : `${item.fondsCode}|`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }

  const created: Volume[] = [];
  for (const [key, items] of groups) {
    const moved: Item[] = [];
    for (const item of items) {
      const done = await moveItem(deps, item, PRE_ARCHIVABLE, () => ({ status: 'pre_archived' }));
      if (done) moved.push(done);
    }
    if (moved.length === 0) continue;
    const fondsCode = key.split('|')[0]!;
    const seq = await deps.records.next(`volume:${fondsCode}:${section}:${input.year}-${mm}`);
    const number = `${input.year}-${mm}-${String(seq).padStart(2, '0')}`;
    const person = input.mode === 'person' ? moved[0]!.persons[0]?.name : undefined;
    const now = deps.clock.now().toISOString();
    const volume: Volume = {
      id: newId('vol', deps.clock.now()),
      revision: 1,
      number,
      fondsCode,
      section,
      year: input.year,
      month: input.month,
      mode: input.mode,
      title: `${section} ${input.year}年${input.month}月 业务档案${person ? ` ${person}` : ''} 第${seq}卷`,
      itemIds: moved.map((i) => i.id),
      createdBy: actor.username,
      createdAt: now,
    };
    await volumes(deps).insert(volume);
    await recordAudit(deps, actor, ctx, 'transfer.volume.create', volume.id, {
      number,
      section,
      year: input.year,
      month: input.month,
      mode: input.mode,
      items: moved.length,
    });
    for (const i of moved) await requestIndexing(deps, i.id);
    created.push(volume);
  }
  return created;
}
