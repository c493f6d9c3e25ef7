/**
 * The demo fonds, as plain data: which items a lived-in archive of 重庆市涪陵区社会保险局 holds, drawn from
 * the business-step catalogue and the retention table. Pure and deterministic for a seed: no I/O here
 * (scripts/demo.ts files the items through the core use cases).
 */
import type { z } from 'zod';
import {
  LINK_SUBJECT,
  LINK_WEIGHT,
  REMARKS,
  STEP_BOOST,
  STEP_SUBJECT,
  formsOf,
  personFits,
} from './step-vocabulary';
import type {
  BusinessStep,
  BusinessStepCatalogue,
  RetentionTable,
} from '../../server/core/catalogue/catalogue.schemas';
import type { RetentionPeriod } from '../../server/core/catalogue/retention.policy';
import type { Role } from '../../server/core/access/roles';
import type { itemInputSchema } from '../../server/core/items/item.schemas';
import {
  createRandom,
  syntheticPerson,
  syntheticUnit,
  type Random,
  type SyntheticPerson,
  type SyntheticUnit,
} from './synthetic';

export const DEMO_FONDS = { code: '160', name: '重庆市涪陵区社会保险局' } as const;
export const AGENCY = DEMO_FONDS.name;
const FULING = '500102';

export const SECTIONS = [
  '养老保险科',
  '医疗保险科',
  '失业保险科',
  '工伤保险科',
  '生育保险科',
  '征缴科',
  '稽核科',
  '财务科',
] as const;
export type Section = (typeof SECTIONS)[number];

/** What the runner hands to `itemInputSchema.parse`. */
export type DemoItemInput = z.input<typeof itemInputSchema> & {
  businessStep: string;
  section: Section;
  persons: DemoPerson[];
  units: DemoUnit[];
};
export interface DemoPerson {
  name: string;
  residentId: string;
}
export interface DemoUnit {
  name: string;
  creditCode?: string;
  socialInsuranceCode?: string;
}

export type DemoStatus = 'filed' | 'pre_archived' | 'archived';

export interface DemoItem {
  input: DemoItemInput;
  /** Implied by the business step; recorded here for summaries and tests. */
  classCode: string;
  insuranceType: string;
  status: DemoStatus;
  hold: { reason: string; authority: string } | null;
  /** Page images to attach (0-3), and a seed to draw them from. */
  pages: number;
  pageSeed: number;
}

export interface DemoCatalogue {
  steps: BusinessStepCatalogue;
  retentionTable: RetentionTable;
}

export interface DemoFondsOptions {
  items: number;
  seed?: number;
  fromYear?: number;
  toYear?: number;
  /** YYYYMMDD: no item is dated after this day. */
  today?: string;
}

export const DEFAULT_SEED = 20130517;

const SECTION_OF_TYPE: Record<string, Section> = {
  YL: '养老保险科',
  YB: '医疗保险科',
  SY: '失业保险科',
  GS: '工伤保险科',
  SHY: '生育保险科',
};

/** ZH (多险种) steps belong to 征缴科, 稽核科 or 财务科 by their business link. */
const SECTION_OF_ZH_LINK: Record<string, Section> = {
  DJ: '征缴科',
  GX: '征缴科',
  CW: '财务科',
  TJHJ: '财务科',
  JHHJ: '稽核科',
  FC: '稽核科',
  NS: '稽核科',
  ZX: '稽核科',
  DA: '稽核科',
};

export function sectionFor(step: Pick<BusinessStep, 'insuranceType' | 'linkCode'>): Section {
  return SECTION_OF_TYPE[step.insuranceType] ?? SECTION_OF_ZH_LINK[step.linkCode] ?? '征缴科';
}

const QUARTERS = ['一', '二', '三', '四'];
const TRADE = [...'鑫源华宏盛泰达恒丰利通顺金瑞祥兴隆鼎佳诚信汇博'];
const STREETS = ['敦仁', '崇义', '荔枝', '江北', '龙桥', '李渡', '白涛', '马鞍'];

