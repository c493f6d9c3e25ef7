import type { Actor } from '../access/actor';
import type { CoreDeps, RequestContext } from '../deps';
import { CONTENT_TYPES, preparedLines, printTable, type PrintFormat } from '../documents/printing';
import { loanStatistics, type LoanStatistics } from '../loans/loan-registers';
import { archiveDay } from '../shared/calendar';
import { invalid } from '../shared/errors';
import { printMovementRegister } from '../store/movement-register';
import { receiptRegister } from '../transfers/transfer-documents';
import { loanStatisticsDocument } from './loan-statistics-document';
import { preparer } from './report-meta';

/** A year range as the days it covers; a missing bound is this year. */
export function yearDays(
  deps: Pick<CoreDeps, 'clock'>,
  q: { fromYear?: number | undefined; toYear?: number | undefined },
): { from: string; to: string } {
  const thisYear = Number(archiveDay(deps.clock.now()).slice(0, 4));
  const fromYear = q.fromYear ?? q.toYear ?? thisYear;
  const toYear = q.toYear ?? Math.max(fromYear, thisYear);
  if (fromYear > toYear) throw invalid('report.bad_range', 'fromYear is after toYear.');
  return { from: `${fromYear}-01-01`, to: `${toYear}-12-31` };
}

export interface PrintedRegister {
  bytes: Uint8Array;
  contentType: string;
}

/** 《档案接收登记表》 for whole years (the same register as `/api/transfers/register`). */
export async function receiptsReport(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { fromYear?: number; toYear?: number; format: PrintFormat },
): Promise<PrintedRegister> {
  const bytes = await receiptRegister(deps, actor, ctx, yearDays(deps, q), q.format);
  return { bytes, contentType: CONTENT_TYPES[q.format] };
}

/** 《业务档案出入库情况登记表》 or 《档案异动登记表》 for whole years. */
export async function movementsReport(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { kind: 'in_out' | 'changes'; fromYear?: number; toYear?: number; format: PrintFormat },
): Promise<PrintedRegister> {
  const file = await printMovementRegister(deps, actor, ctx, {
    kind: q.kind,
    format: q.format,
    ...yearDays(deps, q),
  });
  return { bytes: file.bytes, contentType: file.contentType };
}

/** Loan statistics (借阅利用统计) for whole years: JSON, or 借阅利用统计表 as PDF or XLSX. */
export async function loansReport(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { fromYear?: number; toYear?: number; format: 'json' | PrintFormat },
): Promise<LoanStatistics | PrintedRegister> {
  const stats = await loanStatistics(deps, actor, ctx, yearDays(deps, q));
  if (q.format === 'json') return stats;
  const prepared = preparedLines({
    preparedBy: await preparer(deps, actor),
    preparedOn: archiveDay(deps.clock.now()),
  });
  const bytes = await printTable(deps.printer, loanStatisticsDocument(stats, prepared), q.format);
  return { bytes, contentType: CONTENT_TYPES[q.format] };
}
