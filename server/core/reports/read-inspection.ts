import type { Actor } from '../access/actor';
import { itemScope } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { StoredRecord } from '../records/record-store.port';
import { forbidden } from '../shared/errors';
import {
  evaluateInspection,
  summarise,
  type InspectionFacts,
  type InspectionLine,
  type InspectionSummary,
  type RecordCounts,
} from './inspection.model';
import type { ReportFormat } from './report.schemas';
import { preparer } from './report-meta';
import { NOT_TRANSFERRED } from './statistics.model';
import { archiveDay, archiveMinute, archiveMonth, archiveYear } from '../shared/calendar';

export const INSPECTION_TITLE = '社会保险业务档案管理达标验收迎检准备情况';

export interface InspectionReport {
  title: string;
  fondsCode: string | null;
  asOf: string;
  /** 数据截至, local time to the minute. */
  asOfLocal: string;
  preparedBy: string;
  preparedOn: string;
  lines: InspectionLine[];
  summary: InspectionSummary[];
  /** What the figures rest on, said plainly (which record fields were read, what is not scoped). */
  notes: string[];
}

/**
 * Which fields of the workflow records the report reads. Those modules are written alongside this one,
 * so it relies only on a record's existence and its `status`, plus the few fields named here.
 */
export const RECORD_FIELDS_READ = [
  'transfer: status',
  'box_type, box, movement, appraisal, destruction_list: status（仅计数）',
  'location: kind（room 库房 / row 列 / shelf 层）',
  'loan: status, effect（利用效果）, effect.typical（典型事例）',
];

type AnyRecord = StoredRecord & Record<string, unknown>;

/** Counts a collection's records by `status`, calling `each` on every record. */
async function countRecords(
  deps: Pick<CoreDeps, 'records'>,
  name: string,
  each: (r: AnyRecord) => void = () => undefined,
): Promise<RecordCounts> {
  const out: RecordCounts = { total: 0, byStatus: {} };
  for await (const r of deps.records.collection<AnyRecord>(name).all()) {
    const status = typeof r.status === 'string' ? r.status : '';
    out.total++;
    out.byStatus[status] = (out.byStatus[status] ?? 0) + 1;
    each(r);
  }
  return out;
}

/** The last 年度 whose items had to be handed over by `now`: a year's items are due by 31 March next year. */
export function transferDueThrough(now: Date): number {
  return archiveMonth(now) >= 4 ? archiveYear(now) - 1 : archiveYear(now) - 2;
}

