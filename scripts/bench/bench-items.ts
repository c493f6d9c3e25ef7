/**
 * Synthetic items for the catalogue benchmark: a large fonds of 重庆市涪陵区社会保险局 drawn from the
 * business-step catalogue and the retention table, generated batch by batch (memory stays bounded) in
 * filing order, so `seq`, ids and dates all grow together as they do in a real archive.
 *
 * Deterministic for a seed. The mix follows scripts/demo/demo-fonds.ts (whose weights are not exported):
 * titles are 「person or unit + form title」, persons and units recur from fixed pools, most older items
 * are archived with a 档号 and 件号, the newest year is still being formed and pre-archived.
 */
import type { BusinessStep } from '../../server/core/catalogue/catalogue.schemas';
import { seedBusinessSteps, seedRetentionTable } from '../../server/core/catalogue/catalogue-seed';
import { retentionDueDate, type RetentionPeriod } from '../../server/core/catalogue/retention.policy';
import type { Item, ItemHold, ItemPage, ItemStatus } from '../../server/core/items/item.model';
import { newId, type ItemId } from '../../server/core/shared/ids';
import { AGENCY, DEMO_FONDS, sectionFor } from '../demo/demo-fonds';
import {
  LINK_SUBJECT,
  LINK_WEIGHT,
  REMARKS,
  STEP_BOOST,
  STEP_SUBJECT,
  formsOf,
  personFits,
  type Subject,
} from '../demo/step-vocabulary';
import {
  createRandom,
  syntheticPerson,
  syntheticUnit,
  type Random,
  type SyntheticPerson,
  type SyntheticUnit,
} from '../demo/synthetic';

export interface BenchItemsOptions {
  total: number;
  seed: number;
  fromYear: number;
  toYear: number;
  persons: number;
  units: number;
}

/** What the benchmark later queries for: values that really occur in the seeded items. */
export interface BenchSamples {
  persons: { name: string; residentId: string }[];
  units: { name: string; creditCode: string; socialInsuranceCode: string }[];
  /** Items per year, per (year, class), per status. */
  byYear: Map<number, number>;
  byYearClass: Map<string, number>;
  byStatus: Map<ItemStatus, number>;
}

const QUARTERS = ['一', '二', '三', '四'];
const TRADE = [...'鑫源华宏盛泰达恒丰利通顺金瑞祥兴隆鼎佳诚信汇博'];
const STREETS = ['敦仁', '崇义', '荔枝', '江北', '龙桥', '李渡', '白涛', '马鞍'];
const FULING = '500102';
const CLERKS = [
  '陈静',
  '刘洋',
  '王建国',
  '李秀英',
  '周明',
  '吴晓燕',
  '赵磊',
  '孙丽',
  '郑伟',
  '冉小芳',
  '谭军',
  '牟红梅',
];
const HEX = '0123456789abcdef';

