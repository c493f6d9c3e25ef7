import type { ReactNode } from 'react';
import type { Cell, StatisticsColumn } from './types';

/** Runs of adjacent columns under the same group heading (a column without a group is a run of its own). */
function headerRuns(columns: StatisticsColumn[]): { group?: string; columns: StatisticsColumn[] }[] {
  const runs: { group?: string; columns: StatisticsColumn[] }[] = [];
  for (const c of columns) {
    const last = runs[runs.length - 1];
    if (c.group && last?.group === c.group) last.columns.push(c);
    else runs.push({ ...(c.group ? { group: c.group } : {}), columns: [c] });
  }
  return runs;
}

const show = (v: Cell | undefined, numeric: boolean): string =>
  v === null || v === undefined
    ? ''
    : numeric && typeof v === 'number'
      ? v.toLocaleString('zh-CN')
      : String(v);

/**
 * A statistics table as the API describes it: grouped headings (永久 over 件数 / 页数) on two rows, one
 * body row per row, the 合计 row in the footer. Scrolls sideways inside its own region when narrow.
 */
export function StatisticsGrid({
  caption,
  columns,
  rows,
  total,
  rowKey,
}: {
  caption: ReactNode;
  columns: StatisticsColumn[];
  rows: Record<string, Cell>[];
  total?: Record<string, Cell> | null;
  rowKey?: (row: Record<string, Cell>, i: number) => string;
}) {
  const runs = headerRuns(columns);
  const grouped = runs.some((r) => r.group);
  return (
    <div
      className="report-scroll"
      role="region"
      aria-label={typeof caption === 'string' ? caption : undefined}
      tabIndex={0}
    >
      <table className="grid report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {runs.map((r) =>
              r.group ? (
                <th
                  key={`g-${r.columns[0]!.key}`}
                  scope="colgroup"
                  colSpan={r.columns.length}
                  className="group"
                >
                  {r.group}
                </th>
              ) : (
                <th
                  key={r.columns[0]!.key}
                  scope="col"
                  rowSpan={grouped ? 2 : 1}
                  className={r.columns[0]!.numeric ? 'num' : undefined}
                >
                  {r.columns[0]!.label}
                </th>
              ),
            )}
          </tr>
          {grouped && (
            <tr>
              {runs
                .filter((r) => r.group)
                .flatMap((r) =>
                  r.columns.map((c) => (
                    <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                      {c.label}
                    </th>
                  )),
                )}
            </tr>
          )}
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey ? rowKey(row, i) : i}>
              {columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.key} scope="row">
                    {show(row[c.key], c.numeric)}
                  </th>
                ) : (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {show(row[c.key], c.numeric)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr>
              {columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.key} scope="row">
                    {show(total[c.key], c.numeric)}
                  </th>
                ) : (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {show(total[c.key], c.numeric)}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
