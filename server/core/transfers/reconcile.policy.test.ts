import { seedBusinessSteps } from '../catalogue/catalogue-seed';
import { parseCsv } from './csv';
import {
  csvTransactions,
  parseDate,
  readTransactions,
  reconcile,
  type ReconcileItem,
} from './reconcile.policy';

const steps = seedBusinessSteps().steps;
const A = '500102199001014517';
const B = '11010519491231002X';
const C = '440524188001010014';

const err = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; details: Record<string, unknown> };
  }
  throw new Error('did not throw');
};

describe('reading the business system export', () => {
  it('accepts the Chinese header, step names or codes, and several date forms', () => {
    const rows = csvTransactions(
      `业务流水号,业务环节,公民身份号码,姓名,办结日期,经办人\nLS001,在职增员,${A},张伟,2026-05-17 10:00:00,王\n,gx-02,${B.toLowerCase()},,2026/5/3,李\n`,
      steps,
    );
    expect(rows).toEqual([
      {
        line: 2,
        serialNo: 'LS001',
        businessStep: 'GX-01',
        residentId: A,
        name: '张伟',
        completedOn: '20260517',
      },
      { line: 3, serialNo: null, businessStep: 'GX-02', residentId: B, name: null, completedOn: '20260503' },
    ]);
  });

  it('accepts the English header names', () => {
    expect(
      csvTransactions(`businessStep,residentId,completedOn\nGX-01,${A},20260517`, steps)[0],
    ).toMatchObject({ businessStep: 'GX-01', completedOn: '20260517' });
  });

  it('refuses malformed input with a stable code and the line', () => {
    expect(err(() => csvTransactions('', steps))).toMatchObject({ code: 'reconcile.csv_empty' });
    expect(err(() => csvTransactions('业务环节,姓名\nGX-01,张伟', steps))).toMatchObject({
      code: 'reconcile.csv_missing_column',
      details: { line: 1, column: '公民身份号码' },
    });
    const head = '业务环节,公民身份号码,办结日期\n';
    expect(err(() => csvTransactions(`${head}GX-01,${A},20260517\nGX-01,${A}\n`, steps))).toMatchObject({
      code: 'reconcile.csv_malformed',
      details: { line: 3 },
    });
    expect(err(() => csvTransactions(`${head}GX-01,${A},2026-13-01\n`, steps))).toMatchObject({
      code: 'reconcile.csv_bad_date',
      details: { line: 2 },
    });
    expect(err(() => csvTransactions(`${head}GX-01,,20260501\n`, steps))).toMatchObject({
      code: 'reconcile.csv_empty_field',
      details: { line: 2 },
    });
    expect(
      err(() => readTransactions(parseCsv('业务环节,业务事项,公民身份号码,办结日期'), steps)),
    ).toMatchObject({
      code: 'reconcile.csv_duplicate_column',
    });
  });

  it('parses dates', () => {
    expect(parseDate('20260517')).toBe('20260517');
    expect(parseDate('2026年5月7日')).toBe('20260507');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('May 5')).toBeNull();
  });
});

describe('matching transactions to items', () => {
  const item = (itemId: string, residentId: string, date: string, over: Partial<ReconcileItem> = {}) => ({
    itemId,
    docNumber: '',
    businessStep: 'GX-01',
    date,
    persons: [{ name: '张伟', residentId }],
    ...over,
  });
  const row = (line: number, residentId: string, completedOn: string, over = {}) => ({
    line,
    serialNo: null,
    businessStep: 'GX-01',
    residentId,
    name: '张伟',
    completedOn,
    ...over,
  });
  const months = new Set(['202605']);

  it('lists missing, extra and mismatched, and ignores other months', () => {
    const r = reconcile(
      [
        row(2, A, '20260501'), // matches item 1
        row(3, B, '20260502', { name: '李娜' }), // same key as item 2, other name: mismatch
        row(4, C, '20260503'), // not transferred: missing
        row(5, A, '20260420'), // another month: ignored
        row(6, A, '20260509', { businessStep: 'GX-02' }), // missing (another step)
      ],
      [
        item('i1', A, '20260501'),
        item('i2', B, '20260502'),
        item('i3', '110105194912310037', '20260504'), // extra
      ],
      months,
    );
    expect(r).toMatchObject({ rows: 5, ignored: 1, matched: 2 });
    expect(r.missing.map((m) => m.line)).toEqual([4, 6]);
    expect(r.extra.map((e) => e.itemId)).toEqual(['i3']);
    expect(r.mismatched).toEqual([
      { itemId: 'i2', line: 3, matchedBy: '公民身份号码+业务环节+办结日期', fields: ['姓名'] },
    ]);
  });

  it('matches by 流水号 first, then by person and step on another day', () => {
    const r = reconcile(
      [row(2, A, '20260510', { serialNo: 'LS9' }), row(3, B, '20260511')],
      [item('i1', C, '20260510', { docNumber: 'LS9' }), item('i2', B, '20260512')],
      months,
    );
    expect(r.missing).toEqual([]);
    expect(r.extra).toEqual([]);
    expect(r.mismatched).toEqual([
      { itemId: 'i1', line: 2, matchedBy: '业务流水号', fields: ['公民身份号码'] },
      { itemId: 'i2', line: 3, matchedBy: '公民身份号码+业务环节', fields: ['办结日期'] },
    ]);
  });
});