async function gatherFacts(deps: CoreDeps, fondsCode: string | undefined): Promise<InspectionFacts> {
  const now = deps.clock.now();
  const today = archiveDay(now);
  const f = fondsCode !== undefined ? { fondsCode } : {};
  const table = await deps.catalogue.current('retention-table', '');
  const classes = new Set((table?.body.classes ?? []).map((c) => c.code));
  const dueThrough = transferDueThrough(now);

  const [byStatus, unnumbered, byClass, dueTally, appraisalDue, out, groups] = await Promise.all([
    deps.items.tally(f, ['status']),
    deps.items.tally({ ...f, status: 'archived', numbered: false }, []),
    deps.items.tally(f, ['classCode']),
    deps.items.tally({ ...f, toYear: dueThrough }, ['status']),
    deps.items.tally({ ...f, status: 'archived', dueOnOrBefore: today }, []),
    deps.items.tally({ ...f, status: 'archived', out: true }, []),
    deps.items.tally({ ...f, status: 'archived' }, ['year', 'classCode', 'retention']),
  ]);
  const total = (rows: { items: number }[]) => rows.reduce((a, r) => a + r.items, 0);
  const ofStatus = (rows: typeof dueTally, statuses: readonly string[]) =>
    total(rows.filter((r) => statuses.includes(String(r.key.status))));

  const byRole: Record<string, number> = {};
  const sectionsWithClerk = new Set<string>();
  for (const a of await deps.accounts.list()) {
    if (a.disabled) continue;
    for (const role of a.roles) byRole[role] = (byRole[role] ?? 0) + 1;
    if (a.roles.includes('clerk') && a.section) sectionsWithClerk.add(a.section);
  }

  const fonds: InspectionFacts['catalogue']['fonds'] = [];
  const schemeScopes = await deps.catalogue.scopes('scheme');
  for (const code of await deps.catalogue.scopes('fonds')) {
    if (fondsCode !== undefined && code !== fondsCode) continue;
    const v = await deps.catalogue.current('fonds', code);
    if (v)
      fonds.push({
        code,
        name: v.body.name,
        schemes: schemeScopes.filter((s) => s.startsWith(`${code}/`)).length,
      });
  }

  const location = { rooms: 0, rows: 0, shelves: 0 };
  const locations = await countRecords(deps, 'location', (r) => {
    if (r.kind === 'room') location.rooms++;
    else if (r.kind === 'row') location.rows++;
    else if (r.kind === 'shelf') location.shelves++;
  });
  const loan = { withEffect: 0, typicalCases: 0 };
  const loans = await countRecords(deps, 'loan', (r) => {
    const effect = r.effect as { typical?: unknown } | null | undefined;
    if (r.status === 'closed' && effect && typeof effect === 'object') {
      loan.withEffect++;
      if (effect.typical) loan.typicalCases++;
    }
  });
  const records: InspectionFacts['records'] = {
    transfer: await countRecords(deps, 'transfer'),
    box_type: await countRecords(deps, 'box_type'),
    box: await countRecords(deps, 'box'),
    location: { ...locations, ...location },
    movement: await countRecords(deps, 'movement'),
    loan: { ...loans, ...loan },
    appraisal: await countRecords(deps, 'appraisal'),
    destruction_list: await countRecords(deps, 'destruction_list'),
  };

  return {
    asOf: now.toISOString(),
    accounts: { byRole, sectionsWithClerk: [...sectionsWithClerk].sort() },
    catalogue: {
      retentionTableVersion: table?.version ?? null,
      retentionRows: table?.body.rows.length ?? 0,
      retentionRowsVerified: table?.body.rows.filter((r) => r.verified).length ?? 0,
      fonds,
    },
    items: {
      byStatus: Object.fromEntries(
        byStatus.map((r) => [String(r.key.status), { items: r.items, pages: r.pages }]),
      ),
      archivedUnnumbered: total(unnumbered),
      unknownClass: total(byClass.filter((r) => !classes.has(String(r.key.classCode)))),
      transferDueThrough: dueThrough,
      lateNotTransferred: ofStatus(dueTally, NOT_TRANSFERRED),
      lateInTransfer: ofStatus(dueTally, ['in_transfer']),
      dueForTransfer: total(dueTally),
      dueForAppraisal: total(appraisalDue),
      out: total(out),
      catalogueGroups: groups.length,
      latestCatalogueYear: groups.length ? Math.max(...groups.map((g) => Number(g.key.year))) : null,
    },
    records,
  };
}

/**
 * The readiness report for the 达标验收 inspection, built from what the system holds. It covers the
 * whole archive (the inspection is of the agency, not of one section): section-scoped roles are refused.
 */
export async function readInspection(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: { fondsCode?: string },
  format: ReportFormat = 'json',
): Promise<InspectionReport> {
  await authorizeAudited(deps, actor, ctx, 'report.read', 'report.read', 'inspection');
  if (itemScope(actor) !== 'all') {
    await recordAudit(deps, actor, ctx, 'report.read', 'inspection', { scope: 'section' }, 'denied');
    throw forbidden(
      'report.whole_archive_only',
      'The inspection readiness report covers the whole archive; a section sees its own statistics tables.',
    );
  }
  const facts = await gatherFacts(deps, q.fondsCode);
  const lines = evaluateInspection(facts, q.fondsCode ?? null);
  const now = deps.clock.now();
  const report: InspectionReport = {
    title: INSPECTION_TITLE,
    fondsCode: q.fondsCode ?? null,
    asOf: facts.asOf,
    asOfLocal: archiveMinute(new Date(facts.asOf)),
    preparedBy: await preparer(deps, actor),
    preparedOn: archiveDay(now),
    lines,
    summary: summarise(lines),
    notes: [
      '依据：渝人社发〔2013〕136号达标验收内容和标准（满分100分）各子项；状态只反映系统中能查到的依据，评分由验收组确定。',
      '“系统未掌握”：该项依据是纸质文件、库房设施或设备，本系统不保存，请另备材料。',
      `件的数字按${q.fondsCode ? `全宗 ${q.fondsCode}` : '全部全宗'}统计；移交、盒、位置、借阅、鉴定、销毁登记按全部全宗统计。`,
      `逾期未移交：${facts.items.transferDueThrough} 年度及以前、至今未移交（已登记、预立卷、退回补正）的件；每年度的件应在次年一季度末前移交。`,
      `读取的登记字段：${RECORD_FIELDS_READ.join('；')}。`,
    ],
  };
  await recordAudit(deps, actor, ctx, 'report.read', 'inspection', {
    fondsCode: q.fondsCode ?? null,
    format,
  });
  return report;
}
