import { RETENTION_LABELS, RETENTION_PERIODS } from '../catalogue/retention.policy';
import type { TallyRow } from '../items/item-repository.port';
import type { ItemStatus } from '../items/item.model';
import type { StatisticsReport } from './report.schemas';

/**
 * The statistics tables as data: columns (a row label, then figures) and rows. Pure: the use case feeds
 * them the repository's tallies (件数 and 页数 per group); what each figure means is in docs/reports.md.
 */
export interface StatColumn {
  key: string;
  label: string;
  /** A heading shared by neighbouring columns (永久 over 件数 and 页数). */
  group?: string;
  numeric: boolean;
}
export type StatRow = Record<string, string | number>;

export interface StatBody {
  columns: StatColumn[];
  rows: StatRow[];
  /** The 合计 row. */
  total: StatRow;
  notes: string[];
}

export interface StatTable extends StatBody {
  report: StatisticsReport;
  title: string;
  fondsCode: string | null;
  fromYear: number | null;
  toYear: number | null;
  /** The business sections the figures cover (a section head's scope), or null for the whole archive. */
  sections: string[] | null;
  /** 制表人 and when (ISO instant); 制表日期 is its local day. */
  preparedBy: string;
  preparedAt: string;
  preparedOn: string;
}

/** Statuses of items the archive holds (馆藏: numbered, boxed, shelved; on loan still counts). */
export const HELD: readonly ItemStatus[] = ['archived'];
/** Statuses of items the sections still hold: not yet handed over, or sent back for correction. */
export const NOT_TRANSFERRED: readonly ItemStatus[] = ['filed', 'pre_archived', 'returned'];

const num = (key: string, label: string, group?: string): StatColumn => ({
  key,
  label,
  numeric: true,
  ...(group ? { group } : {}),
});
const text = (key: string, label: string): StatColumn => ({ key, label, numeric: false });

/** 件数 and 页数 columns for each 保管期限, then 合计. */
function retentionColumns(): StatColumn[] {
  return [
    ...RETENTION_PERIODS.flatMap((r) => [
      num(`${r}.items`, '件数', RETENTION_LABELS[r]),
      num(`${r}.pages`, '页数', RETENTION_LABELS[r]),
    ]),
    num('total.items', '件数', '合计'),
    num('total.pages', '页数', '合计'),
  ];
}

function zeroFigures(columns: StatColumn[]): StatRow {
  return Object.fromEntries(columns.filter((c) => c.numeric).map((c) => [c.key, 0]));
}

function add(row: StatRow, key: string, n: number): void {
  row[key] = ((row[key] as number | undefined) ?? 0) + n;
}

/**
 * Adds every numeric figure of `rows` into a 合计 row labelled in `labelKey`; the other text columns
 * (`blankKeys`) are left empty.
 */
function totalOf(columns: StatColumn[], rows: StatRow[], labelKey: string, ...blankKeys: string[]): StatRow {
  const total: StatRow = { ...zeroFigures(columns), [labelKey]: '合计' };
  for (const key of blankKeys) total[key] = '';
  for (const row of rows)
    for (const c of columns)
      if (c.numeric && typeof row[c.key] === 'number') add(total, c.key, row[c.key] as number);
  return total;
}

/** Adds a tally row's 件数/页数 under its 保管期限 and under 合计. */
function addByRetention(row: StatRow, t: TallyRow): void {
  const r = String(t.key.retention);
  add(row, `${r}.items`, t.items);
  add(row, `${r}.pages`, t.pages);
  add(row, 'total.items', t.items);
  add(row, 'total.pages', t.pages);
}

