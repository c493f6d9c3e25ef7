import type { Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import { recordAudit } from '../audit/record-audit';
import type { RetentionPeriod } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import { activeHolds, pageCount, type Item } from '../items/item.model';
import { viewItem } from '../items/item-view';
import type { StoredRecord } from '../records/record-store.port';
import { invalid, notFound } from '../shared/errors';
import { appraisalClaim, type Appraisal } from './appraisal.model';
import { archiveDay, isCalendarDay } from '../shared/calendar';

/**
 * 到期 (falling due): archived items whose 到期日 is on or before a day, excluding every item under an
 * active hold (冻结) and every item already claimed by an appraisal (open, or closed with its destroy
 * decision awaiting the destruction list).
 */
export type DueExclusion = 'held' | 'in_appraisal';

type Deps = Pick<CoreDeps, 'items' | 'records'>;

/** Remembers which claim owners are real appraisals (a claim left by a crash before insert is not). */
export class ClaimCheck {
  private readonly known = new Map<string, boolean>();
  constructor(private readonly deps: Deps) {}

  /** The appraisal holding the item, or null when it is free (or held by an orphan claim). */
  async appraisalOf(itemId: string): Promise<string | null> {
    const holder = await this.deps.records.holder(appraisalClaim(itemId));
    if (!holder) return null;
    let exists = this.known.get(holder);
    if (exists === undefined) {
      exists = !!(await this.deps.records.collection<Appraisal>('appraisal').get(holder));
      this.known.set(holder, exists);
    }
    return exists ? holder : null;
  }
}

/** Why a due item is not on the due list, or null when it is. */
export async function dueExclusion(item: Item, claims: ClaimCheck): Promise<DueExclusion | null> {
  if (activeHolds(item).length > 0) return 'held';
  if (await claims.appraisalOf(item.id)) return 'in_appraisal';
  return null;
}

export interface DuePage {
  items: Item[];
  excluded: Record<DueExclusion, number>;
  nextCursor: string | null;
}

/** One page of the due list (the repository's page, filtered: it may hold fewer than `limit`). */
export async function duePage(
  deps: Deps,
  on: string,
  limit: number,
  cursor: string | null,
  claims = new ClaimCheck(deps),
): Promise<DuePage> {
  const page = await deps.items.list({ status: 'archived', dueOnOrBefore: on }, limit, cursor);
  const items: Item[] = [];
  const excluded: Record<DueExclusion, number> = { held: 0, in_appraisal: 0 };
  for (const item of page.items) {
    const why = await dueExclusion(item, claims);
    if (why) excluded[why]++;
    else items.push(item);
  }
  return { items, excluded, nextCursor: page.nextCursor };
}

/** Every item due on `on`, streamed page by page. */
export async function* allDue(deps: Deps, on: string, excluded?: Record<DueExclusion, number>) {
  const claims = new ClaimCheck(deps);
  let cursor: string | null = null;
  do {
    const page: DuePage = await duePage(deps, on, 500, cursor, claims);
    if (excluded) for (const k of ['held', 'in_appraisal'] as const) excluded[k] += page.excluded[k];
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

export function parseDay(on: string | undefined, now: Date): string {
  if (on === undefined) return archiveDay(now);
  if (!isCalendarDay(on)) throw invalid('retention.bad_day', `${on} is not a day (YYYY-MM-DD).`);
  return on;
}

export interface DueItemView {
  id: string;
  archivalCode: string | null;
  title: string;
  year: number;
  classCode: string;
  retention: RetentionPeriod;
  retentionLabel: string;
  dueDate: string | null;
  pageCount: number;
  section: string;
  /** Out of the store (借出 on a loan, or 调出): it may be appraised, but is destroyed only once back. */
  out: OutView | null;
}

export interface OutView {
  reason: 'loan' | 'movement';
  label: string;
  /** The loan or movement that took it. */
  ref: string;
  since: string;
  due: string | null;
}

/** Whether (and why) an item is out of the store, for the retention views. */
export function outView(item: Pick<Item, 'out'> | null): OutView | null {
  const o = item?.out;
  if (!o) return null;
  return {
    reason: o.reason,
    label: o.reason === 'loan' ? '借出中' : '已调出',
    ref: o.ref,
    since: o.since,
    due: o.due,
  };
}

export function dueItemView(item: Item, actor: Actor): DueItemView {
  const v = viewItem(item, actor);
  return {
    id: v.id,
    archivalCode: v.archivalCode,
    title: v.title,
    year: v.year,
    classCode: v.classCode,
    retention: v.retention,
    retentionLabel: v.retentionLabel,
    dueDate: v.dueDate,
    pageCount: v.pageCount,
    section: v.section,
    out: outView(item),
  };
}

/** GET the due list (archivist; appraisers may read it). */
export async function listDueItems(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { on?: string; limit: number; cursor?: string },
): Promise<{
  on: string;
  items: DueItemView[];
  excluded: Record<DueExclusion, number>;
  nextCursor: string | null;
}> {
  await authorizeAnyAudited(
    deps,
    actor,
    ctx,
    ['retention.manage', 'appraisal.decide'],
    'retention.due_list',
    null,
  );
  const on = parseDay(q.on, deps.clock.now());
  const page = await duePage(deps, on, q.limit, q.cursor ?? null);
  await recordAudit(deps, actor, ctx, 'retention.due_list', null, { on, returned: page.items.length });
  return {
    on,
    items: page.items.map((i) => dueItemView(i, actor)),
    excluded: page.excluded,
    nextCursor: page.nextCursor,
  };
}

/** The day's due snapshot, for the dashboard's "items falling due" (collection `retention_due`). */
export interface DueSnapshot extends StoredRecord {
  day: string;
  takenAt: string;
  items: number;
  pages: number;
  byYear: Record<string, number>;
  byRetention: Record<string, number>;
  excluded: Record<DueExclusion, number>;
  itemIds: string[];
  /** More items were due than the snapshot lists by id (the counts are still complete). */
  idsTruncated: boolean;
}

export const DUE_SNAPSHOTS = 'retention_due';
const MAX_SNAPSHOT_IDS = 50_000;

/** Records (or refreshes) the snapshot of the items due on `day`. Idempotent. */
export async function takeDueSnapshot(deps: Pick<CoreDeps, 'items' | 'records' | 'clock'>, day: string) {
  const snap: Omit<DueSnapshot, 'revision'> = {
    id: `due-${day}`,
    day,
    takenAt: deps.clock.now().toISOString(),
    items: 0,
    pages: 0,
    byYear: {},
    byRetention: {},
    excluded: { held: 0, in_appraisal: 0 },
    itemIds: [],
    idsTruncated: false,
  };
  for await (const item of allDue(deps, day, snap.excluded)) {
    snap.items++;
    snap.pages += pageCount(item);
    snap.byYear[item.year] = (snap.byYear[item.year] ?? 0) + 1;
    snap.byRetention[item.retention] = (snap.byRetention[item.retention] ?? 0) + 1;
    if (snap.itemIds.length < MAX_SNAPSHOT_IDS) snap.itemIds.push(item.id);
    else snap.idsTruncated = true;
  }
  const col = deps.records.collection<DueSnapshot>(DUE_SNAPSHOTS);
  const old = await col.get(snap.id);
  if (old) await col.update({ ...snap, revision: old.revision + 1 });
  else await col.insert({ ...snap, revision: 1 });
  return snap;
}

export type DueSnapshotSummary = Omit<DueSnapshot, 'itemIds'>;

/** The latest daily snapshots, newest first, without their id lists. */
export async function listDueSnapshots(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  limit: number,
): Promise<{ snapshots: DueSnapshotSummary[] }> {
  await authorizeAnyAudited(
    deps,
    actor,
    ctx,
    ['retention.manage', 'appraisal.decide', 'report.read'],
    'retention.due_snapshots',
    null,
  );
  const page = await deps.records.collection<DueSnapshot>(DUE_SNAPSHOTS).list({}, limit);
  return {
    snapshots: page.records
      .map(({ itemIds: _ids, ...rest }) => rest)
      .sort((a, b) => (a.day < b.day ? 1 : -1)),
  };
}

/** One day's snapshot with its item ids. */
export async function getDueSnapshot(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  day: string,
): Promise<DueSnapshot> {
  await authorizeAnyAudited(
    deps,
    actor,
    ctx,
    ['retention.manage', 'appraisal.decide'],
    'retention.due_snapshots',
    day,
  );
  const snap = await deps.records
    .collection<DueSnapshot>(DUE_SNAPSHOTS)
    .get(`due-${parseDay(day, deps.clock.now())}`);
  if (!snap) throw notFound('retention.no_snapshot', `No due snapshot for ${day}.`);
  return snap;
}
