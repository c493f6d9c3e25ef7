import { seedBusinessSteps } from '../catalogue/catalogue-seed';
import type { Item } from '../items/item.model';
import { makeItem } from '../../../test/factories/item.factory';
import { checkCounts, checkItem } from './check.policy';
import { transferItemOf } from './create-transfer';

const steps = new Map(seedBusinessSteps().steps.map((s) => [s.code, s]));
const page = (n: number) => ({
  n,
  sha256: 'a'.repeat(64),
  mediaType: 'image/png',
  bytes: 1,
  originalName: 'p.png',
});

function inTransfer(overrides: Partial<Item> = {}): Item {
  return makeItem({
    status: 'in_transfer',
    transfer: { transferId: 'trf_1' },
    pages: [page(1), page(2)],
    content: '在职职工增员申报表 …… 新增参保人员信息核对表 ……',
    ...overrides,
  });
}
const check = (item: Item) => checkItem(item, transferItemOf(item, null), 'trf_1', steps);
const codes = (item: Item) => check(item).findings.map((f) => f.code);

describe('the check (验收) of an item', () => {
  it('passes a complete, valid item', () => {
    expect(check(inTransfer())).toMatchObject({ outcome: 'ok', findings: [] });
  });

  it('fails an item missing its decision form (核定表), naming the forms expected', () => {
    const r = check(inTransfer({ content: '在职职工增员申报表 单位盖章' }));
    expect(r.outcome).toBe('problems');
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'form.missing',
        severity: 'error',
        details: { kind: 'decision', expected: ['新增参保人员信息核对表'] },
      }),
    ]);
  });

  it('accepts noisy OCR and any one of alternative forms of a kind', () => {
    expect(codes(inTransfer({ content: '在职职工增贝申报表\n新增参保人员信息核对 表' }))).toEqual([]);
    const transfer = inTransfer({
      businessStep: 'GX-06',
      content: '社会保险关系转出申请表 失业保险关系转移表',
    });
    expect(codes(transfer)).toEqual([]);
  });

  it('marks an item without text 无法核对 instead of failing it', () => {
    const r = check(inTransfer({ content: undefined }));
    expect(r.outcome).toBe('unverifiable');
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['form.unverifiable', 'warning']]);
    expect(check(inTransfer({ businessStep: null })).outcome).toBe('unverifiable');
  });

  it('flags bad ID check digits, missing fields, bad dates, no pages, unknown steps and holds', () => {
    expect(codes(inTransfer({ persons: [{ name: '张伟', residentId: '500102199001014518' }] }))).toEqual([
      'id.bad_check_digit',
    ]);
    const r = check(inTransfer({ persons: [{ name: '张伟', residentId: '500102199001014518' }] }));
    expect(JSON.stringify(r)).not.toContain('500102199001014518');
    expect(codes(inTransfer({ title: ' ', responsible: '' }))).toEqual(['field.missing', 'field.missing']);
    expect(codes(inTransfer({ date: '20130231' }))).toEqual(['field.bad_date']);
    expect(codes(inTransfer({ date: '20140517' }))).toEqual(['field.year_mismatch']);
    expect(codes(inTransfer({ pages: [] }))).toEqual(['pages.none']);
    expect(codes(inTransfer({ businessStep: 'XX-99' }))).toEqual(['step.unknown']);
    const held = inTransfer({
      holds: [{ id: 'h', reason: '稽核', authority: '审计局', placedBy: 'a', placedAt: '2026-01-01' }],
    });
    expect(check(held)).toMatchObject({
      outcome: 'ok',
      findings: [{ code: 'hold.active', severity: 'warning' }],
    });
  });

  it('flags an item that is no longer in the transfer, and changed page counts', () => {
    const item = inTransfer();
    const handed = { ...transferItemOf(item, null), pages: 3 };
    expect(
      checkItem({ ...item, status: 'filed' }, handed, 'trf_1', steps).findings.map((f) => f.code),
    ).toEqual(['item.not_in_transfer', 'pages.changed']);
    expect(checkItem(null, handed, 'trf_1', steps).outcome).toBe('problems');
  });
});

describe('the check of the counts', () => {
  it('compares declared with the system and with what was counted', () => {
    expect(checkCounts({ items: 3, pages: 9 }, { items: 3, pages: 9 }, {})).toEqual([]);
    expect(
      checkCounts({ items: 4, pages: 9 }, { items: 3, pages: 9 }, { pages: 8 }).map((f) => f.code),
    ).toEqual(['count.items_mismatch', 'count.pages_counted_mismatch']);
  });
});
