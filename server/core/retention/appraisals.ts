import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { RETENTION_LABELS } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import { activeHolds, pageCount, type Item } from '../items/item.model';
import { viewItem } from '../items/item-view';
import { conflict, invalid } from '../shared/errors';
import { newId, type ItemId } from '../shared/ids';
import {
  APPRAISAL_STATUS_LABELS,
  DEFAULT_QUORUM,
  appraisalClaim,
  assertQuorum,
  castVote,
  releaseEntry,
  type Appraisal,
  type AppraisalEntry,
  type AppraisalStatus,
  type VoteInput,
} from './appraisal.model';
import { ClaimCheck, outView, type OutView } from './due-list';
import { appraisals, getOr404, mutate, nextNumber, pageByStatus } from './records';
import { authorizeRetentionRead } from './retention-access';
import { archiveDay, archiveYear } from '../shared/calendar';

export const MAX_APPRAISAL_ITEMS = 2000;

export type IneligibleReason =
  'not_found' | 'destroyed' | 'not_archived' | 'not_due' | 'held' | 'in_appraisal' | 'other_fonds';

/** Why an item cannot be appraised today, or null. */
export function ineligibility(item: Item | null, today: string, fondsCode: string): IneligibleReason | null {
  if (!item) return 'not_found';
  if (item.status === 'destroyed') return 'destroyed';
  if (item.status !== 'archived') return 'not_archived';
  if (!item.dueDate || item.dueDate > today) return 'not_due';
  if (activeHolds(item).length > 0) return 'held';
  if (item.fondsCode !== fondsCode) return 'other_fonds';
  return null;
}

/**
 * Opens an appraisal (鉴定) over items that are due, not held, not destroyed and in no other appraisal.
 * An item out on a loan (or 调出) may be appraised — its value is judged from the catalogue and the scans,
 * and the loan is usually back long before the list is approved — but it is destroyed only once back in
 * the store: execution skips an item that is out (reported as `out`), and the loan desk does not lend an
 * item while an appraisal or its destruction list holds it.
 */
export async function openAppraisal(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: { itemIds: string[]; title?: string; quorum?: number },
): Promise<AppraisalView> {
  await authorizeAudited(deps, actor, ctx, 'retention.manage', 'appraisal.open', null);
  const ids = [...new Set(input.itemIds)];
  if (ids.length === 0 || ids.length > MAX_APPRAISAL_ITEMS)
    throw invalid('appraisal.bad_items', `An appraisal covers 1 to ${MAX_APPRAISAL_ITEMS} items.`);
  const quorum = input.quorum ?? DEFAULT_QUORUM;
  assertQuorum(quorum);
  const now = deps.clock.now();
  const today = archiveDay(now);
  const id = newId('apr', now);

  const items: Item[] = [];
  const problems: { itemId: string; reason: IneligibleReason }[] = [];
  let fondsCode: string | null = null;
  for (const itemId of ids) {
    const item = await deps.items.get(itemId as ItemId);
    fondsCode ??= item?.fondsCode ?? null;
    const reason = ineligibility(item, today, fondsCode ?? '');
    if (reason) problems.push({ itemId, reason });
    else items.push(item!);
  }
  // Claims make "one appraisal at a time" hold under concurrent opens; orphans of a crash are taken over.
  const claimed: string[] = [];
  const claims = new ClaimCheck(deps);
  if (problems.length === 0) {
    for (const item of items) {
      const key = appraisalClaim(item.id);
      let holder = await deps.records.claim(key, id);
      if (holder !== id && !(await claims.appraisalOf(item.id))) {
        await deps.records.release(key, holder);
        holder = await deps.records.claim(key, id);
      }
      if (holder === id) claimed.push(item.id);
      else problems.push({ itemId: item.id, reason: 'in_appraisal' });
    }
  }
  const giveBack = async () => {
    for (const itemId of claimed) await deps.records.release(appraisalClaim(itemId), id);
  };
  if (problems.length) {
    await giveBack();
    throw conflict(
      'appraisal.items_not_eligible',
      `${problems.length} item(s) cannot be appraised: each must be archived, due, not held, of one fonds and in no other appraisal.`,
      { problems },
    );
  }

  const appraisal: Appraisal = {
    id,
    revision: 1,
    number: await nextNumber(deps, 'JD', archiveYear(now)),
    fondsCode: fondsCode!,
    title: input.title?.trim() || `${today} 到期档案鉴定`,
    status: 'open',
    quorum,
    on: today,
    entries: items.map((i): AppraisalEntry => ({
      itemId: i.id,
      archivalCode: i.archivalCode,
      year: i.year,
      retention: i.retention,
      dueDate: i.dueDate,
      pages: pageCount(i),
      released: null,
      votes: [],
      outcome: null,
    })),
    itemIds: items.map((i) => i.id),
    openedBy: actor.username,
    openedAt: now.toISOString(),
    closedBy: null,
    closedAt: null,
    destructionListId: null,
  };
  try {
    await appraisals(deps).insert(appraisal);
  } catch (e) {
    await giveBack();
    throw e;
  }
  await recordAudit(deps, actor, ctx, 'appraisal.open', id, {
    number: appraisal.number,
    items: items.length,
    quorum,
  });
  return viewAppraisal(deps, appraisal, actor);
}

