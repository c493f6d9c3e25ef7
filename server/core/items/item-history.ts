import type { Actor } from '../access/actor';
import { seesFullPersonalData } from '../access/actor';
import { maskName, maskText } from '../access/masking.policy';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { RETENTION_LABELS } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import { LOAN_KIND_LABELS, LOAN_STATUS_LABELS, BORROWER_TYPE_LABELS, type Loan } from '../loans/loan.model';
import { loanRecords } from '../loans/loan-records';
import { appraisals, destructionLists } from '../retention/records';
import { boxes } from '../store/boxes';
import { boxGroupKey } from '../store/box.model';
import { movements } from '../store/movements';
import { DIRECTION_LABELS, REASON_LABELS, type Movement } from '../store/movement.model';
import { transfers, volumes } from '../transfers/transfer-access';
import type { ItemId } from '../shared/ids';
import type { Item } from './item.model';
import { assertInScope, personalDataOf } from './item-view';

/** What a history entry refers to, so the viewer can link to it. */
export type HistoryRefKind =
  'batch' | 'volume' | 'transfer' | 'box' | 'movement' | 'loan' | 'appraisal' | 'destruction_list';

export type HistoryKind =
  | 'created'
  | 'pre_archived'
  | 'transfer_submitted'
  | 'transfer_accepted'
  | 'transfer_returned'
  | 'boxed'
  | 'unboxed'
  | 'movement'
  | 'box_movement'
  | 'loan'
  | 'appraisal_opened'
  | 'appraisal_released'
  | 'appraisal_kept'
  | 'appraisal_destroy'
  | 'destruction_listed'
  | 'destruction_approved'
  | 'destruction_refused'
  | 'destroyed'
  | 'hold_placed'
  | 'hold_lifted';

/** A loan as the history shows it: its number, kind, status, dates, and the borrower (masked as views are). */
export interface HistoryLoan {
  number: string;
  kind: string;
  kindLabel: string;
  status: string;
  statusLabel: string;
  borrower: string;
  borrowerType: string;
  borrowerTypeLabel: string;
  requestedAt: string;
  approvedAt: string | null;
  checkedOutAt: string | null;
  due: string | null;
  returnedAt: string | null;
  closedAt: string | null;
  grant: { from: string; until: string } | null;
}

/** One entry of an item's life, as the workflow records hold it. */
export interface HistoryEvent {
  at: string;
  kind: HistoryKind;
  /** The event in the domain's terms (zh-CN), and what it concerned. */
  label: string;
  detail: string;
  /** The account that acted, where the record says. */
  by: string | null;
  ref: { kind: HistoryRefKind; id: string; number: string } | null;
  loan?: HistoryLoan;
}

export interface ItemHistory {
  itemId: string;
  archivalCode: string | null;
  events: HistoryEvent[];
  personalDataMasked: boolean;
}

type Masker = (s: string) => string;

async function collect<T>(it: AsyncIterable<T>, keep: (x: T) => boolean): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) if (keep(x)) out.push(x);
  return out;
}

const join = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(' · ');

function createdEvents(item: Item): HistoryEvent[] {
  return [
    {
      at: item.createdAt,
      kind: 'created',
      label: '登记',
      detail: join(item.ingest ? '扫描入库（批次）' : '著录登记', item.section, `${item.pages.length} 页`),
      by: item.createdBy,
      ref: item.ingest ? { kind: 'batch', id: item.ingest.batchId, number: item.ingest.batchId } : null,
    },
  ];
}