function pick<T>(rng: Random, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}
const randInt = (rng: Random, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

/** Weighted choice by binary search over cumulative weights (the step table has ~80 entries). */
function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (rng: Random) => T {
  const values = entries.map(([v]) => v);
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, w] of entries) cumulative.push((sum += w));
  return (rng) => {
    const r = rng() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A weekday on or near day-of-year `doy` (0-based) of `year`: [month, day]. */
function dayOfYear(year: number, doy: number): [number, number] {
  const d = new Date(Date.UTC(year, 0, 1 + doy));
  const dow = d.getUTCDay();
  if (dow === 6 || dow === 0) {
    const shifted = new Date(d.getTime() + (dow === 6 ? -1 : 1) * 86_400_000);
    if (shifted.getUTCFullYear() === year) return [shifted.getUTCMonth() + 1, shifted.getUTCDate()];
  }
  return [d.getUTCMonth() + 1, d.getUTCDate()];
}

interface ArchivableStep {
  step: BusinessStep;
  retention: RetentionPeriod;
  retentionRowId: string;
  forms: { title: string; kind: string }[];
  subject: Subject;
  section: string;
}

/**
 * Generates `total` items in filing order, `next(n)` at a time. The year of each item follows its
 * position (later items are later years; the volume grows year on year, as in the demo fonds).
 */
export class BenchItemGenerator {
  readonly samples: BenchSamples = {
    persons: [],
    units: [],
    byYear: new Map(),
    byYearClass: new Map(),
    byStatus: new Map(),
  };
  private readonly rng: Random;
  private readonly pickStep: (rng: Random) => ArchivableStep;
  private readonly persons: SyntheticPerson[];
  private readonly units: SyntheticUnit[];
  private readonly institutions: { YB: string[]; GS: string[] };
  /** Cumulative share of the items that fall in each year up to and including it. */
  private readonly yearEnds: { year: number; end: number }[] = [];
  private readonly counters = new Map<string, number>();
  private readonly docNumbers = new Map<string, number>();
  private readonly sampleEvery: number;
  private produced = 0;

  constructor(private readonly options: BenchItemsOptions) {
    this.rng = createRandom(options.seed);
    const rng = this.rng;
    const table = seedRetentionTable();
    const rows = new Map(table.rows.map((r) => [r.id, r]));
    const archivable: ArchivableStep[] = [];
    for (const step of seedBusinessSteps().steps) {
      const row = rows.get(step.retentionRowId);
      if (!row || row.period === 'SHORT') continue;
      archivable.push({
        step,
        retention: row.period === 'ACCOUNTING' ? 'D30' : row.period,
        retentionRowId: row.id,
        forms: formsOf(step),
        subject: STEP_SUBJECT[step.code] ?? LINK_SUBJECT[step.linkCode] ?? 'year',
        section: sectionFor(step),
      });
    }
    const perLink = new Map<string, number>();
    for (const a of archivable) perLink.set(a.step.linkCode, (perLink.get(a.step.linkCode) ?? 0) + 1);
    this.pickStep = weightedPicker(
      archivable.map(
        (a) =>
          [
            a,
            ((LINK_WEIGHT[a.step.linkCode] ?? 1) / (perLink.get(a.step.linkCode) ?? 1)) *
              (STEP_BOOST[a.step.code] ?? 1),
          ] as const,
      ),
    );

    let weightSum = 0;
    const weights: [number, number][] = [];
    for (let y = options.fromYear, i = 0; y <= options.toYear; y++, i++) {
      weights.push([y, 0.6 + i * 0.08]);
      weightSum += 0.6 + i * 0.08;
    }
    let acc = 0;
    for (const [year, w] of weights) this.yearEnds.push({ year, end: (acc += w / weightSum) });

    this.persons = Array.from({ length: options.persons }, () => syntheticPerson(rng));
    const localUnit = (): SyntheticUnit => {
      for (let i = 0; i < 500; i++) {
        const u = syntheticUnit(rng);
        if (u.creditCode.slice(2, 8) === FULING) return u;
      }
      return syntheticUnit(rng);
    };
    this.units = Array.from({ length: options.units }, () =>
      rng() < 0.9 ? localUnit() : syntheticUnit(rng),
    );
    const trade = () => pick(rng, TRADE) + pick(rng, TRADE);
    this.institutions = {
      YB: [
        ...STREETS.map((s) => `重庆市涪陵区${s}街道社区卫生服务中心`),
        ...Array.from({ length: 12 }, () => `重庆${trade()}大药房连锁有限公司涪陵${pick(rng, STREETS)}店`),
        ...Array.from({ length: 4 }, () => `重庆市涪陵区${trade()}医院`),
        '重庆市涪陵中心医院',
        '重庆大学附属涪陵医院',
      ],
      GS: [
        `重庆市涪陵区${trade()}骨科医院`,
        `重庆市涪陵区${trade()}康复医院`,
        `重庆${trade()}假肢矫形器配置有限公司`,
      ],
    };
    // About 4,000 sampled persons and units, spread evenly over the whole fonds.
    this.sampleEvery = Math.max(1, Math.floor(options.total / 4000));
  }

  get done(): number {
    return this.produced;
  }

  private yearAt(fraction: number): { year: number; within: number } {
    let start = 0;
    for (const { year, end } of this.yearEnds) {
      if (fraction < end) return { year, within: (fraction - start) / (end - start) };
      start = end;
    }
    return { year: this.options.toYear, within: 0.999 };
  }

  private personFor(step: BusinessStep, year: number): SyntheticPerson {
    for (let i = 0; i < 40; i++) {
      const p = pick(this.rng, this.persons);
      if (personFits(step, year, p)) return p;
    }
    return pick(this.rng, this.persons);
  }

  private fakePages(count: number, year: number): ItemPage[] {
    const pages: ItemPage[] = [];
    for (let n = 1; n <= count; n++) {
      let sha256 = '';
      for (let i = 0; i < 64; i++) sha256 += HEX[Math.floor(this.rng() * 16)];
      const pdf = this.rng() < 0.15;
      pages.push({
        n,
        sha256,
        mediaType: pdf ? 'application/pdf' : 'image/jpeg',
        bytes: randInt(this.rng, 180_000, 2_400_000),
        originalName: `${year}-${String(randInt(this.rng, 1, 99999)).padStart(5, '0')}-${n}.${pdf ? 'pdf' : 'jpg'}`,
      });
    }
    return pages;
  }

  /** The next `n` items (fewer at the end). */
  next(n: number): Item[] {
    const out: Item[] = [];
    const { total, toYear } = this.options;
    const rng = this.rng;
    while (out.length < n && this.produced < total) {
      const index = this.produced++;
      const { year, within } = this.yearAt((index + 0.5) / total);
      const daysInYear = year % 4 === 0 ? 366 : 365;
      const doy = Math.min(
        daysInYear - 1,
        Math.max(0, Math.floor(within * daysInYear) + randInt(rng, -6, 6)),
      );
      const [month, day] = dayOfYear(year, doy);
      const { step, retention, retentionRowId, forms, subject, section } = this.pickStep(rng);
      const form = pick(rng, forms);
      const sectionName = `${AGENCY}${section}`;
      let responsible = form.kind === 'decision' || form.kind === 'notice' ? AGENCY : sectionName;
      let title: string;
      const persons: Item['persons'] = [];
      const units: Item['units'] = [];
      let date = `${year}${pad2(month)}${pad2(day)}`;
      switch (subject) {
        case 'person':
        case 'person+unit': {
          const p = this.personFor(step, year);
          persons.push({ name: p.name, residentId: p.residentId });
          if (subject === 'person+unit') {
            const u = pick(rng, this.units);
            units.push({
              name: u.name,
              creditCode: u.creditCode,
              socialInsuranceCode: u.socialInsuranceCode,
            });
            if (form.kind === 'application') responsible = u.name;
          }
          title = `${p.name}${form.title}`;
          break;
        }
        case 'unit': {
          const u = pick(rng, this.units);
          units.push({ name: u.name, creditCode: u.creditCode, socialInsuranceCode: u.socialInsuranceCode });
          if (form.kind === 'application' || form.kind === 'attachment') responsible = u.name;
          title = `${u.name}${form.title}`;
          break;
        }
        case 'institution': {
          const name = pick(rng, step.insuranceType === 'GS' ? this.institutions.GS : this.institutions.YB);
          units.push({ name });
          if (form.kind === 'application' || form.kind === 'attachment') responsible = name;
          title = `${name}${form.title}`;
          break;
        }
        case 'month': {
          // The ledger of the previous month, closed in this one.
          const m = month === 1 ? 12 : month - 1;
          title = `${AGENCY}${month === 1 ? year - 1 : year}年${m}月${form.title}`;
          date = `${year}${pad2(month)}${pad2(Math.min(day, daysInMonth(year, month)))}`;
          break;
        }
        case 'quarter': {
          const q = Math.floor((month - 1) / 3);
          title = form.title.includes('半年')
            ? `${AGENCY}${year}年${q < 2 ? '上' : '下'}半年${form.title}`
            : `${AGENCY}${year}年第${QUARTERS[q]}季度${form.title}`;
          break;
        }
        case 'year':
          title = `${AGENCY}${year}年度${form.title}`;
          break;
      }

      const docChance = form.kind === 'notice' ? 0.6 : form.kind === 'decision' ? 0.3 : 0;
      let docNumber = '';
      if (rng() < docChance) {
        const prefix = step.classCode === 'JH' ? '涪社保稽' : '涪社保';
        const key = `${prefix}${year}`;
        const k = (this.docNumbers.get(key) ?? 0) + 1;
        this.docNumbers.set(key, k);
        docNumber = `${prefix}〔${year}〕${k}号`;
      }

      const r = rng();
      let status: ItemStatus;
      if (year === toYear)
        status =
          r < 0.15
            ? 'archived'
            : r < 0.5
              ? 'pre_archived'
              : r < 0.53
                ? 'in_transfer'
                : r < 0.55
                  ? 'returned'
                  : 'filed';
      else if (year === toYear - 1)
        status = r < 0.9 ? 'archived' : r < 0.96 ? 'pre_archived' : r < 0.98 ? 'in_transfer' : 'returned';
      else status = r < 0.985 ? 'archived' : r < 0.99 ? 'pre_archived' : 'returned';

      let archivalCode: string | null = null;
      let itemNumber: number | null = null;
      if (status === 'archived') {
        const group = `${DEMO_FONDS.code}-${year}-${step.classCode}-${retention}`;
        itemNumber = (this.counters.get(group) ?? 0) + 1;
        this.counters.set(group, itemNumber);
        archivalCode = `${group}-${String(itemNumber).padStart(4, '0')}`;
      }

      const pageCount = rng() < (status === 'archived' ? 0.8 : 0.5) ? randInt(rng, 1, 4) : 0;
      const created = new Date(
        Date.UTC(year, month - 1, day, randInt(rng, 1, 9), randInt(rng, 0, 59), randInt(rng, 0, 59)),
      );
      const updated =
        status === 'filed' ? created : new Date(created.getTime() + randInt(rng, 20, 200) * 86_400_000);
      const holds: ItemHold[] =
        rng() < 0.004 && units[0]
          ? [
              {
                id: `hld_${index}`,
                reason: `稽核：${units[0].name}${year}年度社会保险费缴纳情况专项稽核，相关材料冻结备查`,
                authority: `${AGENCY}稽核科`,
                placedBy: 'archivist',
                placedAt: updated.toISOString(),
              },
            ]
          : [];
      const item: Item = {
        id: newId<'ItemId'>('itm', created) as ItemId,
        fondsCode: DEMO_FONDS.code,
        year,
        classCode: step.classCode,
        retention,
        insuranceType: step.insuranceType,
        businessStep: step.code,
        title,
        responsible,
        docNumber,
        date,
        remarks: rng() < 0.06 ? pick(rng, REMARKS) : '',
        section,
        status,
        archivalCode,
        itemNumber,
        persons,
        units,
        pages: this.fakePages(pageCount, year),
        holds,
        classifiedBy: {
          retentionTable: 1,
          businessSteps: 1,
          scheme: 'default',
          schemeVersion: 1,
          retentionRowId,
        },
        dueDate: retentionDueDate(year, retention),
        createdAt: created.toISOString(),
        createdBy: pick(rng, CLERKS),
        updatedAt: updated.toISOString(),
        revision: status === 'filed' ? 1 : status === 'archived' ? 4 : 2,
      };
      out.push(item);

      const s = this.samples;
      s.byYear.set(year, (s.byYear.get(year) ?? 0) + 1);
      s.byYearClass.set(
        `${year}/${step.classCode}`,
        (s.byYearClass.get(`${year}/${step.classCode}`) ?? 0) + 1,
      );
      s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
      if (index % this.sampleEvery === 0) {
        const p = persons[0];
        if (p?.residentId) s.persons.push({ name: p.name, residentId: p.residentId });
        const u = units[0];
        if (u?.creditCode && u.socialInsuranceCode)
          s.units.push({
            name: u.name,
            creditCode: u.creditCode,
            socialInsuranceCode: u.socialInsuranceCode,
          });
      }
    }
    return out;
  }
}
