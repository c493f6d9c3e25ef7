import type { estypes } from '@elastic/elasticsearch';
import { ITEMS_MAPPING_V1 } from './items-mapping.v1';

/**
 * One version of the items index: its settings and mappings, and the number that names the concrete
 * index. A change to either is a new version (a new file beside items-mapping.v1.ts) reached by a
 * reindex (search/adapters/elasticsearch.reindex.ts), never an edit of a version already deployed:
 * Elasticsearch cannot change how an existing field is indexed.
 */
export interface ItemsIndexMapping {
  version: number;
  settings: estypes.IndicesIndexSettings;
  mappings: estypes.MappingTypeMapping;
}

/**
 * Name convention. The archive reads and writes only through the alias (`<prefix>-items`, the profile's
 * `elasticsearch.index`); the alias points at exactly one concrete index named after its mapping version
 * (`<prefix>-items-v1`), so a reindex can build `-v2` beside it and swap the alias in one atomic call.
 */
export const itemsAliasName = (prefix: string): string => `${prefix}-items`;
export const itemsIndexName = (alias: string, version: number): string => `${alias}-v${version}`;

/** The mapping version of a concrete index named by itemsIndexName, or null for any other name. */
export function itemsIndexVersion(alias: string, index: string): number | null {
  if (!index.startsWith(`${alias}-v`)) return null;
  const rest = index.slice(alias.length + 2);
  return /^[1-9]\d{0,5}$/.test(rest) ? Number(rest) : null;
}

/** The version a new installation creates (`ensureIndex`) and the one a reindex moves an older one to. */
export const CURRENT_ITEMS_MAPPING: ItemsIndexMapping = ITEMS_MAPPING_V1;
