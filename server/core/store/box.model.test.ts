import type { Item } from '../items/item.model';
import type { ItemId } from '../shared/ids';
import { archivedItem, boxEntry } from '../../../test/support/archived-items';
import type { Box, BoxEntry } from './box.model';
import {
  assertBoxTransition,
  assertBoxable,
  assertChangeable,
  assertFits,
  contentsOf,
  emptyBox,
  filedGroupOf,
  filedRetention,
  gapsOf,
  itemRangeOf,
  numbered,
  presenceOf,
  withEntries,
} from './box.model';

const group = { fondsCode: '160', year: 2013, classCode: 'GL', retention: 'D100' as const };

const entry = (n: number, pages = 2): BoxEntry => boxEntry(group, n, pages);

function box(entries: BoxEntry[] = []): Box {
  const empty = emptyBox({ id: 'box_1', group, typeId: 'bxt_std2012', at: '', by: '' });
  return withEntries(numbered(empty, 1), entries);
}

const item = (overrides: Partial<Item> = {}): Item =>
  archivedItem(group, 7, { id: 'itm_x' as ItemId, ...overrides });

describe('box (档案盒)', () => {
  it('starts open and empty, and is numbered in its group', () => {
    expect(box()).toMatchObject({
      ...group,
      group: '160|2013|GL|D100',
      boxNo: 1,
      boxNumber: '0001',
      code: '160-2013-GL-D100-盒0001',
      status: 'open',
      itemCount: 0,
      itemRange: null,
      everSealed: false,
    });
  });

  it('keeps its items in 档号 order and derives 起止件号, counts and gaps', () => {
    const b = box([entry(3, 5), entry(1, 4), entry(2, 1), entry(6, 2)]);
    expect(b.entries.map((e) => e.itemNumber)).toEqual([1, 2, 3, 6]);
    expect(b.itemRange).toBe('0001-0006');
    expect(b.itemCount).toBe(4);
    expect(b.pageCount).toBe(12);
    expect(gapsOf(b.entries)).toEqual([4, 5]);
    expect(itemRangeOf([entry(12)])).toBe('0012');
    expect(itemRangeOf([])).toBeNull();
  });

  it('takes archived, numbered items of its own group that are in no box', () => {
    expect(() => assertBoxable(box(), item())).not.toThrow();
    expect(() =>
      assertBoxable(box(), item({ status: 'in_transfer', archivalCode: null, itemNumber: null })),
    ).toThrow(expect.objectContaining({ code: 'box.item_not_archived' }));
    expect(() => assertBoxable(box(), item({ year: 2014 }))).toThrow(
      expect.objectContaining({ code: 'box.mixed_group' }),
    );
    expect(() => assertBoxable(box(), item({ retention: 'D30' }))).toThrow(
      expect.objectContaining({ code: 'box.mixed_group' }),
    );
    expect(() => assertBoxable(box(), item({ box: { boxId: 'box_2', boxNumber: '0002' } }))).toThrow(
      expect.objectContaining({ code: 'box.item_already_boxed' }),
    );
  });

  it('refuses more items or pages than the type takes, but lets one large item fill a box alone', () => {
    const type = { name: '档案盒', capacityItems: 3, capacityPages: 10 };
    expect(() => assertFits(type, [entry(1), entry(2), entry(3)])).not.toThrow();
    expect(() => assertFits(type, [entry(1), entry(2), entry(3), entry(4)])).toThrow(
      expect.objectContaining({ code: 'box.over_capacity' }),
    );
    expect(() => assertFits(type, [entry(1, 6), entry(2, 5)])).toThrow(
      expect.objectContaining({ code: 'box.over_capacity' }),
    );
    expect(() => assertFits(type, [entry(1, 40)])).not.toThrow();
    expect(() => assertFits({ ...type, capacityPages: null }, [entry(1, 60), entry(2, 60)])).not.toThrow();
  });

  it('is open or sealed; a sealed box or one out of the store cannot change', () => {
    expect(() => assertBoxTransition('open', 'sealed')).not.toThrow();
    expect(() => assertBoxTransition('sealed', 'open')).not.toThrow();
    expect(() => assertBoxTransition('sealed', 'sealed')).toThrow(
      expect.objectContaining({ code: 'box.bad_transition' }),
    );
    expect(() => assertChangeable({ ...box(), status: 'sealed' })).toThrow(
      expect.objectContaining({ code: 'box.sealed' }),
    );
    expect(() =>
      assertChangeable({ ...box(), out: { movementId: 'm', since: '', reason: 'digitisation', to: null } }),
    ).toThrow(expect.objectContaining({ code: 'box.out' }));
  });

  it('keeps an item kept longer by appraisal in the group of its 档号 (the period it was filed under)', () => {
    const extended = item({
      retention: 'Y',
      appraisals: [{ appraisalId: 'apr_1', from: 'D100', to: 'Y', reason: '', at: '2024-01-02T00:00:00Z' }],
    });
    expect(filedRetention(extended)).toBe('D100');
    expect(filedRetention(item())).toBe('D100');
    expect(filedGroupOf(extended)).toEqual(group);
    expect(() => assertBoxable(box(), extended)).not.toThrow();
    const permanentBox = withEntries(
      numbered(
        emptyBox({ id: 'box_2', group: { ...group, retention: 'Y' }, typeId: 't', at: '', by: '' }),
        1,
      ),
      [],
    );
    expect(() => assertBoxable(permanentBox, extended)).toThrow(
      expect.objectContaining({ code: 'box.mixed_group' }),
    );
  });

  it('counts what a box holds now: live items (out ones included) apart from destroyed ones', () => {
    const entries = [entry(1, 2), entry(2, 3), entry(3, 4), entry(4, 5)];
    const items: Record<string, Pick<Item, 'status' | 'out' | 'destruction'>> = {
      [entries[1]!.itemId]: {
        status: 'destroyed',
        out: null,
        destruction: { listId: 'dsl_1', at: '', method: '粉碎', pages: 3 },
      },
      [entries[2]!.itemId]: {
        status: 'archived',
        out: { reason: 'movement', ref: 'mov_1', since: '', due: null },
      },
      [entries[3]!.itemId]: {
        status: 'archived',
        out: { reason: 'loan', ref: 'loan_1', since: '', due: null },
      },
    };
    const itemOf = (e: BoxEntry) => items[e.itemId] ?? { status: 'archived' as const, out: null };
    expect(entries.map((e) => presenceOf(itemOf(e)))).toEqual([
      'in_box',
      'destroyed',
      'moved_out',
      'on_loan',
    ]);
    expect(presenceOf(null)).toBe('in_box');
    expect(contentsOf(entries, itemOf)).toEqual({
      itemCount: 3,
      pageCount: 11,
      outCount: 2,
      destroyedCount: 1,
      destroyedPages: 3,
      destroyed: [entries[1]!.archivalCode],
      out: [entries[2]!.archivalCode, entries[3]!.archivalCode],
    });
  });
});
