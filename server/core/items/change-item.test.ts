import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../../adapters/sqlite/sqlite.database';
import { SqliteItemRepository } from '../../adapters/sqlite/sqlite.item-repository';
import { makeItem } from '../../../test/factories/item.factory';
import { ManualClock } from '../shared/clock.port';
import type { ItemId } from '../shared/ids';
import { changeItemWithRetry } from './change-item';

describe('changing an item with compare-and-set and retry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'change-item-'));
  const db = openSqlite(join(dir, 'a.sqlite'), METADATA_MIGRATIONS);
  const items = new SqliteItemRepository(db);
  const clock = new ManualClock(new Date('2024-03-01T01:00:00Z'));
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The real repository, where another writer edits the remarks right after each of the first `n` reads. */
  function racedBy(n: number) {
    let reads = 0;
    return {
      clock,
      items: {
        get: async (id: ItemId) => {
          const item = await items.get(id);
          if (item && reads++ < n)
            await items.update({ ...item, remarks: `改${reads}`, revision: item.revision + 1 });
          return item;
        },
        update: (item: Parameters<typeof items.update>[0]) => items.update(item),
      },
    } as unknown as Parameters<typeof changeItemWithRetry>[0];
  }

  it('re-applies the change on the fresh item when someone else wrote it in between', async () => {
    const item = makeItem({ title: '原题名' });
    await items.insert(item);
    let calls = 0;
    const result = await changeItemWithRetry(racedBy(1), item.id, (cur) => {
      calls++;
      return { ...cur, title: '新题名' };
    });
    expect(calls).toBe(2);
    expect(result).toMatchObject({ written: true, item: { title: '新题名', remarks: '改1', revision: 3 } });
    expect(await items.get(item.id)).toMatchObject({
      title: '新题名',
      remarks: '改1',
      revision: 3,
      updatedAt: '2024-03-01T01:00:00.000Z',
    });
  });

  it('leaves the item alone when the change says null, and answers null for a missing item', async () => {
    const item = makeItem();
    await items.insert(item);
    expect(await changeItemWithRetry({ items, clock }, item.id, () => null)).toEqual({
      item,
      written: false,
    });
    expect(await changeItemWithRetry({ items, clock }, 'itm_missing', (i) => i)).toBeNull();
  });

  it('gives up after `tries` lost races with item.revision_conflict', async () => {
    const item = makeItem();
    await items.insert(item);
    await expect(
      changeItemWithRetry(racedBy(3), item.id, (cur) => ({ ...cur, title: '不会写入' }), 3),
    ).rejects.toMatchObject({ code: 'item.revision_conflict' });
    expect(await items.get(item.id)).toMatchObject({ title: item.title, remarks: '改3', revision: 4 });
  });
});
