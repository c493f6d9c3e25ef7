import { boxEntry } from '../../../test/support/archived-items';
import type { BoxEntry } from './box.model';
import { planGroup } from './packing.policy';

const group = { fondsCode: '160', year: 2013, classCode: 'GL', retention: 'D100' as const };
const entry = (n: number, pages = 1): BoxEntry => boxEntry(group, n, pages);
const range = (from: number, to: number, pages = 1) =>
  Array.from({ length: to - from + 1 }, (_, i) => entry(from + i, pages));

describe('suggested packing (装盒建议)', () => {
  it('fills each box to its item capacity, in 档号 order', () => {
    const plan = planGroup(group, range(1, 7), { id: 't', capacityItems: 3, capacityPages: null }, null);
    expect(plan.map((p) => p.itemRange)).toEqual(['0001-0003', '0004-0006', '0007']);
    expect(plan.every((p) => p.boxId === null && p.typeId === 't')).toBe(true);
  });

  it('fills by pages when the type limits them; an item larger than a box goes alone', () => {
    const items = [entry(1, 4), entry(2, 4), entry(3, 4), entry(4, 30), entry(5, 1)];
    const plan = planGroup(group, items, { id: 't', capacityItems: 10, capacityPages: 10 }, null);
    expect(plan.map((p) => [p.itemRange, p.pages, p.oversize])).toEqual([
      ['0001-0002', 8, false],
      ['0003', 4, false],
      ['0004', 30, true],
      ['0005', 1, false],
    ]);
  });

  it('tops up the group’s last open box first, with items that come after it', () => {
    const open = {
      box: {
        id: 'box_9',
        boxNumber: '0009',
        typeId: 't',
        itemCount: 2,
        pageCount: 2,
        lastCode: '160-2013-GL-D100-0010',
      },
      type: { id: 't', capacityItems: 4, capacityPages: null },
    };
    const plan = planGroup(
      group,
      [entry(3), ...range(11, 15)],
      { id: 't', capacityItems: 4, capacityPages: null },
      open,
    );
    expect(plan.map((p) => [p.boxId, p.itemRange, p.existingItems])).toEqual([
      [null, '0003', 0],
      ['box_9', '0011-0012', 2],
      [null, '0013-0015', 0],
    ]);
  });

  it('leaves a full open box alone', () => {
    const open = {
      box: {
        id: 'box_9',
        boxNumber: '0009',
        typeId: 't',
        itemCount: 4,
        pageCount: 4,
        lastCode: '160-2013-GL-D100-0004',
      },
      type: { id: 't', capacityItems: 4, capacityPages: null },
    };
    const plan = planGroup(group, range(5, 6), { id: 't', capacityItems: 4, capacityPages: null }, open);
    expect(plan.map((p) => [p.boxId, p.itemRange])).toEqual([[null, '0005-0006']]);
  });
});
