import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { currentBusinessSteps } from '../catalogue/catalogue-service';
import type { CoreDeps, RequestContext } from '../deps';
import type { ItemId } from '../shared/ids';
import { checkCounts, checkItem } from './check.policy';
import { bringItemsIntoTransfer } from './submit-transfer';
import { loadTransfer, updateTransfer } from './transfer-access';
import { assertTransition, totals, type Transfer, type TransferCheck } from './transfer.model';
import type { CheckInput } from './transfer.schemas';

/**
 * 验收 check: the counts (declared on the form, held by the system, counted on receipt), and each item
 * (state, pages, required fields, ID check digits, completeness for its business step: check.policy.ts).
 * The result is stored on the transfer (run again, it replaces the last one); it decides nothing.
 */
export async function checkTransfer(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: CheckInput,
): Promise<Transfer> {
  await authorizeAudited(deps, actor, ctx, 'transfer.receive', 'transfer.check', id);
  const t = await loadTransfer(deps, actor, id);
  assertTransition(t.status, 'check');
  await bringItemsIntoTransfer(deps, t);
  const steps = new Map((await currentBusinessSteps(deps)).body.steps.map((s) => [s.code, s]));
  const items = [];
  for (const entry of t.items) {
    if (entry.decision !== 'pending') continue;
    items.push(checkItem(await deps.items.get(entry.itemId as ItemId), entry, t.id, steps));
  }
  const actual = totals(t.items);
  const declared = t.declared ?? actual;
  const counted =
    input.countedItems !== undefined || input.countedPages !== undefined
      ? { items: input.countedItems ?? actual.items, pages: input.countedPages ?? actual.pages }
      : null;
  const check: TransferCheck = {
    at: deps.clock.now().toISOString(),
    by: actor.username,
    counts: { declared, actual, counted },
    findings: checkCounts(declared, actual, {
      ...(input.countedItems !== undefined ? { items: input.countedItems } : {}),
      ...(input.countedPages !== undefined ? { pages: input.countedPages } : {}),
    }),
    items,
    summary: {
      ok: items.filter((i) => i.outcome === 'ok').length,
      problems: items.filter((i) => i.outcome === 'problems').length,
      unverifiable: items.filter((i) => i.outcome === 'unverifiable').length,
    },
  };
  const saved = await updateTransfer(deps, actor, id, 'check', () => ({
    status: 'checked',
    check,
    updatedAt: check.at,
  }));
  await recordAudit(deps, actor, ctx, 'transfer.check', id, {
    number: t.number,
    counts: check.findings.map((f) => f.code),
    ...check.summary,
  });
  return saved;
}
