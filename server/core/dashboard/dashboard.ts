import { can, itemScope, type Actor } from '../access/actor';
import type { Permission } from '../access/roles';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { Loan } from '../loans/loan.model';
import { approverKeys } from '../loans/loan-view';
import type { Appraisal } from '../retention/appraisal.model';
import { countingSupervisors, MIN_SUPERVISORS, type DestructionList } from '../retention/destruction.model';
import { archiveDay } from '../shared/calendar';
import type { ItemId } from '../shared/ids';
import { activeHolds } from '../items/item.model';
import { lateTransfers } from '../transfers/late-transfers';
import type { Transfer } from '../transfers/transfer.model';

/** One line of "what is waiting for me": a count and where to go to deal with it. */
export interface WaitingWork {
  key: string;
  label: string;
  count: number;
  /** The API list that shows these (the viewer maps it to its page). */
  link: string;
}

export interface Dashboard {
  asOf: string;
  waiting: WaitingWork[];
}

type Check = {
  key: string;
  label: string;
  link: string;
  /** Shown to an actor holding any of these. */
  anyOf: Permission[];
  count: (deps: CoreDeps, actor: Actor, ctx: RequestContext) => Promise<number>;
};

async function countRecords<T extends { id: string; revision: number }>(
  deps: CoreDeps,
  kind: string,
  where: Record<string, string>,
  keep: (r: T) => boolean = () => true,
): Promise<number> {
  let n = 0;
  for await (const r of deps.records.collection<T>(kind).all(where)) if (keep(r)) n++;
  return n;
}

const sectionsOf = (actor: Actor) => {
  const scope = itemScope(actor);
  return scope === 'all' ? {} : { sections: scope };
};

async function itemsIn(deps: CoreDeps, actor: Actor, status: 'filed' | 'pre_archived' | 'returned') {
  const rows = await deps.items.tally({ status, ...sectionsOf(actor) }, []);
  return rows.reduce((s, r) => s + r.items, 0);
}

