import type { Client, estypes } from '@elastic/elasticsearch';
import { StorageError } from '../../server/core/shared/errors';
import { esFailure } from './elasticsearch.client';
import type { IndexedItem } from './elasticsearch.documents';

/** How many entries, and roughly how many bytes, go into one `_bulk` request. */
const MAX_ENTRIES = 1000;
const MAX_BYTES = 8 * 1024 * 1024;

export interface BulkWrite {
  /** The alias (adapter writes: `require_alias`, so a missing alias never auto-creates an index) or a concrete index (reindex). */
  target: string;
  requireAlias: boolean;
  refresh: estypes.Refresh;
}

/**
 * The write of one entry: an `index` with the item's revision as an external version, `external_gte`.
 * Elasticsearch then refuses, atomically on the shard, a revision older than the one it holds (409,
 * which is not a failure: the newer entry stays), and accepts the same revision again, so a repeated
 * job is idempotent, exactly like the embedded index's `current > revision → skip`.
 */
export function indexAction(target: string, entry: IndexedItem, requireAlias: boolean) {
  return {
    index: {
      _index: target,
      _id: entry.itemId,
      version: entry.doc.revision,
      version_type: 'external_gte' as const,
      ...(requireAlias ? { require_alias: true } : {}),
    },
  };
}

/** Whether a write was refused because the index holds a newer revision. */
export const isSuperseded = (status: number | undefined, type: string | undefined): boolean =>
  status === 409 && type === 'version_conflict_engine_exception';

/**
 * Writes entries with the `_bulk` API in requests of bounded size. Entries refused as older than what
 * the index holds are counted, not failed; any other per-entry failure fails the call with the item
 * ids and error types (never Elasticsearch's reasons, which can quote the document).
 */
export async function bulkWrite(
  client: Client,
  entries: readonly IndexedItem[],
  options: BulkWrite,
): Promise<{ written: number; superseded: number }> {
  let written = 0;
  let superseded = 0;
  const failures: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    const operations = lines;
    lines = [];
    bytes = 0;
    let response: estypes.BulkResponse;
    try {
      response = await client.bulk({ operations, refresh: options.refresh });
    } catch (error) {
      throw esFailure('The search index refused a bulk write.', error);
    }
    for (const item of response.items) {
      const result = item.index;
      if (!result) continue;
      if (!result.error) written++;
      else if (isSuperseded(result.status, result.error.type)) superseded++;
      else failures.push(`${result._id ?? '?'}: ${result.status} ${result.error.type}`);
    }
  };
  for (const entry of entries) {
    const source = JSON.stringify(entry);
    lines.push(JSON.stringify(indexAction(options.target, entry, options.requireAlias)), source);
    bytes += source.length;
    if (lines.length >= 2 * MAX_ENTRIES || bytes >= MAX_BYTES) await flush();
  }
  await flush();
  if (failures.length > 0) {
    const retryable = failures.every((f) => / (429|503) | cluster_block_exception$/.test(f));
    throw new StorageError(
      `The search index refused ${failures.length} of ${entries.length} entries: ${failures.slice(0, 10).join('; ')}`,
      retryable,
    );
  }
  return { written, superseded };
}
