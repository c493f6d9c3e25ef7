import type { TableDocument } from '../documents/printer.port';
import { preparedFooter, preparedLines } from '../documents/printing';
import type { InspectionReport } from './read-inspection';

/**
 * The readiness report as a printable document (A4 landscape): one row per checklist item with its
 * points, status, what the system shows (finding and figures) and where to look, then the totals per status.
 */
export function inspectionDocument(r: InspectionReport): TableDocument {
  return {
    title: r.title,
    orientation: 'landscape',
    meta: [`全宗号：${r.fondsCode ?? '全部全宗'}`, `数据截至：${r.asOfLocal}`, ...preparedLines(r)],
    columns: [
      { label: '序号', width: 0.6, align: 'center' },
      { label: '验收项目', width: 1.8 },
      { label: '分值', width: 0.6, align: 'right' },
      { label: '状态', width: 1, align: 'center' },
      { label: '系统中的依据', width: 6 },
      { label: '相关报表与登记', width: 2.2 },
    ],
    rows: r.lines.map((l, i) => [
      String(i + 1),
      `${l.section} ${l.item}`,
      String(l.points),
      l.statusLabel,
      [l.finding, ...l.evidence.map((e) => `${e.label}：${e.value}`)].join('\n'),
      l.links.map((k) => `${k.label} ${k.href}`).join('\n'),
    ]),
    notes: [
      `合计：${r.summary.map((s) => `${s.label} ${s.items} 项 ${s.points} 分`).join('；')}（满分 100 分）。`,
      ...r.notes,
    ],
    footer: preparedFooter(r),
  };
}
