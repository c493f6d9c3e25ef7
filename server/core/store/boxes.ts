import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { RETENTION_LABELS, type RetentionPeriod } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import { viewItem } from '../items/item-view';
import { ITEM_STATUS_LABELS, type Item, type ItemStatus } from '../items/item.model';
import { conflict, invalid, notFound } from '../shared/errors';
import { newId } from '../shared/ids';
import { allBoxTypes, getBoxType } from './box-types';
import { claimItems, loadItems, releaseItems, rewriteItem } from './box-items';
import { typeForYear, type BoxType } from './box-type.model';
import {
  BOX_ENTRY_PRESENCE_LABELS,
  BOX_STATUS_LABELS,
  assertBoxTransition,
  assertBoxable,
  assertChangeable,
  assertFits,
  boxSequence,
  contentsOf,
  emptyBox,
  entryOf,
  gapsOf,
  groupOf,
  numbered,
  presenceOf,
  withEntries,
  type Box,
  type BoxContents,
  type BoxEntryPresence,
  type BoxEntry,
  type BoxGroup,
  type BoxLogEntry,
} from './box.model';
import { assertRevision } from './store-records';
import type { BoxInput, BoxItemsInput, BoxListQuery, BoxNoteInput } from './store.schemas';
import { archiveDay } from '../shared/calendar';

type Deps = CoreDeps;

export const boxes = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<Box>('box');

export async function loadBox(deps: Pick<CoreDeps, 'records'>, id: string): Promise<Box> {
  const box = await boxes(deps).get(id);
  if (!box) throw notFound('box.not_found', `No box ${id}.`);
  return box;
}

/** Authorizes `action` on box `id` and loads it, refusing the change if it was made on an older copy. */
async function boxToChange(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  action: string,
  id: string,
  revision: number | undefined,
): Promise<Box> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', action, id);
  const box = await loadBox(deps, id);
  assertRevision(box, revision, `Box ${box.code}`);
  return box;
}

/** The type a new box of `group` gets: the one asked for, else the one meant for its year. */
async function typeFor(deps: Deps, group: BoxGroup, typeId: string | undefined): Promise<BoxType> {
  if (typeId) return getBoxType(deps, typeId);
  const type = typeForYear(await allBoxTypes(deps), group.year);
  if (!type) throw notFound('box_type.not_found', 'There is no active box type.');
  return type;
}

/** Checks `items` fit `box` and claims them for it; answers their entries. Nothing is written. */
async function admit(deps: Deps, box: Box, type: BoxType, items: Item[]) {
  for (const item of items) assertBoxable(box, item);
  const added = items.map(entryOf);
  assertFits(type, [...box.entries, ...added]);
  const claimed = await claimItems(deps, box.id, items);
  if (!claimed.ok)
    throw conflict('box.item_already_boxed', `Item ${claimed.itemId} is already in another box.`, {
      itemId: claimed.itemId,
      boxId: claimed.holder,
    });
  return added;
}

/**
 * Writes a box that takes `items` (already claimed for `boxId` by `admit`): `write` stores it and answers
 * it; if that fails, the claims are given back. Then the `added` items are marked as in the box.
 */
async function storeWithItems(
  deps: Deps,
  boxId: string,
  items: readonly Item[],
  added: readonly BoxEntry[],
  write: () => Promise<Box>,
): Promise<Box> {
  let box: Box;
  try {
    box = await write();
  } catch (e) {
    await releaseItems(
      deps,
      boxId,
      items.map((i) => i.id),
    );
    throw e;
  }
  for (const { itemId } of added)
    await rewriteItem(deps, itemId, (item) =>
      item.box?.boxId === box.id ? null : { ...item, box: { boxId: box.id, boxNumber: box.boxNumber } },
    );
  return box;
}

/**
 * The box holding `entries` instead, its revision bumped; once the box has been sealed, the change
 * (`kind`: the `changed` entries went in or out) is noted for the 备考表.
 */
function withContents(
  box: Box,
  entries: readonly BoxEntry[],
  change: { at: string; by: string; kind: BoxLogEntry['kind']; changed: readonly BoxEntry[] },
): Box {
  const { at, by, kind, changed } = change;
  return withEntries(
    {
      ...box,
      revision: box.revision + 1,
      updatedAt: at,
      log: box.everSealed
        ? [...box.log, { at, by, kind, archivalCodes: changed.map((e) => e.archivalCode) }]
        : box.log,
    },
    entries,
  );
}

/**
 * 装盒: a new box for a fonds, year, class and retention, with its 盒号 (the group's next number), of the
 * type asked for or the one meant for its year, holding `items` if given.
 */
