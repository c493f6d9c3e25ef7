import type { Client, estypes } from '@elastic/elasticsearch';
import { StorageError } from '../../server/core/shared/errors';
import {
  itemsIndexName,
  itemsIndexVersion,
  type ItemsIndexMapping,
} from '../../storage-config/elasticsearch/items-index';
import { bulkWrite } from './elasticsearch.bulk';
import { esFailure } from './elasticsearch.client';
import { nextStamp, toIndexed, type IndexedItem } from './elasticsearch.documents';
import { createItemsIndex, indicesBehind } from './elasticsearch.index-lifecycle';

export interface ReindexOptions {
  /** The alias the archive uses; it must point at exactly one items index. */
  alias: string;
  /** The mapping version to move to (a new storage-config/elasticsearch/items-mapping.v<N>.ts). */
  to: ItemsIndexMapping;
  /** Entries read and written per request. */
  batchSize?: number;
  /**
   * How far a writer's clock may lag this process's clock. Entries written during the copy are found
   * again by their `touched` stamp from (start − this margin); copying a few too many is harmless.
   */
  clockSkewMs?: number;
  /** Delete the old index at the end. By default it is kept, write-blocked, for a rollback. */
  dropOld?: boolean;
  /** Called after each batch of the copy with the number copied so far (progress, tests). */
  onBatch?: (copied: number) => Promise<void> | void;
}

export interface ReindexReport {
  from: string;
  to: string;
  /** Entries copied from the snapshot of the old index. */
  copied: number;
  /** Entries written to the old index during the copy and copied again after the swap. */
  caughtUp: number;
  /** Entries removed from the old index during the copy, and so removed from the new one. */
  removed: number;
}

type Stored = Pick<IndexedItem, 'doc' | 'seq' | 'touched'>;

/**
 * Reads every entry of a concrete index matching `query`, in batches, from a point-in-time snapshot
 * (consistent while writers go on, and cheaper than `from`/`size` paging).
 */
async function scan(
  client: Client,
  index: string,
  query: estypes.QueryDslQueryContainer,
  request: Pick<estypes.SearchRequest, '_source' | 'seq_no_primary_term'>,
  batchSize: number,
  each: (hits: estypes.SearchHit<Stored>[]) => Promise<void>,
): Promise<void> {
  const pit = await client.openPointInTime({ index, keep_alive: '5m' });
  let id = pit.id;
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await client.search<Stored>({
        pit: { id, keep_alive: '5m' },
        query,
        sort: [{ _shard_doc: 'asc' }],
        size: batchSize,
        track_total_hits: false,
        ...request,
        ...(after ? { search_after: after } : {}),
      });
      id = page.pit_id ?? id;
      const hits = page.hits.hits;
      if (hits.length === 0) return;
      await each(hits);
      after = hits[hits.length - 1]!.sort;
      if (hits.length < batchSize) return;
    }
  } finally {
    await client.closePointInTime({ id }).catch(() => undefined);
  }
}

/** Copies entries as they are (their revision, `seq` and `touched`), deriving `grams` again from `doc`. */
async function copy(client: Client, target: string, hits: estypes.SearchHit<Stored>[]) {
  const entries = hits.map((h) => toIndexed(h._source!.doc, h._source!.seq, h._source!.touched));
  return bulkWrite(client, entries, { target, requireAlias: false, refresh: false });
}

/**
 * Moves the alias's items index to a new mapping version with no downtime: searches and writes keep
 * going to the old index, through the alias, until one `_aliases` call moves the alias atomically.
 *
 * 1. Creates `<alias>-v<N>` (refreshes off while it fills) and copies a point-in-time snapshot of the old
 *    index into it, `grams` derived again by search/tokenizer (a new version may change tokenizing).
 * 2. Swaps the alias in one `_aliases` call (the removal `must_exist`, so two reindexes cannot race).
 * 3. Write-blocks the old index: a write that resolved the alias just before the swap and arrives late
 *    is refused as retryable (the job retries and reaches the new index) instead of being lost.
 * 4. Catches up: entries written to the old index during the copy (by `touched`) are copied again;
 *    versions keep whatever is newer in the new index. Entries deleted from the old index during the
 *    copy are deleted from the new one, unless rewritten since (`if_seq_no`).
 *
 * A failure before the swap deletes the new index and leaves everything as it was: run it again. A
 * failure after it leaves the new index serving with the catch-up unfinished (the error says so); the
 * old index, kept and write-blocked, still holds the entries written during the copy (`touched`), and
 * re-indexing those items brings the new index up to date.
 */