/** Each kind of waiting work, who sees it, and how it is counted. */
const CHECKS: Check[] = [
  {
    key: 'drafts_to_review',
    label: '待审核的扫描件',
    link: '/api/ingest/drafts?status=needs_review',
    anyOf: ['item.create'],
    count: async (deps, actor) =>
      (await deps.ingest.listDrafts({ status: 'needs_review', ...sectionsOf(actor) }, 1000, null)).drafts
        .length,
  },
  {
    key: 'items_to_pre_archive',
    label: '待预立卷的件',
    link: '/api/items?status=filed',
    anyOf: ['transfer.prepare'],
    count: (deps, actor) => itemsIn(deps, actor, 'filed'),
  },
  {
    key: 'items_to_transfer',
    label: '已预立卷待移交的件',
    link: '/api/items?status=pre_archived',
    anyOf: ['transfer.prepare'],
    count: (deps, actor) => itemsIn(deps, actor, 'pre_archived'),
  },
  {
    key: 'items_returned',
    label: '退回补正的件',
    link: '/api/items?status=returned',
    anyOf: ['transfer.prepare'],
    count: (deps, actor) => itemsIn(deps, actor, 'returned'),
  },
  {
    key: 'late_transfers',
    label: '逾期未移交的件（上年度，一季度后）',
    link: '/api/transfers/late',
    anyOf: ['transfer.prepare', 'transfer.receive'],
    count: async (deps, actor, ctx) => (await lateTransfers(deps, actor, ctx)).lateTotal.items,
  },
  {
    key: 'transfers_to_receive',
    label: '待验收的移交',
    link: '/api/transfers?status=submitted',
    anyOf: ['transfer.receive'],
    count: async (deps) =>
      (await countRecords<Transfer>(deps, 'transfer', { status: 'submitted' })) +
      (await countRecords<Transfer>(deps, 'transfer', { status: 'checked' })),
  },
  {
    key: 'loans_to_approve',
    label: '待我审批的借阅申请',
    link: '/api/loans?view=to_approve',
    anyOf: ['loan.approve', 'loan.desk'],
    count: async (deps, actor) => {
      let n = 0;
      for (const key of approverKeys(actor))
        n += await countRecords<Loan>(
          deps,
          'loan',
          { status: 'pending', pendingWith: key },
          (l) => l.borrowerAccountId !== actor.accountId && !l.steps.some((s) => s.byId === actor.accountId),
        );
      return n;
    },
  },
  {
    key: 'loans_to_check_out',
    label: '已批准待出借的实体借阅',
    link: '/api/loans?view=all&status=approved',
    anyOf: ['loan.desk'],
    count: (deps) => countRecords<Loan>(deps, 'loan', { status: 'approved', kind: 'loan' }),
  },
  {
    key: 'loans_overdue',
    label: '逾期未还的借出',
    link: '/api/loans/overdue',
    anyOf: ['loan.desk'],
    count: (deps) => {
      const now = deps.clock.now().getTime();
      return countRecords<Loan>(
        deps,
        'loan',
        { status: 'checked_out' },
        (l) => !!l.due && Date.parse(l.due) < now,
      );
    },
  },
  {
    key: 'items_falling_due',
    label: '保管期满待鉴定的件',
    link: '/api/retention/due',
    anyOf: ['retention.manage', 'appraisal.decide'],
    count: async (deps) => {
      // The due list's rule (archived, due, not held, not in an appraisal) counted without reading items:
      // the due, unheld items by index, less the few an appraisal or a destruction list still holds.
      const today = archiveDay(deps.clock.now());
      const due = await deps.items.tally({ status: 'archived', dueOnOrBefore: today, held: false }, []);
      const claimed = new Set<string>();
      for await (const a of deps.records.collection<Appraisal>('appraisal').all({ status: 'open' }))
        for (const id of a.itemIds) claimed.add(id);
      for (const status of ['draft', 'approved', 'executing'])
        for await (const l of deps.records.collection<DestructionList>('destruction_list').all({ status }))
          for (const id of l.itemIds) claimed.add(id);
      let inAppraisal = 0;
      for (const id of claimed) {
        const item = await deps.items.get(id as ItemId);
        if (item?.status === 'archived' && item.dueDate && item.dueDate <= today && !activeHolds(item).length)
          inAppraisal++;
      }
      return due.reduce((n, r) => n + r.items, 0) - inAppraisal;
    },
  },
  {
    key: 'appraisals_to_vote',
    label: '待我表决的鉴定',
    link: '/api/appraisals?status=open',
    anyOf: ['appraisal.decide'],
    count: (deps, actor) =>
      countRecords<Appraisal>(deps, 'appraisal', { status: 'open' }, (a) =>
        a.entries.some((e) => !e.released && !e.votes.some((v) => v.by === actor.username)),
      ),
  },
  {
    key: 'destruction_to_approve',
    label: '待审批的销毁清册',
    link: '/api/destruction-lists?status=draft',
    anyOf: ['destruction.approve'],
    count: (deps, actor) =>
      countRecords<DestructionList>(
        deps,
        'destruction_list',
        { status: 'draft' },
        (l) => l.createdBy !== actor.username,
      ),
  },
  {
    key: 'destruction_to_confirm',
    label: '待我监销确认的销毁清册',
    link: '/api/destruction-lists?status=approved',
    anyOf: ['destruction.supervise'],
    count: (deps, actor) =>
      countRecords<DestructionList>(
        deps,
        'destruction_list',
        { status: 'approved' },
        (l) => !l.confirmations.some((c) => c.by === actor.username) && l.approval?.by !== actor.username,
      ),
  },
  {
    key: 'destruction_to_execute',
    label: '可执行销毁的清册（已审批，监销人已确认）',
    link: '/api/destruction-lists?status=approved',
    anyOf: ['retention.manage'],
    count: (deps) =>
      countRecords<DestructionList>(
        deps,
        'destruction_list',
        { status: 'approved' },
        (l) => countingSupervisors(l).length >= MIN_SUPERVISORS,
      ),
  },
];

/**
 * 待办: what is waiting for this actor, by what their roles allow — scans to review, items to pre-archive
 * and transfer, transfers to receive, late transfers, requests to approve, loans to hand out or chase,
 * items falling due, appraisals to vote on, destruction lists to approve, witness or execute. Counts only
 * (no personal data); section roles see their own section's figures. Every signed-in account may ask;
 * one with none of these duties gets an empty list.
 */
export async function readDashboard(deps: CoreDeps, actor: Actor, ctx: RequestContext): Promise<Dashboard> {
  const waiting: WaitingWork[] = [];
  for (const c of CHECKS) {
    if (!c.anyOf.some((p) => can(actor, p))) continue;
    waiting.push({ key: c.key, label: c.label, link: c.link, count: await c.count(deps, actor, ctx) });
  }
  await recordAudit(deps, actor, ctx, 'dashboard.read', null);
  return { asOf: deps.clock.now().toISOString(), waiting };
}
