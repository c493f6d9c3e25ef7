import type { ItemsIndexMapping } from './items-index';

/**
 * Version 1 of the items index (search/adapters/elasticsearch.search-index.ts writes and reads it).
 *
 * Chinese is segmented in the application by search/tokenizer.ts, the same code the embedded FTS5 index
 * uses, so both backends match the same records: `grams` holds those tokens, space-separated, one array
 * entry per searchable field, and is analysed with the built-in `whitespace` analyzer only (no plugin,
 * no lower-casing or stemming that the embedded index would not do). An 18-character 公民身份号码 or unit
 * code is one token there, so it matches exactly and never by a part.
 *
 * - `_meta.mappingVersion` says which version an index was created with, for whoever inspects it.
 * - `index_prefixes` of one character makes a lone-character query (`张`) a single term lookup.
 * - `grams` is left out of `_source`: it is derived, and a reindex derives it again from `doc`.
 * - `doc` is the SearchDocument as given, stored but not indexed: highlights are computed from it in the
 *   application (search/highlight.ts), exactly as the embedded index does from its `docs` table.
 * - `seq` orders hits newest-indexed first (kept when an entry is replaced, as the embedded rowid is);
 *   `touched` is the time of the entry's last write, which lets a reindex catch up writes made during it.
 * - One primary shard: term aggregations (facet counts) are then exact, and an archive's index (a few
 *   million small documents) is well within one shard's size. `auto_expand_replicas` gives a replica as
 *   soon as the cluster has a second node, and none on a single node (which would otherwise stay yellow).
 * - An explicit `refresh_interval` keeps the shard from going search-idle, so `refresh=wait_for` writes
 *   are released within a second even when nobody has searched lately.
 */
export const ITEMS_MAPPING_V1: ItemsIndexMapping = {
  version: 1,
  settings: {
    number_of_shards: 1,
    auto_expand_replicas: '0-1',
    refresh_interval: '1s',
    max_result_window: 10_000,
  },
  mappings: {
    _meta: { mappingVersion: 1 },
    dynamic: 'strict',
    _source: { excludes: ['grams'] },
    properties: {
      itemId: { type: 'keyword' },
      seq: { type: 'long' },
      touched: { type: 'long' },
      grams: {
        type: 'text',
        analyzer: 'whitespace',
        norms: false,
        index_options: 'positions',
        index_prefixes: { min_chars: 1, max_chars: 1 },
      },
      facets: {
        properties: {
          fondsCode: { type: 'keyword' },
          year: { type: 'keyword' },
          classCode: { type: 'keyword' },
          insuranceType: { type: 'keyword' },
          businessStep: { type: 'keyword' },
          retention: { type: 'keyword' },
          status: { type: 'keyword' },
          section: { type: 'keyword' },
        },
      },
      doc: { type: 'object', enabled: false },
    },
  },
};
