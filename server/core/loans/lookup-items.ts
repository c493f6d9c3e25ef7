import { z } from 'zod';
import { seesFullPersonalData, type Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import { maskText } from '../access/masking.policy';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { personalDataOf } from '../items/item-view';
import { pageCount, type Item } from '../items/item.model';
import type { ItemId } from '../shared/ids';

/**
 * What a borrower needs to fill in a request (借阅单) for items they name by 档号 or by item id: the item
 * id, 题名 (names and 公民身份号码 masked for readers without pii.full), 页数 and whether it can be asked
 * for (only items in the archive, 已归档). Borrowers hold no `item.read`: this is their way to see what
 * they are asking for, and it tells no more than the request itself will. Sent as a POST body, so that
 * nothing typed ends up in a URL.
 */
export const itemLookupSchema = z.strictObject({
  refs: z.array(z.string().trim().min(1).max(60)).min(1).max(50),
});

export interface LoanItemLookup {
  /** What was asked for, as typed. */
  ref: string;
  item: {
    itemId: string;
    archivalCode: string | null;
    title: string;
    year: number;
    classCode: string;
    section: string;
    pageCount: number;
  } | null;
  /** Why it cannot be asked for: not found (or not numbered), or not in the archive. */
  problem: 'not_found' | 'not_available' | null;
}

const ITEM_ID = /^itm_[0-9a-z]{20}$/;

/** Finds the item with 档号 `code` through the search index (ASCII runs match whole tokens), exactly. */
async function byArchivalCode(deps: CoreDeps, code: string): Promise<Item | null> {
  const result = await deps.search.search({ q: code, filters: {}, limit: 20, cursor: null });
  for (const hit of result.hits) {
    const item = await deps.items.get(hit.itemId);
    if (item?.archivalCode && item.archivalCode.toUpperCase() === code.toUpperCase()) return item;
  }
  return null;
}

export async function lookupLoanItems(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  refs: string[],
): Promise<{ items: LoanItemLookup[] }> {
  await authorizeAnyAudited(deps, actor, ctx, ['loan.request', 'loan.desk'], 'loan.item_lookup', null);
  const masked = !seesFullPersonalData(actor);
  const out: LoanItemLookup[] = [];
  for (const ref of [...new Set(refs.map((r) => r.trim()))]) {
    const item = ITEM_ID.test(ref) ? await deps.items.get(ref as ItemId) : await byArchivalCode(deps, ref);
    if (!item) {
      out.push({ ref, item: null, problem: 'not_found' });
      continue;
    }
    if (item.status !== 'archived') {
      out.push({ ref, item: null, problem: 'not_available' });
      continue;
    }
    const { names, ids } = personalDataOf(item);
    out.push({
      ref,
      item: {
        itemId: item.id,
        archivalCode: item.archivalCode,
        title: masked ? maskText(item.title, names, ids) : item.title,
        year: item.year,
        classCode: item.classCode,
        section: item.section,
        pageCount: pageCount(item),
      },
      problem: null,
    });
  }
  await recordAudit(deps, actor, ctx, 'loan.item_lookup', null, {
    asked: out.length,
    found: out.filter((o) => o.item).map((o) => o.item!.itemId),
  });
  return { items: out };
}
