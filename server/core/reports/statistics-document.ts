import type { TableColumn, TableDocument } from '../documents/printer.port';
import { preparedFooter, preparedLines } from '../documents/printing';
import { rangeLine } from './report-meta';
import type { StatRow, StatTable } from './statistics.model';

/** Figures print as plain digits, as in a hand-kept ledger. */
const cell = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/**
 * A statistics table as a printable document: the title, the range, 制表人 and 制表日期 above the
 * table, the 合计 row last, the notes after it. Wide tables (a pair of columns per 保管期限) print in
 * landscape.
 */
export function statisticsDocument(t: StatTable): TableDocument {
  const columns: TableColumn[] = t.columns.map((c) => ({
    label: c.group ? `${c.group}${c.label}` : c.label,
    width: c.numeric ? 1 : c.key.endsWith('Name') ? 3 : 1.2,
    align: c.numeric ? 'right' : 'left',
  }));
  const toCells = (row: StatRow) => t.columns.map((c) => cell(row[c.key]));
  return {
    title: t.title,
    orientation: t.columns.length > 9 ? 'landscape' : 'portrait',
    meta: [...rangeLine(t), ...preparedLines(t)],
    columns,
    rows: [...t.rows.map(toCells), toCells(t.total)],
    notes: t.notes,
    footer: preparedFooter(t),
  };
}
