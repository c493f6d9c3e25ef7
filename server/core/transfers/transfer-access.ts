import type { Actor } from '../access/actor';
import { can, itemScope } from '../access/actor';
import { authorizeAudited } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { forbidden, notFound } from '../shared/errors';
import { assertTransition, type Transfer, type TransferAction, type Volume } from './transfer.model';

export const TRANSFERS = 'transfer';
export const VOLUMES = 'transfer_volume';

export const transfers = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<Transfer>(TRANSFERS);
export const volumes = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<Volume>(VOLUMES);

/** Whether the actor's section scope covers `section` (archivists see every section). */
export function sectionVisible(actor: Actor, section: string): boolean {
  const scope = itemScope(actor);
  return scope === 'all' || scope.includes(section);
}

/** Reading transfers: the archive (transfer.receive) sees all; a section (transfer.prepare) its own. */
export async function authorizeRead(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  action: string,
  target: string | null,
): Promise<void> {
  if (can(actor, 'transfer.receive')) return;
  await authorizeAudited(deps, actor, ctx, 'transfer.prepare', action, target);
}

/** The section a clerk or section head prepares transfers for. */
export function ownSection(actor: Actor): string {
  if (!actor.section) throw forbidden('transfer.no_section', 'This account belongs to no business section.');
  return actor.section;
}

/** Loads a transfer the actor may see; another section's transfer is `transfer.not_found` (404). */
export async function loadTransfer(deps: CoreDeps, actor: Actor, id: string): Promise<Transfer> {
  const t = await transfers(deps).get(id);
  if (!t || !sectionVisible(actor, t.section)) throw notFound('transfer.not_found', `No transfer ${id}.`);
  return t;
}

/** Loads a volume the actor may see; another section's volume is `volume.not_found` (404). */
export async function loadVolume(deps: CoreDeps, actor: Actor, id: string): Promise<Volume> {
  const v = await volumes(deps).get(id);
  if (!v || !sectionVisible(actor, v.section)) throw notFound('volume.not_found', `No volume ${id}.`);
  return v;
}

/** Retries `attempt` when it loses a compare-and-set race (`record.stale`), reloading each time. */
export async function withRetry<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (i >= tries || (code !== 'record.stale' && code !== 'item.revision_conflict')) throw e;
    }
  }
}

/**
 * Writes `change` over the transfer as a compare-and-set, re-reading and retrying when someone else wrote
 * it first; `action` must still be allowed on the fresh state. Answers the written transfer.
 */
export async function updateTransfer(
  deps: CoreDeps,
  actor: Actor,
  id: string,
  action: TransferAction,
  change: (current: Transfer) => Partial<Transfer>,
): Promise<Transfer> {
  return withRetry(async () => {
    const cur = await loadTransfer(deps, actor, id);
    assertTransition(cur.status, action);
    const next: Transfer = { ...cur, ...change(cur), revision: cur.revision + 1 };
    await transfers(deps).update(next);
    return next;
  });
}
