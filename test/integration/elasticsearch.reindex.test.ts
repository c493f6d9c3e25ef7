import type { Client } from '@elastic/elasticsearch';
import { createElasticsearchClient } from '../../search/adapters/elasticsearch.client';
import { deleteItemsIndices, indicesBehind } from '../../search/adapters/elasticsearch.index-lifecycle';
import { reindexTo } from '../../search/adapters/elasticsearch.reindex';
import { ElasticsearchSearchIndex } from '../../search/adapters/elasticsearch.search-index';
import type { SearchQuery } from '../../server/core/search/search-index.port';
import { itemsIndexName, type ItemsIndexMapping } from '../../storage-config/elasticsearch/items-index';
import { ITEMS_MAPPING_V1 } from '../../storage-config/elasticsearch/items-mapping.v1';
import { makeDoc } from '../contract/search-index.contract';
import { describeOnServer, uniqueTestName } from '../support/test-servers';

// A real server on a shared, busy machine: the first test indexes and copies 1,200 entries.
jest.setTimeout(120_000);

/** A second mapping version for the test: v1 with one more search-time setting and its own _meta. */
const V2: ItemsIndexMapping = {
  version: 2,
  settings: { ...ITEMS_MAPPING_V1.settings, max_result_window: 20_000 },
  mappings: { ...ITEMS_MAPPING_V1.mappings, _meta: { mappingVersion: 2 } },
};

const query = (q: string, limit = 10): SearchQuery => ({ q, filters: {}, limit, cursor: null });

describeOnServer('elasticsearch', 'Elasticsearch reindex into a new mapping version', (url) => {
  let client: Client;
  let alias: string;
  let index: ElasticsearchSearchIndex;

  beforeEach(async () => {
    client = createElasticsearchClient(url);
    alias = uniqueTestName('t-reindex-');
    index = new ElasticsearchSearchIndex(client, { alias, refresh: true });
    await index.ensureIndex();
  });
  afterEach(async () => {
    await deleteItemsIndices(client, alias);
    await client.close();
  });

  it('keeps answering searches and taking writes while it copies, then swaps the alias to v2', async () => {
    const docs = Array.from({ length: 1200 }, (_, i) =>
      makeDoc({ title: `养老保险待遇核定表第${i}件`, facets: { year: 2010 + (i % 5) } }),
    );
    await index.upsertMany(docs);
    const before = await index.search(query('养老', 50));
    expect(before.total).toBe(1200);

    const edited = { ...docs[10]!, title: '工伤认定申请表', revision: 2 };
    const removed = docs[20]!;
    const added = makeDoc({ title: '生育津贴申领表' });
    const searchesDuring: number[] = [];
    const v1 = itemsIndexName(alias, 1);

    const report = await reindexTo(client, {
      alias,
      to: V2,
      batchSize: 250,
      clockSkewMs: 0, // one process, one clock: only the writes made during the copy are caught up
      onBatch: async (copied) => {
        // The alias still points at v1: searches answer in full while v2 fills.
        expect(await indicesBehind(client, alias)).toEqual([v1]);
        searchesDuring.push((await index.search(query('养老'))).total);
        if (copied === 250) {
          // Writes through the alias during the copy, after their entries were copied (or never were).
          await index.upsert(edited);
          await index.remove(removed.itemId);
          await index.upsert(added);
        }
      },
    });

    expect(searchesDuring).toEqual([1200, 1198, 1198, 1198, 1198]);
    expect(report).toEqual({ from: v1, to: itemsIndexName(alias, 2), copied: 1200, caughtUp: 2, removed: 1 });
    expect(await indicesBehind(client, alias)).toEqual([itemsIndexName(alias, 2)]);
    const mapping = await client.indices.getMapping({ index: itemsIndexName(alias, 2) });
    expect(mapping[itemsIndexName(alias, 2)]?.mappings._meta).toEqual({ mappingVersion: 2 });

    // Every entry is found in v2, with the writes made during the copy, in the same order as before.
    const after = await index.search(query('养老', 50));
    expect(after.total).toBe(1198);
    expect(after.facets.year).toEqual([
      { value: '2011', count: 240 },
      { value: '2012', count: 240 },
      { value: '2013', count: 240 },
      { value: '2014', count: 240 },
      { value: '2010', count: 238 },
    ]);
    expect(after.hits.map((h) => h.itemId)).toEqual(before.hits.map((h) => h.itemId));
    expect((await index.search(query('工伤'))).hits.map((h) => h.itemId)).toEqual([edited.itemId]);
    expect((await index.search(query('生育'))).hits.map((h) => h.itemId)).toEqual([added.itemId]);
    expect(await index.indexedRevision(edited.itemId)).toBe(2);
    expect(await index.indexedRevision(removed.itemId)).toBeNull();
    const pages: string[] = [];
    for (let cursor: string | null = null, n = 0; n === 0 || cursor; n++) {
      const page = await index.search({ ...query('核定表', 500), cursor });
      pages.push(...page.hits.map((h) => h.itemId));
      cursor = page.nextCursor;
    }
    expect(new Set(pages).size).toBe(1198);

    // The old index is kept for a rollback but refuses writes; writes go to v2 through the alias.
    await expect(client.index({ index: v1, id: 'x', document: {}, refresh: true })).rejects.toMatchObject({
      statusCode: 403,
    });
    const late = makeDoc({ title: '养老保险关系转移' });
    await index.upsert(late);
    expect((await index.search(query('关系转移'))).hits.map((h) => h.itemId)).toEqual([late.itemId]);
  });

  it('drops the old index when asked, and refuses to reindex into the version in use', async () => {
    await index.upsertMany([makeDoc({ title: '养老' }), makeDoc({ title: '工伤' })]);
    await expect(reindexTo(client, { alias, to: ITEMS_MAPPING_V1 })).rejects.toMatchObject({
      name: 'StorageError',
    });
    const report = await reindexTo(client, { alias, to: V2, dropOld: true });
    // Both were written within the default clock-skew margin before the reindex: copied again, harmlessly.
    expect(report).toMatchObject({ copied: 2, caughtUp: 2, removed: 0 });
    expect(await client.indices.exists({ index: itemsIndexName(alias, 1) })).toBe(false);
    expect((await index.search(query(''))).total).toBe(2);
  });
});