/** A committee member votes on one or more items (replacing their earlier votes on them). */
export async function voteAppraisal(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  votes: VoteInput[],
): Promise<AppraisalView> {
  await authorizeAudited(deps, actor, ctx, 'appraisal.decide', 'appraisal.vote', id);
  if (votes.length === 0) throw invalid('appraisal.no_votes', 'Send at least one vote.');
  const at = deps.clock.now().toISOString();
  const next = await mutate(appraisals(deps), id, 'appraisal.not_found', (a) =>
    votes.reduce((acc, v) => castVote(acc, actor.username, v, at), a),
  );
  await recordAudit(deps, actor, ctx, 'appraisal.vote', id, {
    votes: votes.map((v) => ({ itemId: v.itemId, decision: v.decision, retention: v.retention ?? null })),
  });
  return viewAppraisal(deps, next, actor);
}

/** Takes an item out of an open appraisal (e.g. a hold arrived): it returns to the due list. */
export async function releaseAppraisalItem(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  itemId: string,
  reason: string,
): Promise<AppraisalView> {
  await authorizeAudited(deps, actor, ctx, 'retention.manage', 'appraisal.release', id);
  const at = deps.clock.now().toISOString();
  const next = await mutate(appraisals(deps), id, 'appraisal.not_found', (a) =>
    releaseEntry(a, itemId, actor.username, reason, at),
  );
  await deps.records.release(appraisalClaim(itemId), id);
  await recordAudit(deps, actor, ctx, 'appraisal.release', id, { itemId });
  return viewAppraisal(deps, next, actor);
}

export async function getAppraisal(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<AppraisalView> {
  await authorizeRetentionRead(deps, actor, ctx, 'appraisal.read', id);
  const a = await getOr404(appraisals(deps), id, 'appraisal.not_found', 'appraisal');
  return viewAppraisal(deps, a, actor);
}

export async function listAppraisals(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { status?: AppraisalStatus; limit: number; cursor?: string },
) {
  await authorizeRetentionRead(deps, actor, ctx, 'appraisal.list', null);
  const page = await pageByStatus(appraisals(deps), q);
  return {
    appraisals: page.records.map(({ entries, ...a }) => ({
      ...a,
      statusLabel: APPRAISAL_STATUS_LABELS[a.status],
      items: entries.filter((e) => !e.released).length,
      decided: entries.filter((e) => !e.released && e.outcome).length,
    })),
    nextCursor: page.nextCursor,
  };
}

export interface AppraisalEntryView extends AppraisalEntry {
  title: string;
  retentionLabel: string;
  status: string;
  /** Out of the store now: it cannot be destroyed until it is back. */
  out: OutView | null;
}

export interface AppraisalView extends Omit<Appraisal, 'entries'> {
  statusLabel: string;
  entries: AppraisalEntryView[];
}

/** The appraisal with each item's 题名 as the actor may see it (masked without pii.full). */
export async function viewAppraisal(deps: CoreDeps, a: Appraisal, actor: Actor): Promise<AppraisalView> {
  const entries: AppraisalEntryView[] = [];
  for (const e of a.entries) {
    const item = await deps.items.get(e.itemId as ItemId);
    entries.push({
      ...e,
      title: item ? viewItem(item, actor).title : '',
      retentionLabel: RETENTION_LABELS[e.retention],
      status: item?.status ?? 'missing',
      out: outView(item),
    });
  }
  return { ...a, statusLabel: APPRAISAL_STATUS_LABELS[a.status], entries };
}