async function transferEvents(deps: CoreDeps, item: Item, mask: Masker): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  for (const v of await collect(volumes(deps).all({ itemIds: { contains: item.id } }), () => true))
    out.push({
      at: v.createdAt,
      kind: 'pre_archived',
      label: '预立卷',
      detail: join(`卷号 ${v.number}`, v.title),
      by: v.createdBy,
      ref: { kind: 'volume', id: v.id, number: v.number },
    });
  const list = await collect(transfers(deps).all({ section: item.section }), (t) =>
    t.items.some((i) => i.itemId === item.id),
  );
  for (const t of list) {
    const entry = t.items.find((i) => i.itemId === item.id)!;
    const ref = { kind: 'transfer' as const, id: t.id, number: t.number };
    if (t.submittedAt)
      out.push({
        at: t.submittedAt,
        kind: 'transfer_submitted',
        label: '移交',
        detail: join(`移交单 ${t.number}`, t.section),
        by: t.submittedBy,
        ref,
      });
    if (entry.decision === 'accepted' && entry.decidedAt)
      out.push({
        at: entry.decidedAt,
        kind: 'transfer_accepted',
        label: '验收接收',
        detail: join(`移交单 ${t.number}`, entry.archivalCode ? `档号 ${entry.archivalCode}` : null),
        by: entry.decidedBy ?? null,
        ref,
      });
    if (entry.decision === 'returned' && entry.decidedAt)
      out.push({
        at: entry.decidedAt,
        kind: 'transfer_returned',
        label: '退回补正',
        detail: join(`移交单 ${t.number}`, entry.returnReason ? mask(entry.returnReason) : null),
        by: entry.decidedBy ?? null,
        ref,
      });
  }
  return out;
}

function movementEvent(m: Movement, kind: 'movement' | 'box_movement', mask: Masker): HistoryEvent {
  return {
    at: m.at,
    kind,
    label: `${kind === 'box_movement' ? '盒' : ''}${DIRECTION_LABELS[m.direction]}（${REASON_LABELS[m.reason]}）`,
    detail: join(
      `登记号 ${m.no}`,
      kind === 'box_movement' ? m.subjectLabel : null,
      m.from ? `来源 ${mask(m.from)}` : null,
      m.to ? `去向 ${mask(m.to)}` : null,
      m.note ? mask(m.note) : null,
    ),
    by: m.actor,
    ref: { kind: 'movement', id: m.id, number: String(m.no) },
  };
}

async function storeEvents(
  deps: CoreDeps,
  item: Item,
  mask: Masker,
  acceptedAt: string | null,
): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  const boxIds = new Set<string>();
  if (item.box) boxIds.add(item.box.boxId);
  if (item.archivalCode) {
    const code = item.archivalCode;
    const held = await collect(
      boxes(deps).all({ group: boxGroupKey(item) }),
      (b) => b.entries.some((e) => e.itemId === item.id) || b.log.some((l) => l.archivalCodes.includes(code)),
    );
    for (const b of held) {
      boxIds.add(b.id);
      const ref = { kind: 'box' as const, id: b.id, number: b.boxNumber };
      const logged = b.log.filter((x) => x.archivalCodes.includes(code));
      // A box notes what goes in or out once it has been sealed (备考表); packing before that is known
      // by the box alone: no earlier than the box was made, nor than the item was accepted.
      if (!logged.some((l) => l.kind === 'added') && b.entries.some((e) => e.itemId === item.id))
        out.push({
          at: acceptedAt && acceptedAt > b.createdAt ? acceptedAt : b.createdAt,
          kind: 'boxed',
          label: '装盒',
          detail: join(`盒号 ${b.boxNumber}`, b.code),
          by: b.createdBy,
          ref,
        });
      for (const l of logged)
        out.push({
          at: l.at,
          kind: l.kind === 'added' ? 'boxed' : 'unboxed',
          label: l.kind === 'added' ? '装盒' : '出盒',
          detail: join(`盒号 ${b.boxNumber}`, b.code),
          by: l.by,
          ref,
        });
    }
  }
  for (const m of await collect(movements(deps).all({ subjectId: item.id }), () => true))
    out.push(movementEvent(m, 'movement', mask));
  // The box's own movements (上架, 移位, 调出) while the item was in it carry the item along.
  const since = out.filter((e) => e.kind === 'boxed').map((e) => e.at);
  const from = since.length ? since.sort()[0]! : null;
  for (const boxId of boxIds)
    for (const m of await collect(movements(deps).all({ subjectId: boxId }), () => true))
      if (!from || m.at >= from) out.push(movementEvent(m, 'box_movement', mask));
  return out;
}

