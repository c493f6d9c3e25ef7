import type { RecordStore, StoredRecord } from '../../server/core/records/record-store.port';
import { DomainError } from '../../server/core/shared/errors';

export interface RecordStoreFixture {
  records: RecordStore;
  cleanup(): Promise<void>;
}

interface Loan extends StoredRecord {
  status: string;
  borrower: string;
  itemIds: string[];
  closedAt: string | null;
}

const loan = (id: string, over: Partial<Loan> = {}): Loan => ({
  id,
  revision: 1,
  status: 'requested',
  borrower: '张三',
  itemIds: [],
  closedAt: null,
  ...over,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  throw new Error('expected a rejection');
}

export function recordStoreContract(name: string, open: () => Promise<RecordStoreFixture>): void {
  describe(`RecordStore contract: ${name}`, () => {
    let f: RecordStoreFixture;
    beforeEach(async () => {
      f = await open();
    });
    afterEach(async () => f.cleanup());

    it('stores a record whole and keeps collections apart', async () => {
      const loans = f.records.collection<Loan>('loan');
      await loans.insert(loan('l1', { itemIds: ['itm_a', 'itm_b'] }));
      expect(await loans.get('l1')).toEqual(loan('l1', { itemIds: ['itm_a', 'itm_b'] }));
      expect(await f.records.collection<Loan>('transfer').get('l1')).toBeNull();
      await f.records.collection<Loan>('transfer').insert(loan('l1', { borrower: '李四' }));
      expect((await loans.get('l1'))?.borrower).toBe('张三');
      expect(await codeOf(loans.insert(loan('l1')))).toBe('record.exists');
    });

    it('updates only from the expected revision, so one of two concurrent writers loses', async () => {
      const loans = f.records.collection<Loan>('loan');
      await loans.insert(loan('l1'));
      const writes = await Promise.allSettled([
        loans.update(loan('l1', { revision: 2, status: 'approved' })),
        loans.update(loan('l1', { revision: 2, status: 'refused' })),
      ]);
      expect(writes.filter((w) => w.status === 'fulfilled')).toHaveLength(1);
      const lost = writes.find((w) => w.status === 'rejected') as PromiseRejectedResult;
      expect((lost.reason as DomainError).code).toBe('record.stale');
      expect((await loans.get('l1'))?.revision).toBe(2);
      expect(await codeOf(loans.update(loan('nope', { revision: 2 })))).toBe('record.not_found');
    });

    it('lists newest first by cursor, filtered by field and by array membership', async () => {
      const loans = f.records.collection<Loan>('loan');
      for (let i = 1; i <= 7; i++)
        await loans.insert(
          loan(`l${i}`, {
            status: i % 2 ? 'requested' : 'approved',
            itemIds: [`itm_${i}`, 'itm_common'],
            closedAt: i === 7 ? '2026-01-01' : null,
          }),
        );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await loans.list({}, 3, cursor);
        seen.push(...page.records.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['l7', 'l6', 'l5', 'l4', 'l3', 'l2', 'l1']);
      expect((await loans.list({ status: 'approved' }, 10)).records.map((r) => r.id)).toEqual([
        'l6',
        'l4',
        'l2',
      ]);
      expect((await loans.list({ itemIds: { contains: 'itm_3' } }, 10)).records.map((r) => r.id)).toEqual([
        'l3',
      ]);
      expect(
        (await loans.list({ closedAt: null, status: 'requested' }, 10)).records.map((r) => r.id),
      ).toEqual(['l5', 'l3', 'l1']);
      const all: string[] = [];
      for await (const r of loans.all({ itemIds: { contains: 'itm_common' } })) all.push(r.id);
      expect(all).toHaveLength(7);
      expect(await codeOf(loans.list({}, 3, 'bm90LW91cnM'))).toBe('request.bad_cursor');
      expect(await codeOf(loans.list({ "x') OR 1=1 --": 'a' }, 3))).toBe('record.bad_field');
    });

    it('gives a claim to exactly one of many concurrent claimants, until released', async () => {
      const owners = await Promise.all(
        Array.from({ length: 20 }, (_, i) => f.records.claim('physical:itm_1', `loan${i}`)),
      );
      expect(new Set(owners).size).toBe(1);
      const winner = owners[0] as string;
      expect(await f.records.holder('physical:itm_1')).toBe(winner);
      await f.records.release('physical:itm_1', 'someone-else');
      expect(await f.records.holder('physical:itm_1')).toBe(winner);
      await f.records.release('physical:itm_1', winner);
      expect(await f.records.holder('physical:itm_1')).toBeNull();
      expect(await f.records.claim('physical:itm_1', 'loanX')).toBe('loanX');
    });

    it('lists the claims of a key prefix in key order, page by page after the last key', async () => {
      for (const [key, owner] of [
        ['physical:itm_c', 'loan3'],
        ['physical:itm_a', 'loan1'],
        ['box-item:itm_a', 'box1'],
        ['physical:', 'loan0'],
        ['physical:itm_b', 'loan2'],
        ['physicalx:itm_z', 'other'],
        ['physical:itm_d', 'loan4'],
        ['appraisal:itm_a', 'apr1'],
      ] as const)
        await f.records.claim(key, owner);
      const seen: { key: string; owner: string }[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: { key: string; owner: string }[] = await f.records.claims('physical:', 2, after);
        expect(page.length).toBeLessThanOrEqual(2);
        if (page.length === 0) break;
        seen.push(...page);
        after = page[page.length - 1]!.key;
      }
      expect(seen).toEqual([
        { key: 'physical:', owner: 'loan0' },
        { key: 'physical:itm_a', owner: 'loan1' },
        { key: 'physical:itm_b', owner: 'loan2' },
        { key: 'physical:itm_c', owner: 'loan3' },
        { key: 'physical:itm_d', owner: 'loan4' },
      ]);
      expect(await f.records.claims('physical:', 10, 'physical:itm_b')).toEqual([
        { key: 'physical:itm_c', owner: 'loan3' },
        { key: 'physical:itm_d', owner: 'loan4' },
      ]);
      expect(await f.records.claims('box-item:', 10)).toEqual([{ key: 'box-item:itm_a', owner: 'box1' }]);
      expect(await f.records.claims('location:', 10)).toEqual([]);
      expect((await f.records.claims('', 100)).map((c) => c.key)).toEqual([
        'appraisal:itm_a',
        'box-item:itm_a',
        'physical:',
        'physical:itm_a',
        'physical:itm_b',
        'physical:itm_c',
        'physical:itm_d',
        'physicalx:itm_z',
      ]);
      await f.records.release('physical:itm_b', 'loan2');
      expect((await f.records.claims('physical:itm_', 10)).map((c) => c.owner)).toEqual([
        'loan1',
        'loan3',
        'loan4',
      ]);
    });

    it('numbers sequences without repeats, even when concurrent', async () => {
      const numbers = await Promise.all(Array.from({ length: 50 }, () => f.records.next('loan/2026')));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await f.records.next('box/2026')).toBe(1);
      expect(await f.records.next('loan/2026')).toBe(51);
    });
  });
}
