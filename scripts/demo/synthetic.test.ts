import { parseResidentId, parseUnifiedCreditCode } from '../../server/core/identifiers';
import {
  createRandom,
  syntheticClerkName,
  syntheticPerson,
  syntheticUnit,
  type SyntheticPerson,
  type SyntheticUnit,
} from './synthetic';

const CHONGQING_DISTRICTS = /^5001(0[1-9]|1[23])$/;
const CHINESE_NAME = /^[\u4e00-\u9fff]{2,4}$/;

function people(seed: number, n: number): SyntheticPerson[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => syntheticPerson(rng));
}

function units(seed: number, n: number): SyntheticUnit[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => syntheticUnit(rng));
}

describe('createRandom', () => {
  it('is deterministic per seed and yields floats in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 100 }, () => a());
    const seqB = Array.from({ length: 100 }, () => b());
    const seqC = Array.from({ length: 100 }, () => c());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
    for (const x of seqA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(new Set(seqA).size).toBeGreaterThan(95);
  });
});

describe('syntheticPerson', () => {
  const generated = people(2024, 1000);

  it('produces 1,000 people whose IDs all pass validation', () => {
    for (const p of generated) {
      const parsed = parseResidentId(p.residentId);
      if (!parsed.ok) throw new Error(`invalid ID ${p.residentId}: ${parsed.reason}`);
      expect(parsed.legacy).toBe(false);
      expect(parsed.regionCode).toMatch(CHONGQING_DISTRICTS);
      const year = Number(parsed.birthDate.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(1950);
      expect(year).toBeLessThanOrEqual(2004);
      expect(p.name).toMatch(CHINESE_NAME);
    }
  });

  it('keeps sex consistent with the ID sequence digit', () => {
    for (const p of generated) {
      const parsed = parseResidentId(p.residentId);
      expect(parsed.ok && parsed.sex).toBe(p.sex);
      expect(Number(p.residentId.charAt(16)) % 2).toBe(p.sex === 'M' ? 1 : 0);
    }
  });

  it('is varied: both sexes, many names, mostly distinct IDs, some X check chars', () => {
    const males = generated.filter((p) => p.sex === 'M').length;
    expect(males).toBeGreaterThan(400);
    expect(males).toBeLessThan(600);
    expect(new Set(generated.map((p) => p.name)).size).toBeGreaterThan(500);
    expect(new Set(generated.map((p) => p.residentId)).size).toBeGreaterThan(990);
    expect(generated.some((p) => p.residentId.endsWith('X'))).toBe(true);
  });

  it('is deterministic for the same seed and differs across seeds', () => {
    expect(people(7, 50)).toEqual(people(7, 50));
    expect(people(7, 50)).not.toEqual(people(8, 50));
  });
});

describe('syntheticUnit', () => {
  const generated = units(2024, 1000);

  it('produces 1,000 units whose credit codes all pass validation', () => {
    for (const u of generated) {
      const parsed = parseUnifiedCreditCode(u.creditCode);
      if (!parsed.ok) throw new Error(`invalid USCC ${u.creditCode}: ${parsed.reason}`);
      expect(parsed.regionCode).toMatch(CHONGQING_DISTRICTS);
      expect(['91', '12']).toContain(parsed.departmentCode + parsed.typeCode);
      expect(u.socialInsuranceCode).toMatch(/^[1-9]\d{7,9}$/);
    }
  });

  it('names units realistically and matches the code type to the unit kind', () => {
    for (const u of generated) {
      expect(u.name).toMatch(/(有限公司|有限责任公司|社区卫生服务中心|中学)$/);
      const isPublic = /(卫生服务中心|中学)$/.test(u.name);
      expect(u.creditCode.slice(0, 2)).toBe(isPublic ? '12' : '91');
    }
    expect(new Set(generated.map((u) => u.creditCode)).size).toBe(1000);
  });

  it('is deterministic for the same seed', () => {
    expect(units(99, 50)).toEqual(units(99, 50));
    expect(units(99, 50)).not.toEqual(units(100, 50));
  });
});

describe('syntheticClerkName', () => {
  it('generates deterministic Chinese names', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    const namesA = Array.from({ length: 20 }, () => syntheticClerkName(a));
    const namesB = Array.from({ length: 20 }, () => syntheticClerkName(b));
    expect(namesA).toEqual(namesB);
    for (const n of namesA) expect(n).toMatch(CHINESE_NAME);
  });
});
