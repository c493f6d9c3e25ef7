import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { currentBusinessSteps } from '../catalogue/catalogue-service';
import type { CoreDeps, RequestContext } from '../deps';
import type { ItemId } from '../shared/ids';
import { csvTransactions, reconcile, type ReconcileItem } from './reconcile.policy';
import { loadTransfer, updateTransfer } from './transfer-access';
import { assertTransition, type Transfer } from './transfer.model';

/**
 * Reconciliation against the business system's completed transactions (CSV, see reconcile.policy.ts).
 * A malformed file is refused (400, with its line) before anything is written.
 */
export async function reconcileTransfer(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  csv: Uint8Array | string,
): Promise<Transfer> {
  await authorizeAudited(deps, actor, ctx, 'transfer.receive', 'transfer.reconcile', id);
  const t = await loadTransfer(deps, actor, id);
  assertTransition(t.status, 'reconcile');
  const steps = (await currentBusinessSteps(deps)).body.steps;
  const transactions = csvTransactions(csv, steps);
  const items: ReconcileItem[] = [];
  for (const entry of t.items) {
    const item = await deps.items.get(entry.itemId as ItemId);
    items.push({
      itemId: entry.itemId,
      docNumber: item?.docNumber ?? '',
      businessStep: item?.businessStep ?? null,
      date: item?.date ?? entry.date,
      persons: item?.persons ?? [],
    });
  }
  const months = new Set(t.items.map((i) => i.date.slice(0, 6)));
  const result = {
    ...reconcile(transactions, items, months),
    at: deps.clock.now().toISOString(),
    by: actor.username,
  };
  const saved = await updateTransfer(deps, actor, id, 'reconcile', () => ({
    reconciliation: result,
    updatedAt: result.at,
  }));
  await recordAudit(deps, actor, ctx, 'transfer.reconcile', id, {
    number: t.number,
    rows: result.rows,
    ignored: result.ignored,
    matched: result.matched,
    missing: result.missing.length,
    extra: result.extra.length,
    mismatched: result.mismatched.length,
  });
  return saved;
}
