import { inflateSync } from 'node:zlib';
import { seedBusinessSteps, seedRetentionTable } from '../../server/core/catalogue/catalogue-seed';
import { parseResidentId, parseUnifiedCreditCode } from '../../server/core/identifiers';
import { itemInputSchema } from '../../server/core/items/item.schemas';
import {
  archivableSteps,
  generateDemoFonds,
  sectionFor,
  SECTIONS,
  type DemoCatalogue,
  type DemoItem,
} from './demo-fonds';
import { crc32, demoPagePng, PAGE_HEIGHT, PAGE_WIDTH } from './page-png';

const catalogue: DemoCatalogue = { steps: seedBusinessSteps(), retentionTable: seedRetentionTable() };
const items: DemoItem[] = generateDemoFonds(catalogue, { items: 3000 });

function isCalendarDate(d: string): boolean {
  const [y, m, day] = [Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, day));
  return (
    /^\d{8}$/.test(d) &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === day
  );
}

describe('generateDemoFonds', () => {
  it('makes the number of items asked for', () => {
    expect(items).toHaveLength(3000);
    expect(generateDemoFonds(catalogue, { items: 0 })).toEqual([]);
  });

  it('covers every class and insurance type of the catalogue', () => {
    const classes = new Set(items.map((i) => i.classCode));
    const types = new Set(items.map((i) => i.insuranceType));
    for (const c of catalogue.retentionTable.classes) expect(classes).toContain(c.code);
    for (const t of catalogue.steps.insuranceTypes) expect(types).toContain(t.code);
    // Even a small demo covers them.
    const small = generateDemoFonds(catalogue, { items: 20 });
    expect(new Set(small.map((i) => i.classCode)).size).toBe(catalogue.retentionTable.classes.length);
    expect(new Set(small.map((i) => i.insuranceType)).size).toBe(catalogue.steps.insuranceTypes.length);
  });

  it('dates every item on a valid calendar day inside its year, 2009-2025, sorted by date', () => {
    for (const { input } of items) {
      expect(isCalendarDate(input.date)).toBe(true);
      expect(input.date.slice(0, 4)).toBe(String(input.year));
      expect(input.year).toBeGreaterThanOrEqual(2009);
      expect(input.year).toBeLessThanOrEqual(2025);
    }
    const dates = items.map((i) => i.input.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(items.map((i) => i.input.year)).size).toBe(17);
  });

  it('never dates an item after today', () => {
    const early = generateDemoFonds(catalogue, { items: 500, today: '20250310' });
    expect(early.every((i) => i.input.date <= '20250310')).toBe(true);
  });

  it('gives every person a valid 公民身份号码 and every unit code a valid 统一社会信用代码', () => {
    let persons = 0;
    for (const { input } of items) {
      for (const p of input.persons) {
        persons++;
        expect(parseResidentId(p.residentId).ok).toBe(true);
      }
      for (const u of input.units)
        if (u.creditCode) expect(parseUnifiedCreditCode(u.creditCode).ok).toBe(true);
    }
    expect(persons).toBeGreaterThan(1000);
    const unitCodes = items
      .flatMap((i) => i.input.units.map((u) => u.creditCode))
      .filter((c): c is string => !!c);
    expect(unitCodes.filter((c) => c.slice(2, 8) === '500102').length / unitCodes.length).toBeGreaterThan(
      0.8,
    );
  });

  it('is deterministic for a seed, and differs between seeds', () => {
    expect(generateDemoFonds(catalogue, { items: 3000 })).toEqual(items);
    expect(generateDemoFonds(catalogue, { items: 300, seed: 7 })).toEqual(
      generateDemoFonds(catalogue, { items: 300, seed: 7 }),
    );
    expect(generateDemoFonds(catalogue, { items: 300, seed: 8 })).not.toEqual(
      generateDemoFonds(catalogue, { items: 300, seed: 7 }),
    );
  });

  it('yields inputs the item schema accepts, in a known section that matches the insurance type', () => {
    for (const { input, insuranceType } of items) {
      expect(() => itemInputSchema.parse(input)).not.toThrow();
      expect(SECTIONS).toContain(input.section);
      if (insuranceType === 'YL') expect(input.section).toBe('养老保险科');
      if (insuranceType === 'ZH') expect(['征缴科', '稽核科', '财务科']).toContain(input.section);
      expect(input.title.length).toBeGreaterThan(4);
      expect(input.title).not.toMatch(/x{3,}|undefined/i);
    }
  });

  it('skips short-term steps and gives accounting steps D30', () => {
    const rows = new Map(catalogue.retentionTable.rows.map((r) => [r.id, r]));
    const steps = new Map(catalogue.steps.steps.map((s) => [s.code, s]));
    for (const { input } of items) {
      const row = rows.get(steps.get(input.businessStep)!.retentionRowId)!;
      expect(row.period).not.toBe('SHORT');
      if (row.period === 'ACCOUNTING') expect(input.retention).toBe('D30');
      else expect(input.retention).toBeUndefined();
    }
    expect(archivableSteps(catalogue).some((s) => s.retention === 'D30')).toBe(true);
    expect(sectionFor({ insuranceType: 'ZH', linkCode: 'CW' })).toBe('财务科');
  });

  it('mixes statuses: older years mostly archived, the last year mostly not', () => {
    const old = items.filter((i) => i.input.year < 2025);
    const last = items.filter((i) => i.input.year === 2025);
    expect(old.filter((i) => i.status === 'archived').length / old.length).toBeGreaterThan(0.9);
    expect(last.filter((i) => i.status !== 'archived').length / last.length).toBeGreaterThan(0.7);
    expect(new Set(last.map((i) => i.status))).toEqual(new Set(['filed', 'pre_archived', 'archived']));
  });

  it('places a handful of holds, gives a few hundred items pages and some a 文号', () => {
    const holds = items.filter((i) => i.hold);
    expect(holds.length).toBeGreaterThanOrEqual(3);
    expect(holds.length).toBeLessThanOrEqual(30);
    for (const kind of ['稽核', '信访投诉', '法院调取'])
      expect(holds.some((h) => h.hold!.reason.startsWith(kind))).toBe(true);
    const withPages = items.filter((i) => i.pages > 0);
    expect(withPages.length).toBeGreaterThan(150);
    expect(withPages.length).toBeLessThan(600);
    expect(withPages.every((i) => i.pages <= 3)).toBe(true);
    const numbered = items.filter((i) => i.input.docNumber);
    expect(numbered.length).toBeGreaterThan(50);
    for (const i of numbered)
      expect(i.input.docNumber).toMatch(new RegExp(`^涪社保(稽)?〔${i.input.year}〕\\d+号$`));
  });
});

describe('demoPagePng', () => {
  it('writes a valid grey-scale PNG of the page size, not blank', () => {
    const png = demoPagePng(12345, 1);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let offset = 8;
    const idat: Buffer[] = [];
    const types: string[] = [];
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const type = png.toString('ascii', offset + 4, offset + 8);
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(
        crc32(png.subarray(offset + 4, offset + 8 + length)),
      );
      types.push(type);
      if (type === 'IHDR') {
        expect(data.readUInt32BE(0)).toBe(PAGE_WIDTH);
        expect(data.readUInt32BE(4)).toBe(PAGE_HEIGHT);
      }
      if (type === 'IDAT') idat.push(data);
      offset += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    const raw = inflateSync(Buffer.concat(idat));
    expect(raw.length).toBe((PAGE_WIDTH + 1) * PAGE_HEIGHT);
    expect(raw.some((b, i) => i % (PAGE_WIDTH + 1) !== 0 && b < 200)).toBe(true);
    expect(png.length).toBeLessThan(10_000);
  });

  it('is deterministic, and pages differ', () => {
    expect(demoPagePng(1, 1).equals(demoPagePng(1, 1))).toBe(true);
    expect(demoPagePng(1, 1).equals(demoPagePng(1, 2))).toBe(false);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