function loanOf(l: Loan, itemId: string, masked: boolean): HistoryLoan {
  const entry = l.items.find((i) => i.itemId === itemId);
  const b = l.borrower;
  return {
    number: l.number,
    kind: l.kind,
    kindLabel: LOAN_KIND_LABELS[l.kind],
    status: l.status,
    statusLabel: LOAN_STATUS_LABELS[l.status],
    borrower: masked ? maskName(b.name) : b.name,
    borrowerType: b.type,
    borrowerTypeLabel: BORROWER_TYPE_LABELS[b.type],
    requestedAt: l.createdAt,
    approvedAt: l.approvedAt,
    checkedOutAt: entry?.checkout?.at ?? l.checkedOutAt,
    due: l.due,
    returnedAt: entry?.return?.at ?? l.returnedAt,
    closedAt: l.closedAt ?? l.cancelledAt,
    grant: l.grant,
  };
}

async function loanEvents(deps: CoreDeps, item: Item, masked: boolean): Promise<HistoryEvent[]> {
  const list = await collect(loanRecords(deps).all(), (l) => l.items.some((i) => i.itemId === item.id));
  return list.map((l) => {
    const loan = loanOf(l, item.id, masked);
    return {
      at: l.createdAt,
      kind: 'loan' as const,
      label: `借阅（${loan.kindLabel}）`,
      detail: join(
        `借阅单 ${l.number}`,
        loan.statusLabel,
        `借阅人 ${loan.borrower}（${loan.borrowerTypeLabel}${l.borrower.organisation ? `，${l.borrower.organisation}` : ''}）`,
      ),
      by: l.createdBy,
      ref: { kind: 'loan' as const, id: l.id, number: l.number },
      loan,
    };
  });
}

async function retentionEvents(deps: CoreDeps, item: Item, mask: Masker): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  const found = await collect(appraisals(deps).all({ fondsCode: item.fondsCode }), (a) =>
    a.entries.some((e) => e.itemId === item.id),
  );
  const extended = new Set((item.appraisals ?? []).map((a) => a.appraisalId));
  for (const a of found) {
    const e = a.entries.find((x) => x.itemId === item.id)!;
    const ref = { kind: 'appraisal' as const, id: a.id, number: a.number };
    out.push({
      at: a.openedAt,
      kind: 'appraisal_opened',
      label: '到期鉴定',
      detail: join(`鉴定 ${a.number}`, `保管期限 ${RETENTION_LABELS[e.retention]}`),
      by: a.openedBy,
      ref,
    });
    if (e.released)
      out.push({
        at: e.released.at,
        kind: 'appraisal_released',
        label: '撤出鉴定',
        detail: join(`鉴定 ${a.number}`, mask(e.released.reason)),
        by: e.released.by,
        ref,
      });
    else if (e.outcome?.decision === 'destroy' && a.closedAt)
      out.push({
        at: a.closedAt,
        kind: 'appraisal_destroy',
        label: '鉴定：拟销毁',
        detail: join(`鉴定 ${a.number}`, mask(e.outcome.reason)),
        by: a.closedBy,
        ref,
      });
    else if (e.outcome?.decision === 'keep' && !extended.has(a.id) && a.closedAt)
      out.push({
        at: a.closedAt,
        kind: 'appraisal_kept',
        label: '鉴定：延长保管',
        detail: join(
          `鉴定 ${a.number}`,
          e.outcome.retention ? `改为 ${RETENTION_LABELS[e.outcome.retention]}` : null,
          mask(e.outcome.reason),
        ),
        by: a.closedBy,
        ref,
      });
  }
  for (const x of item.appraisals ?? []) {
    const a = found.find((f) => f.id === x.appraisalId);
    out.push({
      at: x.at,
      kind: 'appraisal_kept',
      label: '鉴定：延长保管',
      detail: join(
        a ? `鉴定 ${a.number}` : null,
        `${RETENTION_LABELS[x.from]} → ${RETENTION_LABELS[x.to]}`,
        mask(x.reason),
      ),
      by: a?.closedBy ?? null,
      ref: { kind: 'appraisal', id: x.appraisalId, number: a?.number ?? x.appraisalId },
    });
  }
  const lists = await collect(destructionLists(deps).all({ itemIds: { contains: item.id } }), () => true);
  for (const l of lists) {
    const ref = { kind: 'destruction_list' as const, id: l.id, number: l.number };
    out.push({
      at: l.createdAt,
      kind: 'destruction_listed',
      label: '列入销毁清册',
      detail: `销毁清册 ${l.number}`,
      by: l.createdBy,
      ref,
    });
    if (l.approval)
      out.push({
        at: l.approval.at,
        kind: l.approval.decision === 'approved' ? 'destruction_approved' : 'destruction_refused',
        label: l.approval.decision === 'approved' ? '销毁批准' : '销毁未批准',
        detail: join(`销毁清册 ${l.number}`, l.approval.reason ? mask(l.approval.reason) : null),
        by: l.approval.by,
        ref,
      });
  }
  if (item.destruction) {
    const l = lists.find((x) => x.id === item.destruction!.listId);
    out.push({
      at: item.destruction.at,
      kind: 'destroyed',
      label: '销毁',
      detail: join(l ? `销毁清册 ${l.number}` : null, `方式 ${item.destruction.method}`),
      by: l?.execution?.orderedBy.username ?? null,
      ref: {
        kind: 'destruction_list',
        id: item.destruction.listId,
        number: l?.number ?? item.destruction.listId,
      },
    });
  }
  return out;
}

