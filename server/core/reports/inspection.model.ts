import { archiveDay } from '../shared/calendar';

/**
 * The 达标验收 readiness report: for each item of the compliance checklist (渝人社发〔2013〕136号, scored out
 * of 100; the sub-items of source 001 lines 263-359, see source-requirements.md §7.1), what this system can
 * show from what it holds, and whether that evidence looks met. Pure: the use case gathers the facts.
 *
 * Status: `met` (the system's evidence satisfies what it can show), `partly` (some of it, or the rest is
 * kept outside the system), `not_met` (the system's own figures show a gap), `not_held` (the evidence is
 * paper, premises or equipment the system does not hold: say so, never guess).
 */
export const INSPECTION_STATUSES = ['met', 'partly', 'not_met', 'not_held'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, string> = {
  met: '达标',
  partly: '部分达标',
  not_met: '未达标',
  not_held: '系统未掌握',
};

/** Counts of workflow records by their status (read defensively: only `id` and `status`). */
export interface RecordCounts {
  total: number;
  byStatus: Record<string, number>;
}

/** What the use case found in the system (every figure within the asked fonds). */
export interface InspectionFacts {
  asOf: string;
  /** Active accounts per role; business sections with at least one clerk (兼职档案员). */
  accounts: { byRole: Record<string, number>; sectionsWithClerk: string[] };
  catalogue: {
    retentionTableVersion: number | null;
    retentionRows: number;
    retentionRowsVerified: number;
    fonds: { code: string; name: string; schemes: number }[];
  };
  items: {
    byStatus: Record<string, { items: number; pages: number }>;
    /** Archived items without a 档号. */
    archivedUnnumbered: number;
    /** Items whose 类别 is not a class of the current table. */
    unknownClass: number;
    /** 年度 whose items had to be handed over by now (end of Q1 of the next year), or null if none yet. */
    transferDueThrough: number | null;
    /** Of those years: items not yet handed over (filed, pre-archived, returned), in transfer, and all. */
    lateNotTransferred: number;
    lateInTransfer: number;
    dueForTransfer: number;
    /** Archived items whose retention has run out (到期, appraisal pending; holds included). */
    dueForAppraisal: number;
    out: number;
    /** Archival groups (年度—类别—保管期限) with archived items: one 归档文件目录 each. */
    catalogueGroups: number;
    /** The latest 年度 with archived items (its 归档文件目录 is the one linked), or null if none. */
    latestCatalogueYear: number | null;
  };
  records: {
    transfer: RecordCounts;
    box_type: RecordCounts;
    box: RecordCounts;
    location: RecordCounts & { rooms: number; rows: number; shelves: number };
    movement: RecordCounts;
    loan: RecordCounts & { withEffect: number; typicalCases: number };
    appraisal: RecordCounts;
    destruction_list: RecordCounts;
  };
}

export interface InspectionLine {
  /** 一、组织管理 … */
  section: string;
  /** 管理办法, 档案人员 … */
  item: string;
  points: number;
  /** Where the sources describe it. */
  source: string;
  /** What the inspectors look at (abridged from the source). */
  checks: string;
  status: InspectionStatus;
  statusLabel: string;
  /** What the system shows, in one or two sentences. */
  finding: string;
  evidence: { label: string; value: number | string }[];
  /** Endpoints that show the evidence, with the query they need (a period, a year, a fonds). */
  links: { label: string; href: string }[];
}

export interface InspectionSummary {
  status: InspectionStatus;
  label: string;
  items: number;
  points: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const count = (r: RecordCounts, ...statuses: string[]) => sum(statuses.map((s) => r.byStatus[s] ?? 0));
const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : '—');

/** The query string that limits a linked table to the report's fonds. */
const fondsQuery = (fondsCode: string | null) => (fondsCode ? `?fondsCode=${fondsCode}` : '');

/**
 * The period the linked registers cover: from 1 January of the first year whose transfers the 归档 line
 * judges (the year after `transferDueThrough`; this year if none) to the day of the report.
 */
function registerPeriod(f: InspectionFacts): { from: string; to: string; year: number } {
  const to = archiveDay(f.asOf);
  const year = f.items.transferDueThrough === null ? Number(to.slice(0, 4)) : f.items.transferDueThrough + 1;
  return { from: `${year}-01-01`, to, year };
}

/** Links to the statistics tables (the same filters as the report: the fonds). */
function statLinks(fondsCode: string | null): InspectionLine['links'] {
  const q = fondsQuery(fondsCode);
  return [
    { label: '业务档案统计表', href: `/api/reports/business${q}` },
    { label: '各类别业务档案统计表', href: `/api/reports/by-class${q}` },
    { label: '全局档案统计表', href: `/api/reports/holdings${q}` },
    { label: '历年档案统计表', href: `/api/reports/yearly${q}` },
  ];
}

type Draft = Omit<InspectionLine, 'statusLabel'>;

/** Evaluates every checklist item against the facts, in the order of the checklist. */
export function evaluateInspection(f: InspectionFacts, fondsCode: string | null): InspectionLine[] {
  const s = f.items.byStatus;
  const n = (status: string) => s[status]?.items ?? 0;
  const archived = n('archived');
  const archivedPages = s.archived?.pages ?? 0;
  const destroyed = n('destroyed');
  const returned = n('returned');
  const allItems = sum(Object.values(s).map((x) => x.items));
  const role = (r: string) => f.accounts.byRole[r] ?? 0;
  const r = f.records;
  const fondsQ = fondsQuery(fondsCode);
  const period = registerPeriod(f);
  const range = `from=${period.from}&to=${period.to}`;
  // One 归档文件目录 per fonds in the report (a catalogue is of one fonds and year).
  const catalogueLinks =
    f.items.latestCatalogueYear === null
      ? []
      : f.catalogue.fonds.map((x) => ({
          label: `归档文件目录（${x.code}，${f.items.latestCatalogueYear}年度）`,
          href: `/api/archival-catalogue?fondsCode=${x.code}&year=${f.items.latestCatalogueYear}`,
        }));

  const lines: Draft[] = [
    {
      section: '一、组织管理',
      item: '管理办法',
      points: 5,
      source: '[001:265-270]',
      checks: '本单位业务档案管理办法；分管领导和工作部门；纳入议事日程、年度计划和发展规划。',
      status: 'not_held',
      finding: '管理办法、领导小组文件、工作计划和会议记录是纸质文件，本系统不保存。',
      evidence: [],
      links: [],
    },
    {
      section: '一、组织管理',
      item: '档案人员',
      points: 8,
      source: '[001:271-277]',
      checks: '专兼职档案人员配备（各科室一名兼职档案员）、学历、队伍稳定、学习培训。',
      status: role('archivist') > 0 && f.accounts.sectionsWithClerk.length > 0 ? 'partly' : 'not_met',
      finding:
        role('archivist') > 0
          ? `系统有专职档案管理员账号 ${role('archivist')} 个，${f.accounts.sectionsWithClerk.length} 个业务科室有经办/兼职档案员账号；花名册、学历和培训记录不在系统中。`
          : '系统中没有启用的专职档案管理员账号；花名册、学历和培训记录不在系统中。',
      evidence: [
        { label: '专职档案管理员账号', value: role('archivist') },
        { label: '业务经办人员（兼职档案员）账号', value: role('clerk') },
        { label: '有兼职档案员的科室', value: f.accounts.sectionsWithClerk.join('、') || '无' },
        { label: '科室负责人账号', value: role('section_head') },
      ],
      links: [],
    },
    {
      section: '一、组织管理',
      item: '管理措施',
      points: 7,
      source: '[001:278-284]',
      checks: '岗位职责、工作流程上墙、经办流程含归档、奖惩考核、对街道乡镇的监督指导。',
      status: 'partly',
      finding:
        '岗位职责以角色权限执行（三员分立，审批与经办分离），移交、验收、借阅、鉴定、销毁按流程办理并记入审计日志；职责文件、奖惩考核和监督指导记录不在系统中。',
      evidence: [
        { label: '审批人账号', value: role('approver') },
        { label: '鉴定小组成员账号', value: role('appraiser') },
        { label: '监销人账号', value: role('supervisor') },
      ],
      links: [],
    },
    {
      section: '二、设施建设',
      item: '档案用房',
      points: 10,
      source: '[001:286-292]',
      checks: '专用库房及面积、库房安全设施、卫生、办公室/查阅室/库房三分开。',
      status: 'not_held',
      finding: `库房面积、安全设施和区域划分不在系统中（系统登记了库房 ${r.location.rooms} 间，仅作存放位置）。`,
      evidence: [{ label: '登记的库房', value: r.location.rooms }],
      links: [{ label: '存放位置', href: '/api/locations' }],
    },
    {
      section: '二、设施建设',
      item: '档案用具',
      points: 5,
      source: '[001:293-297]',
      checks: '密集架（含备用柜架）、档案盒规格和盒面项目（全宗号、年度、类别、保管期限、起止件号、盒号）。',
      status:
        r.box_type.total > 0 && r.box.total > 0 && r.location.rows > 0
          ? 'met'
          : r.box_type.total > 0 || r.box.total > 0 || r.location.rows > 0
            ? 'partly'
            : 'not_met',
      finding: `登记盒型 ${r.box_type.total} 种、档案盒 ${r.box.total} 个、密集架 ${r.location.rows} 列（${r.location.shelves} 层）；盒脊和封面按规定项目打印。`,
      evidence: [
        { label: '盒型', value: r.box_type.total },
        { label: '档案盒', value: r.box.total },
        { label: '密集架（列）', value: r.location.rows },
        { label: '架层', value: r.location.shelves },
      ],
      links: [
        { label: '档案盒', href: '/api/boxes' },
        { label: '存放位置', href: '/api/locations' },
      ],
    },
    {
      section: '二、设施建设',
      item: '设施设备',
      points: 10,
      source: '[001:298-302]',
      checks: '“九防”设施、办公设备、档案管理软件。',
      status: 'partly',
      finding: '档案管理软件即本系统（目录、检索、统计、借阅、鉴定销毁）；“九防”设施和办公设备不在系统中。',
      evidence: [{ label: '系统管理的件', value: allItems }],
      links: [],
    },
    {
      section: '三、专业建设',
      item: '相关制度',
      points: 5,
      source: '[001:304-306]',
      checks:
        '归档、保管、保密、统计、鉴定销毁、交接、查阅利用、库房安全等制度；分类方案、归档范围与保管期限。',
      status:
        f.catalogue.retentionTableVersion !== null && f.catalogue.fonds.length > 0 ? 'partly' : 'not_met',
      finding:
        f.catalogue.retentionTableVersion !== null
          ? `系统保存了归档范围与保管期限表（第 ${f.catalogue.retentionTableVersion} 版，${f.catalogue.retentionRows} 条，已核实 ${f.catalogue.retentionRowsVerified} 条）和各全宗的分类方案；各项制度文本不在系统中。`
          : '系统中没有归档范围与保管期限表；各项制度文本不在系统中。',
      evidence: [
        { label: '保管期限表版本', value: f.catalogue.retentionTableVersion ?? '无' },
        {
          label: '保管期限表条目（已核实）',
          value: `${f.catalogue.retentionRows}（${f.catalogue.retentionRowsVerified}）`,
        },
        {
          label: '全宗及分类方案',
          value: f.catalogue.fonds.map((x) => `${x.code}（${x.schemes}）`).join('、') || '无',
        },
      ],
      links: [
        { label: '保管期限表', href: '/api/catalogue/retention-table' },
        { label: '全宗', href: '/api/fonds' },
      ],
    },
    {
      section: '三、专业建设',
      item: '归档',
      points: 7,
      source: '[001:307-311]',
      checks: '当年业务档案次年一季度前完成归档移交；档案目录及电子数据清单造册移交。',
      // Met: nothing late; partly: at most a tenth of what was due is late; not met: more.
      status:
        f.items.lateNotTransferred === 0
          ? 'met'
          : f.items.lateNotTransferred <= f.items.dueForTransfer * 0.1
            ? 'partly'
            : 'not_met',
      finding:
        f.items.transferDueThrough === null
          ? '尚无已过移交期限的年度。'
          : f.items.lateNotTransferred === 0
            ? `${f.items.transferDueThrough} 年度及以前的件均已移交（逾期未移交 0 件）。`
            : `${f.items.transferDueThrough} 年度及以前的件中有 ${f.items.lateNotTransferred} 件逾期未移交（次年一季度末为期限），占 ${pct(f.items.lateNotTransferred, f.items.dueForTransfer)}。`,
      evidence: [
        { label: '应已移交的年度（截至）', value: f.items.transferDueThrough ?? '无' },
        { label: '应已移交的件', value: f.items.dueForTransfer },
        { label: '逾期未移交件数', value: f.items.lateNotTransferred },
        { label: '已移交待验收件数', value: f.items.lateInTransfer },
        {
          label: '归档率',
          value: pct(
            f.items.dueForTransfer - f.items.lateNotTransferred - f.items.lateInTransfer,
            f.items.dueForTransfer,
          ),
        },
        { label: '移交单（已接收/部分接收）', value: count(r.transfer, 'accepted', 'partially_accepted') },
        { label: '移交单（待验收）', value: count(r.transfer, 'submitted', 'checked') },
      ],
      links: [
        { label: '移交', href: '/api/transfers' },
        { label: '逾期未移交', href: '/api/transfers/late' },
        { label: '档案接收登记表', href: `/api/transfers/register?${range}` },
        { label: '历年档案统计表', href: `/api/reports/yearly${fondsQ}` },
      ],
    },
    {
      section: '三、专业建设',
      item: '收集',
      points: 6,
      source: '[001:312-315]',
      checks: '业务档案资料随时收集、齐全完整、定期移交；电子文件（数据光盘）归档。',
      status: allItems === 0 ? 'not_met' : returned === 0 ? 'met' : 'partly',
      finding:
        allItems === 0
          ? '系统中还没有登记的件。'
          : `验收时按业务环节核对件内材料是否齐全；现有退回补正未重新移交的件 ${returned} 件；馆藏件共有扫描页 ${archivedPages} 页。`,
      evidence: [
        { label: '登记的件', value: allItems },
        { label: '退回补正的件', value: returned },
        { label: '馆藏件的扫描页数', value: archivedPages },
      ],
      links: [{ label: '移交', href: '/api/transfers' }],
    },
    {
      section: '三、专业建设',
      item: '整理',
      points: 10,
      source: '[001:316-320]',
      checks: '按件整理、保管期限划分准确、分类准确（年度—类别—保管期限—险种）、装盒规范、无零散存放。',
      status:
        archived === 0
          ? 'not_met'
          : f.items.archivedUnnumbered === 0 && f.items.unknownClass === 0 && r.box.total > 0
            ? 'met'
            : 'partly',
      finding:
        archived === 0
          ? '系统中还没有已归档的件。'
          : `已归档 ${archived} 件，其中未编档号 ${f.items.archivedUnnumbered} 件；类别不在现行分类中的件 ${f.items.unknownClass} 件；档案盒 ${r.box.total} 个。`,
      evidence: [
        { label: '已归档件数', value: archived },
        { label: '未编档号的已归档件', value: f.items.archivedUnnumbered },
        { label: '类别不在现行分类中的件', value: f.items.unknownClass },
        { label: '档案盒', value: r.box.total },
      ],
      links: [
        { label: '各类别业务档案统计表', href: `/api/reports/by-class${fondsQ}` },
        { label: '档案盒', href: '/api/boxes' },
      ],
    },
    {
      section: '三、专业建设',
      item: '保管',
      points: 5,
      source: '[001:321-327]',
      checks: '全宗卷和统计台账；存放示意图；库房温湿度记录；定期检查；修复。',
      status: f.catalogue.fonds.length > 0 && r.location.rooms > 0 ? 'partly' : 'not_met',
      finding: `系统登记了全宗 ${f.catalogue.fonds.length} 个和库房 ${r.location.rooms} 间（存放位置可查），出入库登记 ${r.movement.total} 条；库房温湿度记录、定期检查和修复记录不在系统中。`,
      evidence: [
        { label: '全宗', value: f.catalogue.fonds.map((x) => x.code).join('、') || '无' },
        { label: '库房', value: r.location.rooms },
        { label: '出入库登记', value: r.movement.total },
        { label: '库房温湿度记录', value: '系统未掌握' },
      ],
      links: [
        { label: '存放位置（含存放示意图）', href: '/api/locations' },
        { label: '业务档案出入库情况登记表', href: `/api/movements/register?kind=in_out&${range}` },
        { label: '全局档案统计表', href: `/api/reports/holdings${fondsQ}` },
      ],
    },
    {
      section: '三、专业建设',
      item: '鉴定销毁统计',
      points: 4,
      source: '[001:328-333]',
      checks: '鉴定机构；到期档案鉴定、销毁清册；进出登记和统计台账准确；各统计表。',
      status: f.items.dueForAppraisal === 0 || r.appraisal.total > 0 ? 'met' : 'partly',
      finding: `统计表由系统按现有数据生成；到期待鉴定的件 ${f.items.dueForAppraisal} 件；鉴定 ${r.appraisal.total} 次，销毁清册 ${r.destruction_list.total} 份（已执行 ${count(r.destruction_list, 'executed')} 份），已销毁 ${destroyed} 件。`,
      evidence: [
        { label: '到期待鉴定的件', value: f.items.dueForAppraisal },
        {
          label: '鉴定（进行中/已完成）',
          value: `${count(r.appraisal, 'open')}/${count(r.appraisal, 'closed')}`,
        },
        { label: '销毁清册', value: r.destruction_list.total },
        { label: '已执行的销毁清册', value: count(r.destruction_list, 'executed') },
        { label: '已销毁件数', value: destroyed },
        { label: '鉴定小组成员账号', value: role('appraiser') },
      ],
      links: [
        { label: '鉴定', href: '/api/appraisals' },
        { label: '销毁清册', href: '/api/destruction-lists' },
        { label: '档案接收登记表', href: `/api/transfers/register?${range}` },
        { label: '档案异动登记表', href: `/api/movements/register?kind=changes&${range}` },
        ...statLinks(fondsCode),
      ],
    },
    {
      section: '三、专业建设',
      item: '移交',
      points: 3,
      source: '[001:334-338]',
      checks: '向档案馆移交及手续；档案人员调动交接手续。',
      status: 'not_held',
      finding: '向档案馆移交和人员调动交接不在系统中办理（系统办理的是业务科室向档案室的移交，见“归档”）。',
      evidence: [],
      links: [],
    },
    {
      section: '四、利用服务',
      item: '检索工具',
      points: 8,
      source: '[001:340-346]',
      checks:
        '按门类、载体、保管期限编制并打印归档文件目录（件号、责任者、代码、题名、日期、页数、备注）；计算机管理；电子化。',
      status: archived === 0 ? 'not_met' : f.items.archivedUnnumbered === 0 ? 'met' : 'partly',
      finding:
        archived === 0
          ? '系统中还没有已归档的件，无目录可打印。'
          : `可按年度—类别—保管期限打印归档文件目录 ${f.items.catalogueGroups} 份；全部 ${allItems} 件均可在系统中检索；馆藏件有扫描页 ${archivedPages} 页。`,
      evidence: [
        { label: '可打印的归档文件目录（年度—类别—保管期限）', value: f.items.catalogueGroups },
        { label: '未编档号、不能进目录的已归档件', value: f.items.archivedUnnumbered },
        { label: '可检索的件', value: allItems },
        { label: '馆藏件的扫描页数', value: archivedPages },
      ],
      links: [
        ...catalogueLinks,
        { label: '目录检索', href: '/api/items' },
        { label: '业务档案统计表', href: `/api/reports/business${fondsQ}` },
      ],
    },
    {
      section: '四、利用服务',
      item: '利用',
      points: 5,
      source: '[001:347-352]',
      checks: '调档迅速准确；查阅利用审批、登记和利用效果记载；利用典型事例；网上查询利用。',
      status: r.loan.withEffect > 0 ? 'met' : r.loan.total > 0 ? 'partly' : 'not_met',
      finding:
        r.loan.total === 0
          ? '系统中还没有借阅、查阅登记。'
          : `借阅/查阅登记 ${r.loan.total} 件，已办结并记载利用效果 ${r.loan.withEffect} 件，典型事例 ${r.loan.typicalCases} 例；借出在外 ${f.items.out} 件。`,
      evidence: [
        { label: '借阅/查阅登记', value: r.loan.total },
        { label: '已办结并记载利用效果', value: r.loan.withEffect },
        { label: '利用典型事例', value: r.loan.typicalCases },
        { label: '借出中的申请', value: count(r.loan, 'checked_out') },
        { label: '借出/调出在外的件', value: f.items.out },
      ],
      links: [
        { label: '借阅', href: '/api/loans?view=all' },
        { label: '档案查阅登记表', href: `/api/loans/registers/consultation?${range}` },
        { label: `${period.year}年度利用典型事例`, href: `/api/loans/typical-cases?year=${period.year}` },
        { label: '借阅统计', href: `/api/loans/statistics?${range}` },
      ],
    },
    {
      section: '四、利用服务',
      item: '查询',
      points: 2,
      source: '[001:353-356]',
      checks: '参保信息查询系统和查询服务（金保工程）。',
      status: 'not_held',
      finding: '参保信息查询系统是业务系统（金保工程）的功能，不在本系统中。',
      evidence: [],
      links: [],
    },
  ];
  return lines.map((l) => ({ ...l, statusLabel: INSPECTION_STATUS_LABELS[l.status] }));
}

/** Items and points per status: how much of the 100 points the system's own evidence covers. */
export function summarise(lines: InspectionLine[]): InspectionSummary[] {
  return INSPECTION_STATUSES.map((status) => {
    const of = lines.filter((l) => l.status === status);
    return {
      status,
      label: INSPECTION_STATUS_LABELS[status],
      items: of.length,
      points: sum(of.map((l) => l.points)),
    };
  });
}
