import { itemScope, seesFullPersonalData, type Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import { maskName } from '../access/masking.policy';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { TableDocument } from '../documents/printer.port';
import { nameBook, periodLine } from '../documents/printing';
import { invalid } from '../shared/errors';
import { loanRecords } from './loan-records';
import { maskIdNumber } from './loan-view';
import {
  BORROWER_TYPE_LABELS,
  LOAN_KINDS,
  LOAN_KIND_LABELS,
  LOAN_PURPOSES,
  USE_EFFECTS,
  formatPageRanges,
  type Loan,
  type LoanItem,
} from './loan.model';
import { archiveDay } from '../shared/calendar';

/**
 * The borrowing registers, as documents the printer lays out (PDF, XLSX):
 * - 《档案查阅登记表》: every consultation served — 查阅 and 复制 by anyone, and outside borrowers' in-room
 *   loans — dated by when it was served (「档案管理人员及时填写档案查阅登记表，做好档案利用效果记载」);
 * - 《业务档案内部借阅表》: every physical loan to a business section, one row per item;
 * - the year's 典型事例 (typical cases of use) compiled from closed requests;
 * - loan statistics (JSON, for the reports).
 * 证件号码 and outside borrowers' names are masked for readers without pii.full.
 */
export interface DateRange {
  from: string;
  to: string;
}

function checkRange(r: DateRange): void {
  if (r.to < r.from) throw invalid('loan.bad_range', '`to` is before `from`.');
}
const inRange = (day: string | null, r: DateRange) => day !== null && day >= r.from && day <= r.to;

/** When a request was served: the grant (查阅, 复制) or the checkout (借出). */
function servedAt(loan: Loan): string | null {
  return loan.kind === 'loan' ? loan.checkedOutAt : loan.approvedAt;
}

/**
 * The requests a desk register lists (those `keep` selects, in the order they were served), once the actor
 * is authorized for the desk and the period checked; `full`: whether the actor sees personal data unmasked.
 */
async function registerLoans(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  period: DateRange | null,
  keep: (loan: Loan) => boolean,
): Promise<{ loans: Loan[]; full: boolean }> {
  await authorizeAudited(deps, actor, ctx, 'loan.desk', 'loan.register', null);
  if (period) checkRange(period);
  const loans: Loan[] = [];
  for await (const loan of loanRecords(deps).all()) if (keep(loan)) loans.push(loan);
  loans.sort(
    (a, b) => (servedAt(a) ?? '').localeCompare(servedAt(b) ?? '') || a.number.localeCompare(b.number),
  );
  return { loans, full: seesFullPersonalData(actor) };
}

/** Audits a register made: which one, its period or year, and how many rows it has. */
async function auditRegister(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  register: Record<string, unknown>,
  rows: readonly string[][],
): Promise<void> {
  await recordAudit(deps, actor, ctx, 'loan.register', null, { ...register, rows: rows.length });
}

function borrowerCells(loan: Loan, full: boolean): { name: string; id: string; unit: string } {
  const b = loan.borrower;
  const name = b.type === 'external' && !full ? maskName(b.name) : b.name;
  const id = b.idType && b.idNumber ? `${b.idType} ${full ? b.idNumber : maskIdNumber(b.idNumber)}` : '—';
  return { name, id, unit: b.organisation ?? b.section ?? '—' };
}

const effectText = (loan: Loan) =>
  loan.effect
    ? loan.effect.note
      ? `${loan.effect.category}：${loan.effect.note}`
      : loan.effect.category
    : '';
const itemCode = (i: LoanItem) =>
  `${i.archivalCode ?? i.itemId}${i.pages ? `（第${formatPageRanges(i.pages)}页）` : ''}`;

/** 《档案查阅登记表》 for a date range. */
export async function consultationRegister(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  range: DateRange,
): Promise<TableDocument> {
  const { loans, full } = await registerLoans(
    deps,
    actor,
    ctx,
    range,
    (l) => (l.kind !== 'loan' || l.borrower.type === 'external') && inRange(day(servedAt(l)), range),
  );
  const name = nameBook(deps);
  const rows: string[][] = [];
  for (const [i, loan] of loans.entries()) {
    const b = borrowerCells(loan, full);
    rows.push([
      String(i + 1),
      day(servedAt(loan)) ?? '',
      b.name,
      b.id,
      b.unit,
      `${loan.purpose.category}：${loan.purpose.text}`,
      loan.items.map(itemCode).join('\n'),
      loan.inRoom ? '室内借阅' : LOAN_KIND_LABELS[loan.kind],
      effectText(loan),
      await name(loan.handledBy),
    ]);
  }
  await auditRegister(deps, actor, ctx, { register: 'consultation', ...range }, rows);
  return {
    title: '档案查阅登记表',
    orientation: 'landscape',
    meta: [periodLine('登记期间', range), `共 ${rows.length} 次`],
    columns: [
      { label: '序号', width: 4, align: 'center' },
      { label: '日期', width: 8, align: 'center' },
      { label: '查阅人', width: 7 },
      { label: '证件类型及号码', width: 15 },
      { label: '单位', width: 12 },
      { label: '查阅目的', width: 14 },
      { label: '查阅档案（档号）', width: 18 },
      { label: '利用方式', width: 7, align: 'center' },
      { label: '利用效果', width: 12 },
      { label: '经办人', width: 6, align: 'center' },
    ],
    rows,
    footer: '档案查阅登记表',
  };
}

/** 《业务档案内部借阅表》 for a date range (by checkout date). */
export async function internalLoanRegister(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  range: DateRange,
): Promise<TableDocument> {
  const { loans, full } = await registerLoans(
    deps,
    actor,
    ctx,
    range,
    (l) => l.kind === 'loan' && l.borrower.type !== 'external' && inRange(day(l.checkedOutAt), range),
  );
  const name = nameBook(deps);
  const rows: string[][] = [];
  for (const loan of loans)
    for (const i of loan.items)
      rows.push([
        String(rows.length + 1),
        day(loan.checkedOutAt) ?? '',
        loan.borrower.section ?? '—',
        loan.borrower.name,
        i.archivalCode ?? i.itemId,
        full ? i.title : i.maskedTitle,
        String(i.checkout?.pages ?? i.pageCount),
        day(loan.due) ?? '',
        day(i.return?.at ?? null) ?? '',
        i.return ? `${i.return.pages}${i.return.mismatch ? '（不符）' : ''}` : '',
        await name(loan.handledBy),
      ]);
  await auditRegister(deps, actor, ctx, { register: 'internal', ...range }, rows);
  return {
    title: '业务档案内部借阅表',
    orientation: 'landscape',
    meta: [periodLine('登记期间', range), `共 ${rows.length} 件次`],
    columns: [
      { label: '序号', width: 4, align: 'center' },
      { label: '借阅日期', width: 8, align: 'center' },
      { label: '借阅科室', width: 9 },
      { label: '借阅人', width: 6 },
      { label: '档号', width: 15 },
      { label: '题名', width: 20 },
      { label: '页数', width: 4, align: 'right' },
      { label: '应还日期', width: 8, align: 'center' },
      { label: '归还日期', width: 8, align: 'center' },
      { label: '归还页数', width: 6, align: 'center' },
      { label: '经办人', width: 6, align: 'center' },
    ],
    rows,
    notes: ['归还页数与借出页数不符者标注“不符”，由档案管理人员当面核实并记录。'],
    footer: '业务档案内部借阅表',
  };
}

/** The year's 典型事例 (typical cases of use), from requests closed that year and marked typical. */
export async function typicalCases(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  year: number,
): Promise<TableDocument> {
  const { loans, full } = await registerLoans(
    deps,
    actor,
    ctx,
    null,
    (l) => l.status === 'closed' && !!l.effect?.typical && day(l.closedAt)?.slice(0, 4) === String(year),
  );
  const rows = loans.map((loan, i) => {
    const b = borrowerCells(loan, full);
    return [
      String(i + 1),
      day(loan.closedAt) ?? '',
      loan.number,
      `${b.name}（${b.unit}）`,
      `${loan.purpose.category}：${loan.purpose.text}`,
      loan.items.map((it) => it.archivalCode ?? it.itemId).join('\n'),
      effectText(loan),
      loan.effect!.typical!.title,
      loan.effect!.typical!.summary,
    ];
  });
  await auditRegister(deps, actor, ctx, { register: 'typical_cases', year }, rows);
  return {
    title: `${year}年度档案利用典型事例汇编`,
    orientation: 'landscape',
    meta: [`年度：${year}`, `共 ${rows.length} 例`],
    columns: [
      { label: '序号', width: 4, align: 'center' },
      { label: '日期', width: 8, align: 'center' },
      { label: '借阅单号', width: 9 },
      { label: '利用者', width: 12 },
      { label: '查阅目的', width: 12 },
      { label: '利用档案', width: 14 },
      { label: '利用效果', width: 10 },
      { label: '事例', width: 10 },
      { label: '事例摘要', width: 24 },
    ],
    rows,
    footer: '档案利用典型事例',
  };
}

export interface LoanStatistics {
  from: string;
  to: string;
  /** The business sections counted (a section head's own), or null for all. */
  sections: string[] | null;
  /** Requests filed in the range, and those served (approved and onward). */
  requests: number;
  served: number;
  refused: number;
  /** 利用档案件次: items in served requests. */
  itemUses: number;
  byKind: Record<string, number>;
  byPurpose: Record<string, number>;
  byBorrowerType: Record<string, number>;
  /** Closed requests by 利用效果, and how many were typical cases. */
  byEffect: Record<string, number>;
  typicalCases: number;
  /** Per month (YYYY-MM) of filing: requests, by kind. */
  byMonth: { month: string; requests: number; consult: number; loan: number; copy: number }[];
  /** Physical loans returned with a different page count, and returned late. */
  pageMismatches: number;
  returnedLate: number;
}

const SERVED = new Set(['approved', 'checked_out', 'returned', 'closed']);
const zeros = (keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;

/**
 * Loan statistics for a date range of filing (利用统计), for the reports. Like the other statistics, a
 * section head's figures cover only their own section's archives: the requests for at least one of its
 * items, and of those only its items count as 利用档案件次.
 */
export async function loanStatistics(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  range: DateRange,
): Promise<LoanStatistics> {
  await authorizeAnyAudited(deps, actor, ctx, ['report.read', 'loan.desk'], 'loan.statistics', null);
  checkRange(range);
  const scope = itemScope(actor);
  const sections = scope === 'all' ? null : scope;
  const counted = (loan: Loan) =>
    sections ? loan.items.filter((i) => sections.includes(i.section)) : loan.items;
  const s: LoanStatistics = {
    from: range.from,
    to: range.to,
    sections,
    requests: 0,
    served: 0,
    refused: 0,
    itemUses: 0,
    byKind: zeros(LOAN_KINDS.map((k) => LOAN_KIND_LABELS[k])),
    byPurpose: zeros(LOAN_PURPOSES),
    byBorrowerType: zeros(Object.values(BORROWER_TYPE_LABELS)),
    byEffect: zeros(USE_EFFECTS),
    typicalCases: 0,
    byMonth: [],
    pageMismatches: 0,
    returnedLate: 0,
  };
  const months = new Map<string, LoanStatistics['byMonth'][number]>();
  for await (const loan of loanRecords(deps).all()) {
    const filed = archiveDay(loan.createdAt);
    if (!inRange(filed, range)) continue;
    const items = counted(loan);
    if (items.length === 0) continue;
    s.requests++;
    s.byKind[LOAN_KIND_LABELS[loan.kind]]! += 1;
    s.byPurpose[loan.purpose.category] = (s.byPurpose[loan.purpose.category] ?? 0) + 1;
    s.byBorrowerType[BORROWER_TYPE_LABELS[loan.borrower.type]]! += 1;
    if (loan.status === 'refused') s.refused++;
    if (SERVED.has(loan.status)) {
      s.served++;
      s.itemUses += items.length;
    }
    if (loan.effect) {
      s.byEffect[loan.effect.category] = (s.byEffect[loan.effect.category] ?? 0) + 1;
      if (loan.effect.typical) s.typicalCases++;
    }
    if (loan.flags.includes('page_mismatch')) s.pageMismatches++;
    if (loan.returnedAt && loan.due && loan.returnedAt > loan.due) s.returnedLate++;
    const month = filed.slice(0, 7);
    const m = months.get(month) ?? { month, requests: 0, consult: 0, loan: 0, copy: 0 };
    m.requests++;
    m[loan.kind]++;
    months.set(month, m);
  }
  s.byMonth = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
  await recordAudit(deps, actor, ctx, 'loan.statistics', null, {
    from: range.from,
    to: range.to,
    sections,
    requests: s.requests,
  });
  return s;
}

function day(iso: string | null): string | null {
  return iso ? archiveDay(iso) : null;
}
