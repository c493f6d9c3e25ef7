import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { Item } from '../items/item.model';
import { requestIndexing } from '../search/request-indexing';
import { conflict, invalid } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { claimItem, transferItemOf } from './create-transfer';
import { moveItem } from './pre-archive';
import { loadTransfer, transfers, updateTransfer } from './transfer-access';
import { assertTransition, itemClaimKey, totals, type Transfer } from './transfer.model';
import type { SubmitInput } from './transfer.schemas';

/** The section head (业务环节负责人) who signs: named, or the submitting section head. */
async function sectionHeadFor(
  deps: CoreDeps,
  actor: Actor,
  t: Transfer,
  username: string | undefined,
): Promise<{ username: string; name: string } | null> {
  if (!username) {
    if (!actor.roles.includes('section_head')) return null;
    const me = await deps.accounts.getById(actor.accountId);
    return { username: actor.username, name: me?.displayName ?? actor.username };
  }
  const head = await deps.accounts.getByUsername(username);
  if (!head || head.disabled || !head.roles.includes('section_head') || head.section !== t.section)
    throw invalid('transfer.bad_section_head', `${username} is not a section head of ${t.section}.`, {
      field: 'sectionHead',
    });
  return { username: head.username, name: head.displayName };
}

/**
 * Moves every pending item of a submitted transfer to `in_transfer` (idempotent: items already there are
 * left alone). Submission calls it; check and accept call it again, so a crash half-way is finished later.
 */
export async function bringItemsIntoTransfer(deps: CoreDeps, t: Transfer): Promise<void> {
  for (const entry of t.items) {
    if (entry.decision !== 'pending') continue;
    const item = await deps.items.get(entry.itemId as ItemId);
    if (!item || (item.status === 'in_transfer' && item.transfer?.transferId === t.id)) continue;
    const moved = await moveItem(deps, item, ['pre_archived', 'returned'], () => ({
      status: 'in_transfer',
      transfer: { transferId: t.id },
    }));
    if (moved) await requestIndexing(deps, moved.id);
  }
}

/**
 * 移交: the section hands the transfer over. Records who handed over (移交人) and the section head, the
 * 件数 and 页数 declared on the form, and moves the items to `in_transfer`.
 */
export async function submitTransfer(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: SubmitInput,
): Promise<Transfer> {
  await authorizeAudited(deps, actor, ctx, 'transfer.prepare', 'transfer.submit', id);
  const t = await loadTransfer(deps, actor, id);
  assertTransition(t.status, 'submit');
  const head = await sectionHeadFor(deps, actor, t, input.sectionHead);
  const items: Item[] = [];
  for (const entry of t.items) {
    const item = await deps.items.get(entry.itemId as ItemId);
    const ready =
      item &&
      item.section === t.section &&
      (item.status === 'pre_archived' ||
        item.status === 'returned' ||
        (item.status === 'in_transfer' && item.transfer?.transferId === t.id));
    if (!ready)
      throw conflict('transfer.item_not_ready', 'An item of this transfer is no longer pre-archived.', {
        itemId: entry.itemId,
        status: item?.status ?? null,
      });
    if ((await claimItem(deps, entry.itemId, t.id)) !== t.id)
      throw conflict('transfer.item_taken', 'An item of this transfer is in another open transfer.', {
        itemId: entry.itemId,
      });
    items.push(item);
  }
  const me = await deps.accounts.getById(actor.accountId);
  const now = deps.clock.now().toISOString();
  // The 页数 handed over are the items' as they are now.
  const entries = t.items.map((e, n) => ({ ...transferItemOf(items[n]!, e.volumeId) }));
  const actual = totals(entries);
  const submitted: Transfer = {
    ...t,
    status: 'submitted',
    items: entries,
    declared: { items: input.declaredItems ?? actual.items, pages: input.declaredPages ?? actual.pages },
    submittedBy: actor.username,
    submittedByName: me?.displayName ?? actor.username,
    submittedAt: now,
    sectionHead: head?.username ?? null,
    sectionHeadName: head?.name ?? null,
    updatedAt: now,
    revision: t.revision + 1,
  };
  try {
    await transfers(deps).update(submitted);
  } catch (e) {
    if ((e as { code?: string }).code === 'record.stale')
      throw conflict(
        'transfer.bad_transition',
        'This transfer was changed meanwhile (submitted or cancelled).',
      );
    throw e;
  }
  await bringItemsIntoTransfer(deps, submitted);
  await recordAudit(deps, actor, ctx, 'transfer.submit', id, {
    number: t.number,
    items: actual.items,
    pages: actual.pages,
    declared: submitted.declared,
    sectionHead: submitted.sectionHead,
  });
  return submitted;
}

/** A draft is withdrawn: its items are free for another transfer. */
export async function cancelTransfer(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<Transfer> {
  await authorizeAudited(deps, actor, ctx, 'transfer.prepare', 'transfer.cancel', id);
  const cancelled = await updateTransfer(deps, actor, id, 'cancel', () => {
    const now = deps.clock.now().toISOString();
    return { status: 'cancelled', closedAt: now, updatedAt: now };
  });
  for (const i of cancelled.items) await deps.records.release(itemClaimKey(i.itemId), id);
  await recordAudit(deps, actor, ctx, 'transfer.cancel', id, { number: cancelled.number });
  return cancelled;
}
