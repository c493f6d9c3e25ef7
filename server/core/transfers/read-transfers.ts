import type { Actor } from '../access/actor';
import { itemScope, seesFullPersonalData } from '../access/actor';
import { maskName, maskResidentId } from '../access/masking.policy';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { viewItem, type ItemView } from '../items/item-view';
import type { RecordWhere } from '../records/record-store.port';
import type { ItemId } from '../shared/ids';
import {
  authorizeRead,
  loadTransfer,
  loadVolume,
  sectionVisible,
  transfers,
  volumes,
} from './transfer-access';
import { TRANSFER_STATUS_LABELS, totals, type Transfer, type Volume } from './transfer.model';
import type { TransferListQuery, VolumeListQuery } from './transfer.schemas';

export interface TransferView extends Transfer {
  statusLabel: string;
  totals: { items: number; pages: number };
  pending: number;
  accepted: number;
  returned: number;
}

/** A transfer as the actor may see it (the reconciliation's names and ID numbers masked without pii.full). */
export function viewTransfer(t: Transfer, actor: Actor): TransferView {
  const count = (d: string) => t.items.filter((i) => i.decision === d).length;
  const masked = !seesFullPersonalData(actor);
  return {
    ...t,
    reconciliation:
      t.reconciliation && masked
        ? {
            ...t.reconciliation,
            missing: t.reconciliation.missing.map((m) => ({
              ...m,
              residentId: maskResidentId(m.residentId),
              name: m.name ? maskName(m.name) : null,
            })),
          }
        : t.reconciliation,
    statusLabel: TRANSFER_STATUS_LABELS[t.status],
    totals: totals(t.items),
    pending: count('pending'),
    accepted: count('accepted'),
    returned: count('returned'),
  };
}

export async function getTransfer(deps: CoreDeps, actor: Actor, ctx: RequestContext, id: string) {
  await authorizeRead(deps, actor, ctx, 'transfer.read', id);
  return viewTransfer(await loadTransfer(deps, actor, id), actor);
}

/** Transfers newest first; a section sees its own, the archive all (optionally one section's). */
export async function listTransfers(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: TransferListQuery,
): Promise<{ transfers: TransferView[]; nextCursor: string | null }> {
  await authorizeRead(deps, actor, ctx, 'transfer.list', null);
  const scope = itemScope(actor);
  if (scope !== 'all' && q.section && !scope.includes(q.section)) return { transfers: [], nextCursor: null };
  const where: RecordWhere = {};
  if (q.status) where.status = q.status;
  const section = scope === 'all' ? q.section : (q.section ?? scope[0]);
  if (section) where.section = section;
  if (scope !== 'all' && scope.length === 0) return { transfers: [], nextCursor: null };
  const page = await transfers(deps).list(where, q.limit, q.cursor ?? null);
  return { transfers: page.records.map((t) => viewTransfer(t, actor)), nextCursor: page.nextCursor };
}

/** The items of a transfer as item views (masked for the actor), in transfer order. */
export async function transferItems(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<{ items: (ItemView & { decision: string; returnReason: string | null })[] }> {
  await authorizeRead(deps, actor, ctx, 'transfer.read', id);
  const t = await loadTransfer(deps, actor, id);
  const out = [];
  for (const e of t.items) {
    const item = await deps.items.get(e.itemId as ItemId);
    if (item)
      out.push({ ...viewItem(item, actor), decision: e.decision, returnReason: e.returnReason ?? null });
  }
  await recordAudit(deps, actor, ctx, 'transfer.items.read', id, { returned: out.length });
  return { items: out };
}

export async function getVolume(deps: CoreDeps, actor: Actor, ctx: RequestContext, id: string) {
  await authorizeRead(deps, actor, ctx, 'transfer.volume.read', id);
  return loadVolume(deps, actor, id);
}

/** Volumes newest first, of the actor's section (the archive sees all). */
export async function listVolumes(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: VolumeListQuery,
): Promise<{ volumes: Volume[]; nextCursor: string | null }> {
  await authorizeRead(deps, actor, ctx, 'transfer.volume.list', null);
  const scope = itemScope(actor);
  if (scope !== 'all' && scope.length === 0) return { volumes: [], nextCursor: null };
  const where: RecordWhere = {};
  if (scope !== 'all') where.section = scope[0]!;
  if (q.year) where.year = q.year;
  if (q.month) where.month = q.month;
  const page = await volumes(deps).list(where, q.limit, q.cursor ?? null);
  return {
    volumes: page.records.filter((v) => sectionVisible(actor, v.section)),
    nextCursor: page.nextCursor,
  };
}
