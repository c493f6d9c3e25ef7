import type { Actor } from '../access/actor';
import { itemScope } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { TallyRow } from '../items/item-repository.port';
import { invalid } from '../shared/errors';
import { MAX_YEAR_SPAN, STATISTICS_TITLES, type ReportFormat, type StatisticsReport } from './report.schemas';
import { preparer } from './report-meta';
import {
  HELD,
  businessTable,
  byClassTable,
  holdingsTable,
  yearlyTable,
  yearsOf,
  type StatBody,
  type StatTable,
} from './statistics.model';
import { archiveDay } from '../shared/calendar';

export interface StatisticsInput {
  fromYear?: number;
  toYear?: number;
  fondsCode?: string;
}

/** Throws `report.bad_range` for a reversed or over-long year range. */
function checkRange(q: StatisticsInput): void {
  if (q.fromYear !== undefined && q.toYear !== undefined) {
    if (q.fromYear > q.toYear)
      throw invalid('report.bad_range', `fromYear ${q.fromYear} is after toYear ${q.toYear}.`);
    if (q.toYear - q.fromYear + 1 > MAX_YEAR_SPAN)
      throw invalid('report.bad_range', `A table spans at most ${MAX_YEAR_SPAN} years.`);
  }
}

function spanChecked(years: number[]): number[] {
  if (years.length > MAX_YEAR_SPAN)
    throw invalid(
      'report.bad_range',
      `The items span ${years.length} years: give fromYear and toYear (at most ${MAX_YEAR_SPAN} years).`,
    );
  return years;
}

const yearsIn = (tally: TallyRow[]) => [...new Set(tally.map((t) => Number(t.key.year)))];

/** Class names from the current retention table (the catalogue's class list), or none if not loaded. */
async function classNames(deps: CoreDeps) {
  const table = await deps.catalogue.current('retention-table', '');
  return (table?.body.classes ?? []).map((c) => ({ code: c.code, name: c.name, ordinal: c.ordinal }));
}

async function fondsNames(deps: CoreDeps) {
  const out: { code: string; name: string }[] = [];
  for (const code of await deps.catalogue.scopes('fonds')) {
    const f = await deps.catalogue.current('fonds', code);
    if (f) out.push({ code, name: f.body.name });
  }
  return out;
}

/**
 * Computes one statistics table live from the catalogue's tallies (never from item bodies), for a year
 * range and optionally one fonds. A section head's figures cover only their own section. Audited as
 * `report.read` with the range and the format asked for.
 */
export async function readStatistics(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  report: StatisticsReport,
  q: StatisticsInput,
  format: ReportFormat = 'json',
): Promise<StatTable> {
  await authorizeAudited(deps, actor, ctx, 'report.read', 'report.read', report);
  checkRange(q);
  const scope = itemScope(actor);
  const sections = scope === 'all' ? undefined : scope;
  const base = {
    ...(q.fondsCode !== undefined ? { fondsCode: q.fondsCode } : {}),
    ...(sections ? { sections } : {}),
  };
  const range = {
    ...(q.fromYear !== undefined ? { fromYear: q.fromYear } : {}),
    ...(q.toYear !== undefined ? { toYear: q.toYear } : {}),
  };
  let body: StatBody;
  let years: number[] = [];
  switch (report) {
    case 'business': {
      const tally = await deps.items.tally({ ...base, ...range, status: HELD[0] }, ['year', 'retention']);
      years = spanChecked(yearsOf(q.fromYear, q.toYear, yearsIn(tally)));
      body = businessTable(tally, years);
      break;
    }
    case 'by-class': {
      const tally = await deps.items.tally({ ...base, ...range, status: HELD[0] }, [
        'classCode',
        'retention',
      ]);
      body = byClassTable(tally, await classNames(deps));
      break;
    }
    case 'holdings': {
      const [statusTally, outTally] = await Promise.all([
        deps.items.tally({ ...base, ...range }, ['fondsCode', 'status']),
        deps.items.tally({ ...base, ...range, status: HELD[0], out: true }, ['fondsCode']),
      ]);
      const fonds = (await fondsNames(deps)).filter(
        (f) => q.fondsCode === undefined || f.code === q.fondsCode,
      );
      body = holdingsTable(statusTally, outTally, fonds);
      break;
    }
    case 'yearly': {
      // Every year up to the last one listed: the accumulated holding starts with the oldest item.
      const tally = await deps.items.tally(
        { ...base, ...(q.toYear !== undefined ? { toYear: q.toYear } : {}) },
        ['year', 'status'],
      );
      years = spanChecked(yearsOf(q.fromYear, q.toYear, yearsIn(tally)));
      body = yearlyTable(tally, years);
      break;
    }
  }
  const now = deps.clock.now();
  const table: StatTable = {
    report,
    title: STATISTICS_TITLES[report],
    fondsCode: q.fondsCode ?? null,
    fromYear: q.fromYear ?? years[0] ?? null,
    toYear: q.toYear ?? years[years.length - 1] ?? null,
    sections: sections ?? null,
    ...body,
    preparedBy: await preparer(deps, actor),
    preparedAt: now.toISOString(),
    preparedOn: archiveDay(now),
  };
  await recordAudit(deps, actor, ctx, 'report.read', report, {
    fromYear: q.fromYear ?? null,
    toYear: q.toYear ?? null,
    fondsCode: q.fondsCode ?? null,
    format,
  });
  return table;
}
