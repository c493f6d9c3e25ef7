import type { TableDocument } from '../documents/printer.port';
import type { LoanStatistics } from '../loans/loan-registers';

/**
 * 借阅利用统计表: the loan statistics of a period as one table (项目 | 分项 | 数量): totals, then by kind,
 * purpose, borrower, use effect, and month of filing.
 */
export function loanStatisticsDocument(s: LoanStatistics, prepared: string[]): TableDocument {
  const rows: string[][] = [
    ['申请', '合计', String(s.requests)],
    ['申请', '已提供利用', String(s.served)],
    ['申请', '未批准', String(s.refused)],
    ['利用档案件次', '合计', String(s.itemUses)],
  ];
  const group = (label: string, counts: Record<string, number>) => {
    for (const [k, n] of Object.entries(counts)) rows.push([label, k, String(n)]);
  };
  group('利用方式', s.byKind);
  group('利用目的', s.byPurpose);
  group('借阅人', s.byBorrowerType);
  group('利用效果', s.byEffect);
  rows.push(['典型事例', '合计', String(s.typicalCases)]);
  rows.push(['实体借出', '归还页数不符', String(s.pageMismatches)]);
  rows.push(['实体借出', '逾期归还', String(s.returnedLate)]);
  for (const m of s.byMonth)
    rows.push(['按月', m.month, `${m.requests}（查阅 ${m.consult}，借出 ${m.loan}，复制 ${m.copy}）`]);
  return {
    title: '借阅利用统计表',
    orientation: 'portrait',
    meta: [
      `统计期间：${s.from} 至 ${s.to}`,
      ...(s.sections ? [`统计范围：${s.sections.join('、')}`] : []),
      ...prepared,
    ],
    columns: [
      { label: '项目', width: 12 },
      { label: '分项', width: 14 },
      { label: '数量', width: 14, align: 'right' },
    ],
    rows,
    notes: ['按申请登记日期统计；利用档案件次为已提供利用的申请所含件数。'],
  };
}