function holdEvents(item: Item, mask: Masker): HistoryEvent[] {
  return item.holds.flatMap((h) => {
    const detail = join(mask(h.reason), h.authority ? `依据 ${mask(h.authority)}` : null);
    const placed: HistoryEvent = {
      at: h.placedAt,
      kind: 'hold_placed',
      label: '冻结',
      detail,
      by: h.placedBy,
      ref: null,
    };
    return h.liftedAt
      ? [
          placed,
          {
            at: h.liftedAt,
            kind: 'hold_lifted',
            label: '解除冻结',
            detail,
            by: h.liftedBy ?? null,
            ref: null,
          },
        ]
      : [placed];
  });
}

/**
 * An item's life from the workflow records, oldest first: filed, pre-archived, transferred and accepted
 * or returned, boxed and moved, lent, appraised, listed for destruction and destroyed, held. For every
 * role that reads the item (the audit trail itself is the auditor's alone, 三员分立); scoped like the
 * item; audited. Free text that may name people is masked for roles without `pii.full`, and so are
 * borrowers' names.
 */
export async function readItemHistory(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
): Promise<ItemHistory> {
  await authorizeAudited(deps, actor, ctx, 'item.read', 'item.history', id);
  const item = await deps.items.get(id);
  assertInScope(actor, item, id);
  const masked = !seesFullPersonalData(actor);
  const { names, ids } = personalDataOf(item);
  const mask: Masker = masked ? (s) => maskText(s, names, ids) : (s) => s;
  const transferred = await transferEvents(deps, item, mask);
  const accepted = transferred.filter((e) => e.kind === 'transfer_accepted').map((e) => e.at);
  const events = [
    ...createdEvents(item),
    ...transferred,
    ...(await storeEvents(deps, item, mask, accepted.sort().at(-1) ?? null)),
    ...(await loanEvents(deps, item, masked)),
    ...(await retentionEvents(deps, item, mask)),
    ...holdEvents(item, mask),
  ];
  // Oldest first; the order of the lists above keeps same-instant events in the order of the item's life.
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i));
  await recordAudit(deps, actor, ctx, 'item.history', id, { events: ordered.length });
  return {
    itemId: id,
    archivalCode: item.archivalCode,
    events: ordered.map((x) => x.e),
    personalDataMasked: masked,
  };
}
