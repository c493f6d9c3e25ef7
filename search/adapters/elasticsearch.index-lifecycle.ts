import type { Client } from '@elastic/elasticsearch';
import {
  itemsIndexName,
  itemsIndexVersion,
  type ItemsIndexMapping,
} from '../../storage-config/elasticsearch/items-index';
import { StorageError } from '../../server/core/shared/errors';
import { errorTypeOf, esFailure } from './elasticsearch.client';

/** The concrete indices the alias points at (none when the alias does not exist). */
export async function indicesBehind(client: Client, alias: string): Promise<string[]> {
  try {
    const found = await client.indices.getAlias({ name: alias }, { ignore: [404] });
    return Object.keys(found).filter((index) => found[index]?.aliases?.[alias] !== undefined);
  } catch (error) {
    throw esFailure('Cannot read the search index alias.', error);
  }
}

/** Creates a concrete index of the given mapping version, optionally with the alias on it (one call). */
export async function createItemsIndex(
  client: Client,
  alias: string,
  mapping: ItemsIndexMapping,
  options: { withAlias: boolean },
): Promise<string> {
  const index = itemsIndexName(alias, mapping.version);
  await client.indices.create({
    index,
    settings: mapping.settings,
    mappings: mapping.mappings,
    ...(options.withAlias ? { aliases: { [alias]: { is_write_index: true } } } : {}),
    wait_for_active_shards: 1,
  });
  return index;
}

/**
 * Makes sure the alias exists and points at one items index: when absent, creates `<alias>-v<version>`
 * with the alias in the same request, so no writer ever sees the index without its alias. Safe to run
 * from every process at start-up: a concurrent creator's index is taken as is. Returns the concrete
 * index the alias points at (which may be of an older version: reindexing is a deliberate operation).
 */
export async function ensureItemsIndex(
  client: Client,
  alias: string,
  mapping: ItemsIndexMapping,
): Promise<string> {
  const existing = await indicesBehind(client, alias);
  if (existing.length === 1) return existing[0]!;
  if (existing.length > 1)
    throw new StorageError(`The search alias ${alias} points at ${existing.length} indices.`, false);
  try {
    return await createItemsIndex(client, alias, mapping, { withAlias: true });
  } catch (error) {
    if (errorTypeOf(error) !== 'resource_already_exists_exception')
      throw esFailure('Cannot create the search index.', error);
    // Another process created it first, or the alias was removed from an existing index by hand.
    const index = itemsIndexName(alias, mapping.version);
    const after = await indicesBehind(client, alias);
    if (after.length === 1) return after[0]!;
    try {
      await client.indices.updateAliases({
        actions: [{ add: { index, alias, is_write_index: true } }],
      });
    } catch (cause) {
      throw esFailure('Cannot create the search index.', cause);
    }
    return index;
  }
}

/**
 * Deletes the alias's items indices, every version of them (tests, and taking an installation down).
 * Names them one by one: clusters refuse wildcard deletes (`action.destructive_requires_name`).
 */
export async function deleteItemsIndices(client: Client, alias: string): Promise<void> {
  const found = await client.indices.get(
    { index: `${alias}-v*`, expand_wildcards: 'all' },
    { ignore: [404] },
  );
  const names = Object.keys(found).filter((index) => itemsIndexVersion(alias, index) !== null);
  if (names.length > 0) await client.indices.delete({ index: names }, { ignore: [404] });
}