export async function createBox(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  input: BoxInput,
): Promise<Box> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.create', null);
  const group = groupOf(input);
  if (!(await deps.catalogue.current('fonds', group.fondsCode)))
    throw notFound('fonds.not_found', `No fonds ${group.fondsCode}.`);
  const type = await typeFor(deps, group, input.typeId);
  if (!type.active) throw conflict('box_type.inactive', `Box type ${type.name} is no longer in use.`);
  const at = deps.clock.now().toISOString();
  const draft = emptyBox({ id: newId('box'), group, typeId: type.id, at, by: actor.username });
  const items = await loadItems(deps, input.items);
  const added = await admit(deps, draft, type, items);
  const box = await storeWithItems(deps, draft.id, items, added, async () => {
    const first = withEntries(numbered(draft, await deps.records.next(boxSequence(group))), added);
    await boxes(deps).insert(first);
    return first;
  });
  await recordAudit(deps, actor, ctx, 'box.create', box.id, {
    code: box.code,
    typeId: type.id,
    items: box.itemCount,
  });
  return box;
}

/** Puts archived items of the box's group into an open box (compare-and-set on the box). */
export async function addItemsToBox(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: BoxItemsInput,
): Promise<Box> {
  const box = await boxToChange(deps, actor, ctx, 'box.add_items', id, input.revision);
  assertChangeable(box);
  const type = await getBoxType(deps, box.typeId);
  const items = await loadItems(deps, input.items);
  const added = await admit(deps, box, type, items);
  const next = withContents(box, [...box.entries, ...added], {
    at: deps.clock.now().toISOString(),
    by: actor.username,
    kind: 'added',
    changed: added,
  });
  await storeWithItems(deps, box.id, items, added, async () => {
    await boxes(deps).update(next);
    return next;
  });
  await recordAudit(deps, actor, ctx, 'box.add_items', box.id, {
    itemIds: added.map((e) => e.itemId),
    items: next.itemCount,
  });
  return next;
}

/** Takes items out of an open box for good (not a loan: a loan leaves the item in its box, marked out). */
export async function removeItemsFromBox(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: BoxItemsInput,
): Promise<Box> {
  const box = await boxToChange(deps, actor, ctx, 'box.remove_items', id, input.revision);
  assertChangeable(box);
  const ids = new Set(input.items);
  const removed = box.entries.filter((e) => ids.has(e.itemId));
  if (removed.length !== ids.size) {
    const missing = [...ids].filter((i) => !removed.some((e) => e.itemId === i));
    throw invalid('box.item_not_in_box', `Items not in box ${box.code}: ${missing.join(', ')}.`, { missing });
  }
  for (const item of await loadItems(deps, [...ids]))
    if (item.out)
      throw conflict(
        'box.item_out',
        `Item ${item.archivalCode ?? item.id} is out of its box; return it first.`,
        {
          itemId: item.id,
        },
      );
  const next = withContents(
    box,
    box.entries.filter((e) => !ids.has(e.itemId)),
    { at: deps.clock.now().toISOString(), by: actor.username, kind: 'removed', changed: removed },
  );
  await boxes(deps).update(next);
  for (const itemId of ids)
    await rewriteItem(deps, itemId, (item) => (item.box?.boxId === box.id ? { ...item, box: null } : null));
  await releaseItems(deps, box.id, [...ids]);
  await recordAudit(deps, actor, ctx, 'box.remove_items', box.id, {
    itemIds: [...ids],
    items: next.itemCount,
  });
  return next;
}

/** 封盒: the contents are fixed; the 备考表's 整理人 and 整理日期 default to who sealed it, and when. */
export async function sealBox(deps: Deps, actor: Actor, ctx: RequestContext, id: string, revision?: number) {
  const box = await boxToChange(deps, actor, ctx, 'box.seal', id, revision);
  assertBoxTransition(box.status, 'sealed');
  if (!box.entries.length) throw conflict('box.empty', `Box ${box.code} is empty.`);
  const now = deps.clock.now();
  const at = now.toISOString();
  const next: Box = {
    ...box,
    revision: box.revision + 1,
    status: 'sealed',
    everSealed: true,
    sealedAt: at,
    sealedBy: actor.username,
    updatedAt: at,
    note: {
      ...box.note,
      arrangedBy: box.note.arrangedBy || actor.username,
      arrangedOn: box.note.arrangedOn ?? archiveDay(at),
    },
  };
  await boxes(deps).update(next);
  await recordAudit(deps, actor, ctx, 'box.seal', id, { code: box.code, items: box.itemCount });
  return next;
}

export async function reopenBox(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  revision?: number,
) {
  const box = await boxToChange(deps, actor, ctx, 'box.reopen', id, revision);
  assertBoxTransition(box.status, 'open');
  const next: Box = {
    ...box,
    revision: box.revision + 1,
    status: 'open',
    updatedAt: deps.clock.now().toISOString(),
  };
  await boxes(deps).update(next);
  await recordAudit(deps, actor, ctx, 'box.reopen', id, { code: box.code });
  return next;
}