/** The years a table lists: the asked range, or the years the tally holds where a bound is missing. */
export function yearsOf(
  fromYear: number | undefined,
  toYear: number | undefined,
  present: number[],
): number[] {
  const from = fromYear ?? (present.length ? Math.min(...present) : toYear);
  const to = toYear ?? (present.length ? Math.max(...present) : fromYear);
  if (from === undefined || to === undefined || from > to) return [];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** 《业务档案统计表》: per 年度, 件数 and 页数 of the holding by 保管期限. Tally grouped by year, retention. */
export function businessTable(tally: TallyRow[], years: number[]): StatBody {
  const columns = [text('year', '年度'), ...retentionColumns()];
  const byYear = new Map<number, StatRow>(years.map((y) => [y, { year: y, ...zeroFigures(columns) }]));
  for (const t of tally) {
    const row = byYear.get(Number(t.key.year));
    if (row) addByRetention(row, t);
  }
  const rows = [...byYear.values()];
  return {
    columns,
    rows,
    total: totalOf(columns, rows, 'year'),
    notes: ['统计对象：已归档（馆藏）的件，含借出在外的件；不含未移交、移交中和已销毁的件。'],
  };
}

export interface ClassName {
  code: string;
  name: string;
  ordinal: number;
}

/**
 * 《各类别业务档案统计表》: per 类别 (every class of the current table, in order, then any other class
 * the items carry), 件数 and 页数 by 保管期限. Tally grouped by classCode, retention.
 */
export function byClassTable(tally: TallyRow[], classes: ClassName[]): StatBody {
  const columns = [text('classCode', '类别代码'), text('className', '类别名称'), ...retentionColumns()];
  const ordered = [...classes].sort((a, b) => a.ordinal - b.ordinal);
  const byClass = new Map<string, StatRow>(
    ordered.map((c) => [c.code, { classCode: c.code, className: c.name, ...zeroFigures(columns) }]),
  );
  const others = [...new Set(tally.map((t) => String(t.key.classCode)))]
    .filter((c) => !byClass.has(c))
    .sort();
  for (const code of others)
    byClass.set(code, { classCode: code, className: '（不在现行分类中）', ...zeroFigures(columns) });
  for (const t of tally) addByRetention(byClass.get(String(t.key.classCode))!, t);
  const rows = [...byClass.values()];
  return {
    columns,
    rows,
    total: totalOf(columns, rows, 'classCode', 'className'),
    notes: [
      '统计对象：已归档（馆藏）的件，含借出在外的件。',
      '类别名称取自现行《社会保险业务材料归档范围与保管期限》类别表。',
    ],
  };
}

/**
 * 《全局档案统计表》: per 全宗, the whole holding and what is on its way: 馆藏 (archived) with 页数, of which
 * out of the box, 移交中, 未移交 (filed, pre-archived, returned for correction), 已销毁, and all items.
 * `statusTally` is grouped by fondsCode, status; `outTally` (items out of their box) by fondsCode.
 */
export function holdingsTable(
  statusTally: TallyRow[],
  outTally: TallyRow[],
  fonds: { code: string; name: string }[],
): StatBody {
  const columns = [
    text('fondsCode', '全宗号'),
    text('fondsName', '全宗名称'),
    num('archived.items', '件数', '馆藏'),
    num('archived.pages', '页数', '馆藏'),
    num('out.items', '其中借出/调出件数'),
    num('in_transfer.items', '移交中件数'),
    num('pending.items', '未移交件数'),
    num('destroyed.items', '已销毁件数'),
    num('total.items', '件数', '合计'),
    num('total.pages', '页数', '合计'),
  ];
  const names = new Map(fonds.map((f) => [f.code, f.name]));
  const codes = [
    ...new Set([...fonds.map((f) => f.code), ...statusTally.map((t) => String(t.key.fondsCode))]),
  ].sort();
  const byFonds = new Map<string, StatRow>(
    codes.map((c) => [c, { fondsCode: c, fondsName: names.get(c) ?? '', ...zeroFigures(columns) }]),
  );
  for (const t of statusTally) {
    const row = byFonds.get(String(t.key.fondsCode))!;
    const status = t.key.status as ItemStatus;
    if (HELD.includes(status)) {
      add(row, 'archived.items', t.items);
      add(row, 'archived.pages', t.pages);
    } else if (status === 'in_transfer') add(row, 'in_transfer.items', t.items);
    else if (status === 'destroyed') add(row, 'destroyed.items', t.items);
    else if (NOT_TRANSFERRED.includes(status)) add(row, 'pending.items', t.items);
    add(row, 'total.items', t.items);
    add(row, 'total.pages', t.pages);
  }
  for (const t of outTally) {
    const row = byFonds.get(String(t.key.fondsCode));
    if (row) add(row, 'out.items', t.items);
  }
  const rows = [...byFonds.values()];
  return {
    columns,
    rows,
    total: totalOf(columns, rows, 'fondsCode', 'fondsName'),
    notes: [
      '馆藏：已归档的件（含借出/调出在外的件）；未移交：已登记、预立卷和退回补正的件。',
      '已销毁的件只计件数：销毁后其页面已删除，目录条目保留。',
    ],
  };
}

/**
 * 《历年档案统计表》: per 年度, what the archive has received (accepted: archived or since destroyed), what
 * was destroyed, what it holds now, the holding accumulated over every 年度 up to this one, and what the
 * sections have not handed over yet. `tally` is grouped by year, status and covers every year up to the
 * last one listed (the accumulation starts with the oldest item).
 */
export function yearlyTable(tally: TallyRow[], years: number[]): StatBody {
  const columns = [
    text('year', '年度'),
    num('received.items', '接收件数'),
    num('destroyed.items', '销毁件数'),
    num('held.items', '件数', '现存'),
    num('held.pages', '页数', '现存'),
    num('cumulative.items', '件数', '累计现存'),
    num('cumulative.pages', '页数', '累计现存'),
    num('pending.items', '未接收件数'),
  ];
  const first = years[0];
  const byYear = new Map<number, StatRow>(years.map((y) => [y, { year: y, ...zeroFigures(columns) }]));
  let before = { items: 0, pages: 0 };
  for (const t of tally) {
    const year = Number(t.key.year);
    const status = t.key.status as ItemStatus;
    if (first !== undefined && year < first) {
      if (HELD.includes(status)) before = { items: before.items + t.items, pages: before.pages + t.pages };
      continue;
    }
    const row = byYear.get(year);
    if (!row) continue;
    if (HELD.includes(status)) {
      add(row, 'received.items', t.items);
      add(row, 'held.items', t.items);
      add(row, 'held.pages', t.pages);
    } else if (status === 'destroyed') {
      add(row, 'received.items', t.items);
      add(row, 'destroyed.items', t.items);
    } else add(row, 'pending.items', t.items);
  }
  const rows = [...byYear.values()];
  let running = before;
  for (const row of rows) {
    running = {
      items: running.items + (row['held.items'] as number),
      pages: running.pages + (row['held.pages'] as number),
    };
    row['cumulative.items'] = running.items;
    row['cumulative.pages'] = running.pages;
  }
  const total = totalOf(columns, rows, 'year');
  total['cumulative.items'] = running.items;
  total['cumulative.pages'] = running.pages;
  return {
    columns,
    rows,
    total,
    notes: [
      '按年度（文件形成年度）统计。接收：已验收入库的件（现存与已销毁之和）；现存：已归档的件（含借出在外）。',
      '累计现存：截至该年度（含以前各年度）现存的件；合计行为最后一个年度的累计数。',
      '未接收：已登记、预立卷、移交中和退回补正的件。',
    ],
  };
}
