import type { Client, estypes } from '@elastic/elasticsearch';
import type {
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchQuery,
  SearchResult,
} from '../../server/core/search/search-index.port';
import type { ItemId } from '../../server/core/shared/ids';
import {
  CURRENT_ITEMS_MAPPING,
  type ItemsIndexMapping,
} from '../../storage-config/elasticsearch/items-index';
import { highlightField } from '../highlight';
import { queryTerms } from '../tokenizer';
import { bulkWrite, isSuperseded } from './elasticsearch.bulk';
import { errorTypeOf, esFailure, statusOf } from './elasticsearch.client';
import { nextStamp, toIndexed, type IndexedItem } from './elasticsearch.documents';
import { personsText, unitsText } from '../project';
import { ensureItemsIndex } from './elasticsearch.index-lifecycle';
import {
  decodeCursor,
  encodeCursor,
  FACET_AGGREGATIONS,
  facetsOf,
  queryOf,
  SORT,
} from './elasticsearch.query';

/**
 * When a write becomes visible to searches.
 * - `'wait_for'` (the default): the write resolves once a refresh has made it searchable (within the
 *   index's `refresh_interval`, one second), so the port's promise holds that an upserted document is
 *   found right after `upsert` resolves, without forcing refreshes: writes wait, the cluster does not work
 *   harder. Each write takes up to a second, which the indexing worker absorbs.
 * - `true`: every write forces a refresh of the shard. Visible at once, but many small segments under
 *   load; for tests and one-off tools.
 * - `false`: visible after the next scheduled refresh; the fastest, for bulk loads that do not search
 *   what they write (a migration), and it breaks the port's read-your-write promise.
 */
export type RefreshPolicy = 'wait_for' | true | false;

export interface ElasticsearchSearchIndexOptions {
  /** The alias the adapter reads and writes through (storage-config/elasticsearch/items-index.ts). */
  alias: string;
  refresh?: RefreshPolicy;
  /** The mapping `ensureIndex` creates when the alias is absent; the current version by default. */
  mapping?: ItemsIndexMapping;
}

type HitSource = { doc: Pick<SearchDocument, 'title' | 'text' | 'persons' | 'units'> };

/** A 404 for a missing document, as opposed to a missing index (which is a failure). */
const documentMissing = (error: unknown) => statusOf(error) === 404 && errorTypeOf(error) === undefined;

/**
 * The production search index: Elasticsearch 8, over tokens from search/tokenizer so that it matches
 * exactly what the embedded FTS5 index matches (see storage-config/elasticsearch/items-mapping.v1.ts).
 * Every read and write goes through the alias; writes `require_alias`, so a missing alias is an error and
 * never an index auto-created with a guessed mapping.
 *
 * The client is the caller's (search/adapters/elasticsearch.client.ts creates one from a node URL), so the
 * composition root closes it at shutdown with the other stores.
 *
 * Older revisions never overwrite newer ones: each entry is indexed with the item's revision as an
 * external version of type `external_gte` (elasticsearch.bulk.ts), checked atomically by the shard.
 */
export class ElasticsearchSearchIndex implements SearchIndex {
  private readonly alias: string;
  private readonly refresh: RefreshPolicy;
  private readonly mapping: ItemsIndexMapping;

  constructor(
    private readonly client: Client,
    options: ElasticsearchSearchIndexOptions,
  ) {
    this.alias = options.alias;
    this.refresh = options.refresh ?? 'wait_for';
    this.mapping = options.mapping ?? CURRENT_ITEMS_MAPPING;
  }

  /** Creates the concrete index and its alias when absent; returns the index the alias points at. */
  async ensureIndex(): Promise<string> {
    return ensureItemsIndex(this.client, this.alias, this.mapping);
  }

  /**
   * The `seq` of entries already indexed. A replaced entry keeps its place in the newest-first order,
   * as a row keeps its rowid in the embedded index; a realtime read, so it sees unrefreshed writes.
   */
  private async seqsOf(ids: readonly string[]): Promise<Map<string, number>> {
    const seqs = new Map<string, number>();
    if (ids.length === 0) return seqs;
    let response: estypes.MgetResponse<Pick<IndexedItem, 'seq'>>;
    try {
      response = await this.client.mget<Pick<IndexedItem, 'seq'>>({
        index: this.alias,
        ids: [...new Set(ids)],
        _source_includes: ['seq'],
      });
    } catch (error) {
      throw esFailure('Cannot read the search index.', error);
    }
    for (const d of response.docs) {
      if ('found' in d && d.found && d._source) seqs.set(d._id, d._source.seq);
    }
    return seqs;
  }