/** Fills in the 备考表: 盒内文件情况说明, 整理人, 整理日期, 检查人, 检查日期. */
export async function updateBoxNote(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: BoxNoteInput,
) {
  const { revision, ...fields } = input;
  const box = await boxToChange(deps, actor, ctx, 'box.note', id, revision);
  const next: Box = {
    ...box,
    revision: box.revision + 1,
    updatedAt: deps.clock.now().toISOString(),
    note: { ...box.note, ...fields },
  };
  await boxes(deps).update(next);
  await recordAudit(deps, actor, ctx, 'box.note', id, { fields: Object.keys(fields) });
  return next;
}

/** An entry of the box view: the item as packed, and where it is now. */
export interface BoxViewItem {
  id: string;
  archivalCode: string;
  itemNumber: number;
  title: string;
  /** 页数 as packed (a destroyed item's entry keeps them). */
  pages: number;
  /** The item's status (`destroyed` for a tombstone) and its label (已归档, 已销毁). */
  status: ItemStatus | null;
  statusLabel: string;
  /** 在盒, 借出, 调出 or 已销毁. */
  presence: BoxEntryPresence;
  presenceLabel: string;
  out: Item['out'] | null;
  /** The item's 保管期限 now: longer than the box's when an appraisal extended it (the 档号 stays). */
  retention: RetentionPeriod | null;
  retentionLabel: string;
}

/**
 * A box as shown: its record, with the counts of what it holds now instead of what was packed —
 * `itemCount` / `pageCount` are the live items (items out on loan or moved out included: they belong to the
 * box), `outCount` of them are out, `destroyedCount` / `destroyedPages` were destroyed and stay listed
 * (marked 已销毁) in `items`. `packedCount` / `packedPages` are everything packed; `itemRange` (起止件号) stays
 * the box's number range, as on its labels.
 */
export interface BoxView extends Box, Omit<BoxContents, 'destroyed' | 'out'> {
  statusLabel: string;
  retentionLabel: string;
  type: BoxType;
  packedCount: number;
  packedPages: number;
  /** Item numbers missing inside 起止件号. */
  gaps: number[];
  items: BoxViewItem[];
}

/** The items of a box's entries (each read once), keyed by id; a missing item is null. */
export async function entryItems(
  deps: Pick<CoreDeps, 'items'>,
  entries: readonly BoxEntry[],
): Promise<Map<string, Item | null>> {
  const out = new Map<string, Item | null>();
  for (const e of entries) out.set(e.itemId, await deps.items.get(e.itemId as Item['id']));
  return out;
}

export async function getBox(deps: Deps, actor: Actor, ctx: RequestContext, id: string): Promise<BoxView> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.read', id);
  const box = await loadBox(deps, id);
  const found = await entryItems(deps, box.entries);
  const items: BoxViewItem[] = box.entries.map((e) => {
    const item = found.get(e.itemId) ?? null;
    const presence = presenceOf(item);
    return {
      id: e.itemId,
      archivalCode: e.archivalCode,
      itemNumber: e.itemNumber,
      title: item ? viewItem(item, actor).title : '',
      pages: e.pages,
      status: item?.status ?? null,
      statusLabel: item ? ITEM_STATUS_LABELS[item.status] : '',
      presence,
      presenceLabel: BOX_ENTRY_PRESENCE_LABELS[presence],
      out: item?.out ?? null,
      retention: item?.retention ?? null,
      retentionLabel: item ? RETENTION_LABELS[item.retention] : '',
    };
  });
  const { destroyed: _d, out: _o, ...counts } = contentsOf(box.entries, (e) => found.get(e.itemId) ?? null);
  return {
    ...box,
    ...counts,
    packedCount: box.itemCount,
    packedPages: box.pageCount,
    statusLabel: BOX_STATUS_LABELS[box.status],
    retentionLabel: RETENTION_LABELS[box.retention],
    type: await getBoxType(deps, box.typeId),
    gaps: gapsOf(box.entries),
    items,
  };
}

export async function listBoxes(deps: Deps, actor: Actor, ctx: RequestContext, q: BoxListQuery) {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.list', null);
  const where: Record<string, string | number | null> = {};
  if (q.fondsCode) where.fondsCode = q.fondsCode;
  if (q.year !== undefined) where.year = q.year;
  if (q.classCode) where.classCode = q.classCode;
  if (q.retention) where.retention = q.retention;
  if (q.status) where.status = q.status;
  if (q.shelfId) where.shelfId = q.shelfId;
  if (q.unshelved === 'true') where.shelfId = null;
  const page = await boxes(deps).list(where, q.limit, q.cursor ?? null);
  // The same counts as one box's view: what each box holds now (destroyed items apart), beside what was packed.
  const found = await entryItems(
    deps,
    page.records.flatMap((b) => b.entries),
  );
  return {
    boxes: page.records.map((b) => {
      const { destroyed: _d, out: _o, ...counts } = contentsOf(b.entries, (e) => found.get(e.itemId) ?? null);
      return {
        ...b,
        ...counts,
        packedCount: b.itemCount,
        packedPages: b.pageCount,
        statusLabel: BOX_STATUS_LABELS[b.status],
      };
    }),
    nextCursor: page.nextCursor,
  };
}
