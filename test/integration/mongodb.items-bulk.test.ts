import { MongoItemRepository } from '../../server/adapters/mongodb/mongo.item-repository';
import type { Item } from '../../server/core/items/item.model';
import { CORE_INDEXES } from '../../storage-config/mongodb/core-indexes';
import { makeItem } from '../factories/item.factory';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';

jest.setTimeout(60_000);

/** `insertMany`, the bulk load of the 1,000,000-item benchmark: what it writes must read as `insert`'s. */
describeOnServer('mongodb', 'MongoDB item bulk load', (url) => {
  let repo: MongoItemRepository;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const t = await freshMongoDatabase(url, CORE_INDEXES);
    repo = new MongoItemRepository(t.db);
    cleanup = t.cleanup;
  });
  afterEach(async () => cleanup());

  const listAll = async (f: Parameters<MongoItemRepository['list']>[0] = {}): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<MongoItemRepository['list']>> = await repo.list(f, 97, cursor);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };

  it('loads items in array order, fully queryable, indexed by the sweep and writable afterwards', async () => {
    const before = makeItem();
    await repo.insert(before);
    const items: Item[] = Array.from({ length: 300 }, (_, k) =>
      makeItem({
        year: 2010 + (k % 3),
        status: k % 5 === 0 ? 'archived' : 'filed',
        archivalCode: k % 5 === 0 ? `160-2010-GL-D100-${String(500 - k).padStart(4, '0')}` : null,
        persons: [{ name: `人${k % 7}`, residentId: k === 42 ? '11010519491231002X' : undefined }],
      }),
    );
    await repo.insertMany(items.slice(0, 150));
    await repo.insertMany(items.slice(150));
    const after = makeItem();
    await repo.insert(after);

    expect(await repo.count()).toBe(302);
    expect(await listAll()).toEqual([before, ...items, after].map((i) => i.id).reverse());
    expect(await repo.get(items[42]!.id)).toEqual(items[42]);
    expect((await repo.list({ personResidentId: '11010519491231002X' }, 10, null)).items).toEqual([
      items[42],
    ]);
    expect(await listAll({ personName: '人3', year: 2011 })).toEqual(
      items
        .filter((i) => i.persons[0]!.name === '人3' && i.year === 2011)
        .map((i) => i.id)
        .reverse(),
    );
    expect(await repo.tally({ status: 'archived' }, ['year'])).toEqual(
      [2010, 2011, 2012].map((year) => ({
        key: { year },
        items: items.filter((i) => i.status === 'archived' && i.year === year).length,
        pages: 0,
      })),
    );
    const scanned: (string | null)[] = [];
    for await (const i of repo.scanInArchivalOrder({ numbered: true })) scanned.push(i.archivalCode);
    expect(scanned).toEqual(
      items
        .map((i) => i.archivalCode)
        .filter((c) => c !== null)
        .sort(),
    );

    // The sweep sees every loaded item, oldest first; once indexed they leave it.
    const stale = await repo.staleInIndex(1000);
    expect(stale.map((s) => s.id)).toEqual([before, ...items, after].map((i) => i.id));
    await Promise.all(stale.map((s) => repo.markIndexed(s.id, s.revision)));
    expect(await repo.staleInIndex(10)).toEqual([]);

    // A loaded item takes revisions and 档号 as any other.
    const edited = { ...items[1]!, title: '改', revision: 2 };
    await repo.update(edited);
    expect(await repo.get(edited.id)).toEqual(edited);
    const numbered = await repo.accession({ ...edited, revision: 3 }, 'G', (n) => `G-${n}`);
    expect(numbered.itemNumber).toBe(1);
    expect(await repo.staleInIndex(10)).toEqual([{ id: edited.id, revision: 3 }]);
  });

  it('refuses a second load of the same items', async () => {
    const items = [makeItem(), makeItem()];
    await repo.insertMany(items);
    await expect(repo.insertMany(items)).rejects.toThrow();
    expect(await repo.count()).toBe(2);
  });
});