  async upsert(d: SearchDocument): Promise<void> {
    const now = nextStamp();
    const seq = (await this.seqsOf([d.itemId])).get(d.itemId) ?? now;
    try {
      await this.client.index({
        index: this.alias,
        id: d.itemId,
        document: toIndexed(d, seq, now),
        version: d.revision,
        version_type: 'external_gte',
        require_alias: true,
        refresh: this.refresh,
      });
    } catch (error) {
      if (isSuperseded(statusOf(error), errorTypeOf(error))) return; // an older revision arriving late
      throw esFailure('The search index refused a write.', error);
    }
  }

  /**
   * Bulk load with the `_bulk` API (migration, seeding, reindex): the same rules as `upsert`, entry by
   * entry. An entry refused because the index holds a newer revision is not a failure; any other
   * refused entry fails the call (a StorageError naming the item ids), after the others were written.
   */
  async upsertMany(docs: readonly SearchDocument[]): Promise<{ written: number; superseded: number }> {
    const seqs = await this.seqsOf(docs.map((d) => d.itemId));
    const entries = docs.map((d) => {
      const now = nextStamp();
      return toIndexed(d, seqs.get(d.itemId) ?? now, now);
    });
    return bulkWrite(this.client, entries, { target: this.alias, requireAlias: true, refresh: this.refresh });
  }

  /**
   * Forgets an entry. The delete carries the entry's revision as its external version, so the tombstone
   * Elasticsearch keeps for `index.gc_deletes` (60 s) holds that revision: the same revision may be
   * indexed again at once, as in the embedded index, while a late job with an older one is refused
   * rather than bringing the entry back. Should a newer revision arrive between the read and the delete,
   * the delete is repeated without a version: a removal always wins, as it does in the embedded index.
   */
  async remove(itemId: ItemId): Promise<void> {
    const revision = await this.indexedRevision(itemId);
    if (revision === null) return;
    try {
      await this.client.delete({
        index: this.alias,
        id: itemId,
        version: revision,
        version_type: 'external_gte',
        refresh: this.refresh,
      });
    } catch (error) {
      if (documentMissing(error)) return;
      if (!isSuperseded(statusOf(error), errorTypeOf(error)))
        throw esFailure('The search index refused a delete.', error);
      try {
        await this.client.delete({ index: this.alias, id: itemId, refresh: this.refresh });
      } catch (again) {
        if (!documentMissing(again)) throw esFailure('The search index refused a delete.', again);
      }
    }
  }

  async indexedRevision(itemId: ItemId): Promise<number | null> {
    try {
      const found = await this.client.get<{ doc: Pick<SearchDocument, 'revision'> }>({
        index: this.alias,
        id: itemId,
        _source_includes: ['doc.revision'],
      });
      return found._source?.doc.revision ?? null;
    } catch (error) {
      if (documentMissing(error)) return null;
      throw esFailure('Cannot read the search index.', error);
    }
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const terms = queryTerms(q.q);
    const query = queryOf(q, terms);
    if (query === null) return { total: 0, hits: [], facets: {}, facetsExact: true, nextCursor: null };
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    let response: estypes.SearchResponse<HitSource>;
    try {
      response = await this.client.search<HitSource>({
        index: this.alias,
        query,
        sort: SORT,
        size: q.limit + 1,
        ...(after ? { search_after: after } : {}),
        track_total_hits: true,
        aggs: FACET_AGGREGATIONS,
        _source: ['doc.title', 'doc.text', 'doc.persons', 'doc.units'],
      });
    } catch (error) {
      throw esFailure('The search index refused a search.', error);
    }
    const rows = response.hits.hits;
    const page = rows.slice(0, q.limit);
    const hits: SearchHit[] = page.map((h) => {
      const doc = h._source!.doc;
      return {
        itemId: h._id as ItemId,
        highlights: [
          highlightField('title', doc.title, terms),
          highlightField('text', doc.text, terms),
          highlightField('persons', personsText(doc), terms),
          highlightField('units', unitsText(doc), terms),
        ].filter((x) => x !== null),
      };
    });
    const total = response.hits.total;
    const { facets, exact } = facetsOf(response.aggregations);
    const last = page[page.length - 1];
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits,
      facets,
      facetsExact: exact,
      nextCursor: rows.length > q.limit && last?.sort ? encodeCursor(last.sort) : null,
    };
  }
}
