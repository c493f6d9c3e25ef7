import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import type { SearchQuery, SearchResult } from '../../server/core/search/search-index.port';
import { SEARCH_MIGRATIONS, SqliteSearchIndex } from '../../search/adapters/sqlite.search-index';
import { ElasticsearchSearchIndex } from '../../search/adapters/elasticsearch.search-index';
import { createElasticsearchClient } from '../../search/adapters/elasticsearch.client';
import { deleteItemsIndices, indicesBehind } from '../../search/adapters/elasticsearch.index-lifecycle';
import { itemsIndexName } from '../../storage-config/elasticsearch/items-index';
import { ITEMS_MAPPING_V1 } from '../../storage-config/elasticsearch/items-mapping.v1';
import { describeOnServer, uniqueTestName } from '../support/test-servers';
import { makeDoc, searchIndexContract } from './search-index.contract';

// A real server on a shared, busy machine: creating an index takes a moment, and with refresh=wait_for
// each upsert resolves only at the next refresh (up to the index's one-second refresh_interval).
jest.setTimeout(60_000);

/** An adapter over an alias of its own on the shared node; its indices are deleted after the test. */
async function freshIndex(url: string, refresh: 'wait_for' | true = true) {
  const client = createElasticsearchClient(url);
  const alias = uniqueTestName('t-search-');
  const index = new ElasticsearchSearchIndex(client, { alias, refresh });
  await index.ensureIndex();
  return {
    client,
    alias,
    index,
    cleanup: async () => {
      await deleteItemsIndices(client, alias);
      await client.close();
    },
  };
}