function pick<T>(rng: Random, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function randInt(rng: Random, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pickWeighted<T>(rng: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, weight] of entries) {
    r -= weight;
    if (r < 0) return value;
  }
  const last = entries[entries.length - 1];
  if (!last) throw new RangeError('pick from an empty list');
  return last[0];
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const ymd = (y: number, m: number, d: number) =>
  `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;

/** Moves a weekend day to the nearest weekday of the same month. */
function weekday(year: number, month: number, day: number): number {
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (dow === 6) return day > 1 ? day - 1 : day + 2;
  if (dow === 0) return day < daysInMonth(year, month) ? day + 1 : day - 2;
  return day;
}

/** A valid date in `year` (month given or drawn), on a weekday, never after `today`. */
function dateIn(
  rng: Random,
  year: number,
  today: string | undefined,
  month?: number,
  dayRange: [number, number] = [1, 31],
): string {
  const todayYear = today ? Number(today.slice(0, 4)) : Infinity;
  const maxMonth = year === todayYear && today ? Number(today.slice(4, 6)) : 12;
  const m = Math.min(month ?? randInt(rng, 1, maxMonth), maxMonth);
  const dim = daysInMonth(year, m);
  const d = weekday(year, m, randInt(rng, Math.min(dayRange[0], dim), Math.min(dayRange[1], dim)));
  const date = ymd(year, m, d);
  return today && date > today ? today : date;
}

/** Steps whose items are archived (not SHORT), with the retention to give explicitly (ACCOUNTING → D30). */
export function archivableSteps(
  catalogue: DemoCatalogue,
): { step: BusinessStep; retention: RetentionPeriod | undefined }[] {
  const rows = new Map(catalogue.retentionTable.rows.map((r) => [r.id, r]));
  const out: { step: BusinessStep; retention: RetentionPeriod | undefined }[] = [];
  for (const step of catalogue.steps.steps) {
    const row = rows.get(step.retentionRowId);
    if (!row || row.period === 'SHORT') continue;
    out.push({ step, retention: row.period === 'ACCOUNTING' ? 'D30' : undefined });
  }
  return out;
}

interface Draft {
  item: DemoItem;
  docPrefix: string | null;
  order: number;
}

/**
 * Generates the demo fonds: `items` items over `fromYear`-`toYear`, every class and insurance type of
 * the catalogue represented, sorted by date (the order to file and accession them in). Deterministic
 * for (catalogue, options).
 */
export function generateDemoFonds(catalogue: DemoCatalogue, options: DemoFondsOptions): DemoItem[] {
  const { items: count, seed = DEFAULT_SEED, fromYear = 2009, toYear = 2025, today } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('items must be a non-negative integer');
  if (fromYear > toYear) throw new RangeError('fromYear after toYear');
  const rng = createRandom(seed);
  const steps = archivableSteps(catalogue);
  if (steps.length === 0) throw new RangeError('the catalogue has no archivable business steps');

  // Steps weighted by volume; the first items cover every class and insurance type once.
  const perLink = new Map<string, number>();
  for (const { step } of steps) perLink.set(step.linkCode, (perLink.get(step.linkCode) ?? 0) + 1);
  const weighted = steps.map(
    (s) =>
      [
        s,
        ((LINK_WEIGHT[s.step.linkCode] ?? 1) / (perLink.get(s.step.linkCode) ?? 1)) *
          (STEP_BOOST[s.step.code] ?? 1),
      ] as const,
  );
  const coverage: (typeof steps)[number][] = [];
  const covered = (pred: (s: BusinessStep) => boolean) => coverage.some((c) => pred(c.step));
  for (const cls of catalogue.retentionTable.classes) {
    const candidates = steps.filter((s) => s.step.classCode === cls.code);
    if (candidates.length > 0 && !covered((s) => s.classCode === cls.code))
      coverage.push(pick(rng, candidates));
  }
  for (const type of catalogue.steps.insuranceTypes) {
    const candidates = steps.filter((s) => s.step.insuranceType === type.code);
    if (candidates.length > 0 && !covered((s) => s.insuranceType === type.code))
      coverage.push(pick(rng, candidates));
  }

  const years = Array.from(
    { length: toYear - fromYear + 1 },
    (_, i) => [fromYear + i, 0.6 + i * 0.08] as const,
  );
  const persons: SyntheticPerson[] = Array.from({ length: Math.max(200, Math.round(count * 0.6)) }, () =>
    syntheticPerson(rng),
  );
  // Units register where they are: nine in ten are from 涪陵区 (GB/T 2260 500102, inside the USCC).
  const localUnit = (): SyntheticUnit => {
    for (let i = 0; i < 500; i++) {
      const u = syntheticUnit(rng);
      if (u.creditCode.slice(2, 8) === FULING) return u;
    }
    return syntheticUnit(rng);
  };
  const units: SyntheticUnit[] = Array.from({ length: Math.max(30, Math.round(count / 20)) }, () =>
    rng() < 0.9 ? localUnit() : syntheticUnit(rng),
  );
  const institutions = {
    YB: [
      ...STREETS.slice(0, 5).map((s) => `重庆市涪陵区${s}街道社区卫生服务中心`),
      ...Array.from(
        { length: 4 },
        () => `重庆${pick(rng, TRADE)}${pick(rng, TRADE)}大药房连锁有限公司涪陵${pick(rng, STREETS)}店`,
      ),
      `重庆市涪陵区${pick(rng, TRADE)}${pick(rng, TRADE)}医院`,
    ],
    GS: [
      `重庆市涪陵区${pick(rng, TRADE)}${pick(rng, TRADE)}骨科医院`,
      `重庆市涪陵区${pick(rng, TRADE)}${pick(rng, TRADE)}康复医院`,
      `重庆${pick(rng, TRADE)}${pick(rng, TRADE)}假肢矫形器配置有限公司`,
    ],
  };

  const personFor = (step: BusinessStep, year: number): SyntheticPerson => {
    for (let i = 0; i < 40; i++) {
      const p = pick(rng, persons);
      if (personFits(step, year, p)) return p;
    }
    for (let i = 0; i < 1000; i++) {
      const p = syntheticPerson(rng);
      if (personFits(step, year, p)) {
        persons.push(p);
        return p;
      }
    }
    return pick(rng, persons);
  };
  const asUnit = (u: SyntheticUnit): DemoUnit => ({
    name: u.name,
    creditCode: u.creditCode,
    socialInsuranceCode: u.socialInsuranceCode,
  });

  const drafts: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const { step, retention } = coverage[i] ?? pickWeighted(rng, weighted);
    const year = pickWeighted(rng, years);
    const section = sectionFor(step);
    const subject = STEP_SUBJECT[step.code] ?? LINK_SUBJECT[step.linkCode] ?? 'year';
    const form = pick(rng, formsOf(step));
    const sectionName = `${AGENCY}${section}`;

    let title: string;
    let date: string;
    let responsible: string = form.kind === 'decision' || form.kind === 'notice' ? AGENCY : sectionName;
    const itemPersons: DemoPerson[] = [];
    const itemUnits: DemoUnit[] = [];
    switch (subject) {
      case 'person':
      case 'person+unit': {
        const p = personFor(step, year);
        itemPersons.push({ name: p.name, residentId: p.residentId });
        if (subject === 'person+unit') {
          const u = pick(rng, units);
          itemUnits.push(asUnit(u));
          if (form.kind === 'application') responsible = u.name;
        }
        title = `${p.name}${form.title}`;
        date = dateIn(rng, year, today);
        break;
      }
      case 'unit': {
        const u = pick(rng, units);
        itemUnits.push(asUnit(u));
        title = `${u.name}${form.title}`;
        if (form.kind === 'application' || form.kind === 'attachment') responsible = u.name;
        date = dateIn(rng, year, today);
        break;
      }
      case 'institution': {
        const name = pick(rng, step.insuranceType === 'GS' ? institutions.GS : institutions.YB);
        itemUnits.push({ name });
        title = `${name}${form.title}`;
        if (form.kind === 'application' || form.kind === 'attachment') responsible = name;
        date = dateIn(rng, year, today);
        break;
      }
      case 'month': {
        const month = randInt(rng, 1, 12);
        title = `${AGENCY}${year}年${month}月${form.title}`;
        date = dateIn(rng, year, today, month, [20, 31]);
        break;
      }
      case 'quarter': {
        const q = randInt(rng, 0, 3);
        title = form.title.includes('半年')
          ? `${AGENCY}${year}年${q < 2 ? '上' : '下'}半年${form.title}`
          : `${AGENCY}${year}年第${QUARTERS[q]}季度${form.title}`;
        date = dateIn(rng, year, today, q * 3 + 3, [15, 31]);
        break;
      }
      case 'year':
        title = `${AGENCY}${year}年度${form.title}`;
        date = dateIn(rng, year, today);
        break;
    }

    const docChance = form.kind === 'notice' ? 0.6 : form.kind === 'decision' ? 0.3 : 0;
    const docPrefix = rng() < docChance ? (step.classCode === 'JH' ? '涪社保稽' : '涪社保') : null;
    const recent = year === toYear;
    const r = rng();
    const status: DemoStatus = recent
      ? r < 0.15
        ? 'archived'
        : r < 0.55
          ? 'pre_archived'
          : 'filed'
      : r < 0.96
        ? 'archived'
        : r < 0.98
          ? 'pre_archived'
          : 'filed';
    const pages =
      rng() < 0.1
        ? pickWeighted(rng, [
            [1, 5],
            [2, 3],
            [3, 2],
          ] as const)
        : 0;
    const remarks = rng() < 0.06 ? pick(rng, REMARKS) : '';

    const input: DemoItemInput = {
      fondsCode: DEMO_FONDS.code,
      year,
      businessStep: step.code,
      ...(retention ? { retention } : {}),
      title,
      responsible,
      docNumber: '',
      date,
      remarks,
      section,
      persons: itemPersons,
      units: itemUnits,
    };
    drafts.push({
      item: {
        input,
        classCode: step.classCode,
        insuranceType: step.insuranceType,
        status,
        hold: null,
        pages,
        pageSeed: Math.floor(rng() * 2 ** 31),
      },
      docPrefix,
      order: i,
    });
  }

  drafts.sort((a, b) =>
    a.item.input.date < b.item.input.date
      ? -1
      : a.item.input.date > b.item.input.date
        ? 1
        : a.order - b.order,
  );

  // 文号 numbered through the year in date order, per prefix.
  const next = new Map<string, number>();
  for (const d of drafts) {
    if (!d.docPrefix) continue;
    const key = `${d.docPrefix}${d.item.input.year}`;
    const n = (next.get(key) ?? randInt(rng, 1, 6)) + randInt(rng, 1, 4);
    next.set(key, n);
    d.item.input.docNumber = `${d.docPrefix}〔${d.item.input.year}〕${n}号`;
  }

  // A handful of holds (冻结): audits, complaints, court requests.
  const holdCount = count === 0 ? 0 : Math.min(count, Math.max(3, Math.round(count / 250)));
  const courtYear = today ? Number(today.slice(0, 4)) : toYear;
  const chosen = new Set<number>();
  for (let k = 0; k < holdCount; k++) {
    const kind = k % 3;
    const fits = (d: DemoItem) => (kind === 0 ? d.input.units.length > 0 : d.input.persons.length > 0);
    let candidates = drafts
      .map((_d, idx) => idx)
      .filter((idx) => !chosen.has(idx) && fits(drafts[idx]!.item));
    if (candidates.length === 0) candidates = drafts.map((_d, idx) => idx).filter((idx) => !chosen.has(idx));
    const idx = pick(rng, candidates);
    chosen.add(idx);
    const d = drafts[idx]!.item;
    const unit = d.input.units[0]?.name ?? '';
    d.hold =
      kind === 0
        ? {
            reason: `稽核：${unit}${d.input.year}年度社会保险费缴纳情况专项稽核，相关材料冻结备查`,
            authority: `${AGENCY}稽核科`,
          }
        : kind === 1
          ? {
              reason: '信访投诉：参保人反映待遇核定有误，调查处理期间冻结',
              authority: '重庆市涪陵区信访办公室',
            }
          : {
              reason: `法院调取：（${courtYear}）渝0102民初${randInt(rng, 100, 9999)}号劳动争议案件调取相关材料`,
              authority: '重庆市涪陵区人民法院',
            };
  }

  return drafts.map((d) => d.item);
}

/** Counts of a list by a key, sorted by key. */
export function tally<T>(items: readonly T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The demo accounts, one per role (passwords are set by the runner). */
export const DEMO_ACCOUNTS: readonly {
  username: string;
  displayName: string;
  roles: readonly Role[];
  section: Section | null;
  label: string;
}[] = [
  {
    username: 'archivist',
    displayName: '陈静',
    roles: ['archivist'],
    section: null,
    label: '专职档案管理员',
  },
  { username: 'clerk', displayName: '刘洋', roles: ['clerk'], section: '养老保险科', label: '业务经办人员' },
  {
    username: 'head',
    displayName: '王建国',
    roles: ['section_head'],
    section: '养老保险科',
    label: '科室负责人',
  },
  { username: 'approver', displayName: '张志强', roles: ['approver'], section: null, label: '分管领导' },
  {
    username: 'appraiser',
    displayName: '李秀英',
    roles: ['appraiser'],
    section: null,
    label: '鉴定小组成员',
  },
  { username: 'supervisor1', displayName: '周明', roles: ['supervisor'], section: null, label: '监销人' },
  { username: 'supervisor2', displayName: '吴晓燕', roles: ['supervisor'], section: null, label: '监销人' },
  { username: 'borrower', displayName: '赵磊', roles: ['borrower'], section: null, label: '借阅人' },
  {
    username: 'security',
    displayName: '孙丽',
    roles: ['security_officer'],
    section: null,
    label: '安全保密员',
  },
  { username: 'auditor', displayName: '郑伟', roles: ['auditor'], section: null, label: '安全审计员' },
];
