import type { Item } from '../items/item.model';
import type { ItemId } from '../shared/ids';
import type { Box, BoxEntry } from './box.model';
import {
  assertBoxTransition,
  assertBoxable,
  assertChangeable,
  assertFits,
  boxCode,
  emptyNote,
  gapsOf,
  itemRangeOf,
  withEntries,
} from './box.model';

const group = { fondsCode: '160', year: 2013, classCode: 'GL', retention: 'D100' as const };

function entry(n: number, pages = 2): BoxEntry {
  const num = String(n).padStart(4, '0');
  return {
    itemId: `itm_${num}`,
    archivalCode: `160-2013-GL-D100-${num}`,
    itemNumber: n,
    pages,
    insuranceType: 'YL',
    section: '养老保险科',
  };
}

function box(entries: BoxEntry[] = []): Box {
  return withEntries(
    {
      id: 'box_1',
      revision: 1,
      ...group,
      group: '160|2013|GL|D100',
      boxNo: 1,
      boxNumber: '0001',
      code: boxCode(group, '0001'),
      typeId: 'bxt_std2012',
      state: 'open',
      entries: [],
      itemCount: 0,
      pageCount: 0,
      itemRange: null,
      shelfId: null,
      roomId: null,
      locationCode: null,
      out: null,
      note: emptyNote(),
      log: [],
      everSealed: false,
      createdAt: '',
      createdBy: '',
      updatedAt: '',
      sealedAt: null,
      sealedBy: null,
    },
    entries,
  );
}

function item(overrides: Partial<Item> = {}): Item {
  return {
    id: 'itm_x' as ItemId,
    ...group,
    insuranceType: 'YL',
    businessStep: null,
    title: '',
    responsible: '',
    docNumber: '',
    date: '20130517',
    remarks: '',
    section: '养老保险科',
    status: 'archived',
    archivalCode: '160-2013-GL-D100-0007',
    itemNumber: 7,
    persons: [],
    units: [],
    pages: [],
    holds: [],
    classifiedBy: {
      retentionTable: 1,
      businessSteps: 1,
      scheme: 'default',
      schemeVersion: 1,
      retentionRowId: null,
    },
    dueDate: null,
    createdAt: '',
    createdBy: '',
    updatedAt: '',
    revision: 1,
    ...overrides,
  };
}

describe('box (档案盒)', () => {
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
    expect(() => assertChangeable({ ...box(), state: 'sealed' })).toThrow(
      expect.objectContaining({ code: 'box.sealed' }),
    );
    expect(() =>
      assertChangeable({ ...box(), out: { movementId: 'm', since: '', reason: 'digitisation', to: null } }),
    ).toThrow(expect.objectContaining({ code: 'box.out' }));
  });
});