describeOnServer('elasticsearch', 'SearchIndex contract: Elasticsearch', (url) => {
  searchIndexContract('Elasticsearch (refresh=true)', () => freshIndex(url, true));
  // The default policy, as production runs it: every upsert must be searchable once it resolves.
  searchIndexContract('Elasticsearch (refresh=wait_for)', () => freshIndex(url, 'wait_for'));

  describe('Elasticsearch search index: lifecycle and bulk writes', () => {
    let client: Client;
    let alias: string;
    let index: ElasticsearchSearchIndex;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ client, alias, index, cleanup } = await freshIndex(url)));
    afterEach(async () => cleanup());

    it('creates a versioned index behind the alias, once', async () => {
      const concrete = itemsIndexName(alias, ITEMS_MAPPING_V1.version);
      expect(await indicesBehind(client, alias)).toEqual([concrete]);
      expect(await index.ensureIndex()).toBe(concrete);
      expect(await indicesBehind(client, alias)).toEqual([concrete]);
      const mapping = await client.indices.getMapping({ index: concrete });
      expect(mapping[concrete]?.mappings._meta).toEqual({ mappingVersion: 1 });
    });

    it('refuses to write without its alias instead of auto-creating an index', async () => {
      const orphan = new ElasticsearchSearchIndex(client, { alias: `${alias}-nothing`, refresh: true });
      await expect(orphan.upsert(makeDoc())).rejects.toMatchObject({ name: 'StorageError' });
      expect(await client.indices.exists({ index: `${alias}-nothing` })).toBe(false);
    });

    it('bulk-loads with upsertMany: idempotent, newest revision kept, order of first indexing', async () => {
      const docs = Array.from({ length: 30 }, (_, i) => makeDoc({ title: `养老保险第${i}件`, revision: 2 }));
      expect(await index.upsertMany(docs)).toEqual({ written: 30, superseded: 0 });
      const older = { ...docs[0]!, title: '工伤保险', revision: 1 };
      const newer = { ...docs[1]!, title: '生育保险', revision: 3 };
      expect(await index.upsertMany([older, newer, docs[2]!])).toEqual({ written: 2, superseded: 1 });
      const all = await index.search({ q: '养老', filters: {}, limit: 100, cursor: null });
      expect(all.total).toBe(29);
      expect(all.hits.map((h) => h.itemId)).toEqual(
        docs
          .filter((d) => d !== docs[1])
          .map((d) => d.itemId)
          .reverse(),
      );
      expect(await index.indexedRevision(docs[0]!.itemId)).toBe(2);
      expect(await index.indexedRevision(docs[1]!.itemId)).toBe(3);
      // A replaced entry keeps its place in the newest-first order, as in the embedded index.
      const every = await index.search({ q: '保险', filters: {}, limit: 100, cursor: null });
      expect(every.hits.map((h) => h.itemId)).toEqual(docs.map((d) => d.itemId).reverse());
    });

    it('indexes an entry again after a remove, but not an older revision arriving late', async () => {
      const doc = makeDoc({ title: '养老保险', revision: 4 });
      await index.upsert(doc);
      await index.remove(doc.itemId);
      await index.remove(doc.itemId);
      await index.upsert({ ...doc, revision: 3 });
      expect(await index.indexedRevision(doc.itemId)).toBeNull();
      await index.upsert(doc);
      expect(await index.indexedRevision(doc.itemId)).toBe(4);
      expect((await index.search({ q: '养老', filters: {}, limit: 5, cursor: null })).total).toBe(1);
    });

    it('reports the entries a bulk write refused, and writes the others', async () => {
      const good = makeDoc({ title: '养老保险' });
      const bad = makeDoc({ title: '养老保险', facets: { businessStep: 'x'.repeat(40_000) } });
      await expect(index.upsertMany([good, bad])).rejects.toThrow(bad.itemId);
      expect(await index.indexedRevision(good.itemId)).toBe(1);
      expect(await index.indexedRevision(bad.itemId)).toBeNull();
    });

    it('finds, orders, counts and highlights exactly what the embedded index does', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'search-parity-'));
      const db = openSqlite(join(dir, 's.sqlite'), SEARCH_MIGRATIONS);
      try {
        const embedded = new SqliteSearchIndex(db);
        const corpus = [
          makeDoc({
            title: '张三丰基本养老保险待遇核定表',
            text: '经办人：李四\n备注：养老金按月发放',
            persons: [{ name: '张三丰', residentId: '11010519491231002X' }],
            units: [{ name: '重庆市某某有限公司', codes: ['91350100M000100Y43'] }],
          }),
          makeDoc({
            title: '工伤认定申请表',
            persons: [{ name: '胡泽庆' }],
            facets: { classCode: 'GS', year: 2014 },
          }),
          makeDoc({ title: '保险关系转移 待遇 养老', archivalCode: '160-2013-GL-D100-0001' }),
          makeDoc({
            title: '在职职工增员申报表',
            text: '重庆市涪陵区社会保险局 ＡＢＣ１２３',
            facets: { section: '稽核科' },
          }),
          makeDoc({
            title: '失业保险金申领登记表',
            units: [{ name: '涪陵区某厂', codes: ['500102000012345'] }],
          }),
          makeDoc({
            title: '小张的生育津贴',
            text: '张家湾',
            facets: { insuranceType: 'SHY', status: 'archived' },
          }),
        ];
        for (const d of corpus) {
          await embedded.upsert(d);
          await index.upsert(d);
        }
        const queries: [string, Partial<SearchQuery>][] = [
          ['养老', {}],
          ['养老保险', {}],
          ['张', {}],
          ['张三丰 养老', {}],
          ['胡泽庆工伤', {}],
          ['11010519491231002x', {}],
          ['91350100M000100Y43', {}],
          ['160-2013-gl', {}],
          ['abc123', {}],
          ['ＡＢＣ', {}],
          ['保险', { filters: { year: 2013 } }],
          ['保险', { filters: { sections: ['稽核科', '养老保险科'] } }],
          ['', { filters: { classCode: 'GL' } }],
          ['', {}],
          ['表', { limit: 2 }],
          ['"养老" OR (工伤)', {}],
        ];
        for (const [text, extra] of queries) {
          const query: SearchQuery = { q: text, filters: {}, limit: 20, cursor: null, ...extra };
          const [mine, theirs] = [await index.search(query), await embedded.search(query)];
          const comparable = (r: SearchResult) => ({ ...r, nextCursor: r.nextCursor !== null });
          expect({ text, ...comparable(mine) }).toEqual({ text, ...comparable(theirs) });
        }
      } finally {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
