import type { Item } from '../../server/core/items/item.model';
import { newId, type ItemId } from '../../server/core/shared/ids';

let counter = 0;

/** A valid item with sensible defaults; override what the test is about. */
export function makeItem(overrides: Partial<Item> = {}): Item {
  counter++;
  const now = new Date(Date.UTC(2024, 0, 1, 0, 0, counter)).toISOString();
  return {
    id: newId<'ItemId'>('itm') as ItemId,
    fondsCode: '160',
    year: 2013,
    classCode: 'GL',
    retention: 'D100',
    insuranceType: 'YL',
    businessStep: 'GX-01',
    title: `张伟在职职工增员申报表${counter}`,
    responsible: '重庆市涪陵区社会保险局',
    docNumber: '',
    date: '20130517',
    remarks: '',
    section: '养老保险科',
    status: 'filed',
    archivalCode: null,
    itemNumber: null,
    persons: [{ name: '张伟', residentId: '500102199001014517' }],
    units: [{ name: '重庆市涪陵区永利建筑工程有限公司', creditCode: '91350100M000100Y43' }],
    pages: [],
    holds: [],
    classifiedBy: {
      retentionTable: 1,
      businessSteps: 1,
      scheme: 'default',
      schemeVersion: 1,
      retentionRowId: 'GL-02',
    },
    dueDate: '2114-01-01',
    createdAt: now,
    createdBy: 'clerk',
    updatedAt: now,
    revision: 1,
    ...overrides,
  };
}
