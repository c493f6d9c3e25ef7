import { z } from 'zod';
import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { catalogueFilterFields } from '../items/item.schemas';
import type { StoredRecord } from '../records/record-store.port';
import { conflict, notFound } from '../shared/errors';
import { newId } from '../shared/ids';

/**
 * 保存的检索: a search (words and catalogue filters) an account keeps to run again. Kept per account on
 * the server, not in the browser, because the words may hold a name or a 公民身份号码: only the account
 * that saved a search sees it, and the audit trail records that a search was saved or deleted, never its
 * words or its label. Deleting one blanks its words and label (the record store keeps records).
 */
export const SAVED_SEARCHES = 'saved_search';
/** How many searches one account may keep. */
export const MAX_SAVED_SEARCHES = 50;

const filtersSchema = z.strictObject(catalogueFilterFields);
export type SavedSearchFilters = z.infer<typeof filtersSchema>;

export const savedSearchInputSchema = z.strictObject({
  label: z.string().trim().min(1).max(100),
  q: z.string().trim().max(200).default(''),
  filters: filtersSchema.default({}),
});
export type SavedSearchInput = z.infer<typeof savedSearchInputSchema>;

export const savedSearchIdSchema = z.strictObject({ id: z.string().regex(/^srch_[0-9a-z]{20}$/) });

export interface SavedSearch extends StoredRecord {
  accountId: string;
  label: string;
  q: string;
  filters: SavedSearchFilters;
  createdAt: string;
  /** Set when deleted (the words and label are blanked then). */
  deletedAt: string | null;
}

export interface SavedSearchView {
  id: string;
  label: string;
  q: string;
  filters: SavedSearchFilters;
  createdAt: string;
}

const collection = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<SavedSearch>(SAVED_SEARCHES);

const view = (s: SavedSearch): SavedSearchView => ({
  id: s.id,
  label: s.label,
  q: s.q,
  filters: s.filters,
  createdAt: s.createdAt,
});

/** The filters' names only (codes, no personal data) — what the trail says of a saved search. */
const filterNames = (f: SavedSearchFilters) =>
  Object.keys(f).filter((k) => f[k as keyof typeof f] !== undefined);

/** The actor's saved searches, newest first. */
export async function listSavedSearches(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
): Promise<{ searches: SavedSearchView[] }> {
  await authorizeAudited(deps, actor, ctx, 'item.read', 'saved_search.list', null);
  const page = await collection(deps).list(
    { accountId: actor.accountId, deletedAt: null },
    MAX_SAVED_SEARCHES,
  );
  return { searches: page.records.map(view) };
}

/** Saves a search for the actor (audited without its words or label). */
export async function saveSearch(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: SavedSearchInput,
): Promise<SavedSearchView> {
  await authorizeAudited(deps, actor, ctx, 'item.read', 'saved_search.save', null);
  const col = collection(deps);
  const existing = await col.list({ accountId: actor.accountId, deletedAt: null }, MAX_SAVED_SEARCHES);
  if (existing.records.length >= MAX_SAVED_SEARCHES)
    throw conflict(
      'saved_search.too_many',
      `An account keeps at most ${MAX_SAVED_SEARCHES} saved searches; delete one first.`,
    );
  const now = deps.clock.now();
  const record: SavedSearch = {
    id: newId('srch', now),
    revision: 1,
    accountId: actor.accountId,
    label: input.label,
    q: input.q,
    filters: input.filters,
    createdAt: now.toISOString(),
    deletedAt: null,
  };
  await col.insert(record);
  await recordAudit(deps, actor, ctx, 'saved_search.save', record.id, {
    hasWords: record.q !== '',
    filters: filterNames(record.filters),
  });
  return view(record);
}

/** Deletes one of the actor's saved searches; another account's is not found (its existence not revealed). */
export async function deleteSavedSearch(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await authorizeAudited(deps, actor, ctx, 'item.read', 'saved_search.delete', id);
  const col = collection(deps);
  const s = await col.get(id);
  if (!s || s.accountId !== actor.accountId || s.deletedAt)
    throw notFound('saved_search.not_found', `No saved search ${id}.`);
  await col.update({
    ...s,
    revision: s.revision + 1,
    label: '',
    q: '',
    filters: {},
    deletedAt: deps.clock.now().toISOString(),
  });
  await recordAudit(deps, actor, ctx, 'saved_search.delete', id);
}