export async function reindexTo(client: Client, options: ReindexOptions): Promise<ReindexReport> {
  const { alias, to: mapping } = options;
  const batchSize = options.batchSize ?? 1000;
  const behind = await indicesBehind(client, alias);
  if (behind.length !== 1)
    throw new StorageError(`The search alias ${alias} points at ${behind.length} indices, not one.`, false);
  const from = behind[0]!;
  const to = itemsIndexName(alias, mapping.version);
  if (itemsIndexVersion(alias, from) === mapping.version)
    throw new StorageError(
      `The search alias ${alias} already uses mapping version ${mapping.version}.`,
      false,
    );
  if (await client.indices.exists({ index: to }))
    throw new StorageError(`${to} exists already (an interrupted reindex?): delete it first.`, false);

  let swapped = false;
  try {
    const start = nextStamp() - (options.clockSkewMs ?? 60_000) * 1000;
    await createItemsIndex(
      client,
      alias,
      { ...mapping, settings: { ...mapping.settings, refresh_interval: '-1' } },
      { withAlias: false },
    );
    let copied = 0;
    await scan(
      client,
      from,
      { match_all: {} },
      { _source: ['doc', 'seq', 'touched'] },
      batchSize,
      async (hits) => {
        await copy(client, to, hits);
        copied += hits.length;
        await options.onBatch?.(copied);
      },
    );
    await client.indices.putSettings({
      index: to,
      settings: { refresh_interval: mapping.settings.refresh_interval ?? '1s' },
    });
    await client.indices.refresh({ index: to });

    await client.indices.updateAliases({
      actions: [
        { remove: { index: from, alias, must_exist: true } },
        { add: { index: to, alias, is_write_index: true } },
      ],
    });
    swapped = true;
    await client.indices.addBlock({ index: from, block: 'write' });
    await client.indices.refresh({ index: from });

    let caughtUp = 0;
    const touchedSince = { range: { touched: { gte: start } } };
    await scan(
      client,
      from,
      touchedSince,
      { _source: ['doc', 'seq', 'touched'] },
      batchSize,
      async (hits) => {
        caughtUp += (await copy(client, to, hits)).written;
      },
    );
    await client.indices.refresh({ index: to });

    let removed = 0;
    const copiedOnly = { range: { touched: { lt: start } } };
    await scan(
      client,
      to,
      copiedOnly,
      { _source: false, seq_no_primary_term: true },
      batchSize,
      async (hits) => {
        const present = await client.mget({ index: from, ids: hits.map((h) => h._id!), _source: false });
        const gone = new Set(present.docs.filter((d) => !('found' in d && d.found)).map((d) => d._id));
        const operations = hits
          .filter((h) => gone.has(h._id!))
          .map((h) => ({
            delete: { _index: to, _id: h._id!, if_seq_no: h._seq_no!, if_primary_term: h._primary_term! },
          }));
        if (operations.length === 0) return;
        const result = await client.bulk({ operations, refresh: false });
        removed += result.items.filter((i) => i.delete?.status === 200).length;
      },
    );
    await client.indices.refresh({ index: to });

    if (options.dropOld) await client.indices.delete({ index: from });
    return { from, to, copied, caughtUp, removed };
  } catch (error) {
    // Before the swap nothing reads the new index: drop it, so the reindex can simply be run again.
    if (!swapped) await client.indices.delete({ index: to }, { ignore: [404] }).catch(() => undefined);
    if (error instanceof StorageError) throw error;
    const stage = swapped ? 'after the alias moved, while catching up' : 'before the alias moved';
    throw esFailure(`Reindexing ${alias} into ${to} failed ${stage}.`, error);
  }
}
