import type { Actor } from '../access/actor';
import { can, itemScope } from '../access/actor';
import { authorizeAudited } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { ItemStatus } from '../items/item.model';
import { archiveDay } from '../shared/calendar';

/** Items not yet handed over: still in the section (filed, pre-archived, or returned for correction). */
export const NOT_TRANSFERRED: readonly ItemStatus[] = ['filed', 'pre_archived', 'returned'];

/**
 * The previous year's files go to the archive before the end of the first quarter (在次年一季度前移交):
 * an item of year Y is late from 1 April of Y+1. Returns the last year whose deadline has passed on
 * `today` (YYYY-MM-DD, China time), and the next deadline.
 */
export function lateRule(today: string): { lateUpToYear: number; nextDeadline: string; dueYear: number } {
  const year = Number(today.slice(0, 4));
  const afterQ1 = today.slice(5) >= '04-01';
  const lateUpToYear = afterQ1 ? year - 1 : year - 2;
  return { lateUpToYear, dueYear: lateUpToYear + 1, nextDeadline: `${lateUpToYear + 2}-03-31` };
}

export interface LateRow {
  section: string;
  year: number;
  items: number;
  pages: number;
  byStatus: Partial<Record<ItemStatus, number>>;
}

/**
 * Late transfers (逾期未移交) for the dashboard: per section and year, the items of years whose deadline
 * (31 March of the next year) has passed and that have not been handed over; and, for the year now due,
 * what is still outstanding before its deadline. The archive sees every section; a section its own.
 */
export async function lateTransfers(deps: CoreDeps, actor: Actor, ctx: RequestContext) {
  if (!can(actor, 'transfer.receive'))
    await authorizeAudited(deps, actor, ctx, 'transfer.prepare', 'transfer.late', null);
  const today = archiveDay(deps.clock.now());
  const rule = lateRule(today);
  const scope = itemScope(actor);
  const sections = scope === 'all' ? undefined : scope;
  const rows = new Map<string, LateRow>();
  for (const status of NOT_TRANSFERRED) {
    const tally = await deps.items.tally(
      { status, toYear: rule.dueYear, ...(sections ? { sections } : {}) },
      ['section', 'year'],
    );
    for (const r of tally) {
      const section = String(r.key.section ?? '');
      const year = Number(r.key.year);
      const key = `${section}|${year}`;
      const row = rows.get(key) ?? { section, year, items: 0, pages: 0, byStatus: {} };
      row.items += r.items;
      row.pages += r.pages;
      row.byStatus[status] = (row.byStatus[status] ?? 0) + r.items;
      rows.set(key, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) =>
    a.section === b.section ? a.year - b.year : a.section < b.section ? -1 : 1,
  );
  const late = sorted.filter((r) => r.year <= rule.lateUpToYear);
  const due = sorted.filter((r) => r.year === rule.dueYear);
  const sum = (rs: LateRow[]) => ({
    items: rs.reduce((s, r) => s + r.items, 0),
    pages: rs.reduce((s, r) => s + r.pages, 0),
  });
  return {
    asOf: today,
    rule: '上一年度的业务档案应在次年一季度（3月31日）前移交',
    lateUpToYear: rule.lateUpToYear,
    late,
    lateTotal: sum(late),
    /** The year now due, and its deadline: outstanding, not yet late. */
    due: { year: rule.dueYear, deadline: rule.nextDeadline, rows: due, total: sum(due) },
  };
}
