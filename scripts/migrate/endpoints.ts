import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Client as EsClient } from '@elastic/elasticsearch';
import type { Client as MinioClient } from 'minio';
import { embeddedLayout, elasticsearchNodeUrl, type ProductionProfile } from '../../storage-config/profiles';
import { minioBuckets } from '../../storage-config/minio/buckets';
import { openEmbedded, type EmbeddedStores } from '../../server/main/embedded';
import { openProduction, type ProductionStores } from '../../server/main/production';
import { MongoItemRestore } from '../../server/adapters/mongodb/mongo.items-restore';
import { MongoMigrationState } from '../../server/adapters/mongodb/mongo.migration-state';
import type { MongoIngestRepository } from '../../server/adapters/mongodb/mongo.ingest-repository';
import type { MongoJobQueue } from '../../server/adapters/mongodb/mongo.job-queue';
import type { MongoRecordStore } from '../../server/adapters/mongodb/mongo.record-store';
import { createMinioClient } from '../../server/adapters/minio/minio.buckets';
import { createElasticsearchClient } from '../../search/adapters/elasticsearch.client';
import { ElasticsearchSearchIndex } from '../../search/adapters/elasticsearch.search-index';

/**
 * The embedded installation a migration reads: its ports (the SQLite adapters, the filesystem blob
 * store) and, for what no port lists, read-only SQL connections to its two databases and the blob folder.
 */
export interface Source {
  stores: EmbeddedStores;
  /** archive.sqlite, read-only. */
  sql: Database.Database;
  /** search.sqlite, read-only. */
  searchSql: Database.Database;
  blobsDir: string;
  close(): void;
}

export function openSource(dataDir: string): Source {
  const layout = embeddedLayout(dataDir);
  if (!existsSync(layout.metadata))
    throw new Error(`No embedded installation in ${dataDir} (${layout.metadata} is missing).`);
  const stores = openEmbedded(dataDir, { ocrWorkers: 1 });
  const sql = new Database(layout.metadata, { readonly: true, fileMustExist: true });
  const searchSql = new Database(layout.search, { readonly: true, fileMustExist: true });
  return {
    stores,
    sql,
    searchSql,
    blobsDir: layout.blobs,
    close() {
      sql.close();
      searchSql.close();
      stores.close();
    },
  };
}

/**
 * The production installation a migration writes: its ports (opened as `npm start` opens them), the
 * adapters' migration-only writes, and the servers' own clients for what the report lists (the search
 * index's entries, the archive bucket's objects). The search index it bulk-loads through does not wait
 * for a refresh per write (`refresh: false`); `refreshSearch` makes everything visible at the end.
 */
export interface Target {
  stores: ProductionStores;
  itemsRestore: MongoItemRestore;
  records: MongoRecordStore;
  jobs: MongoJobQueue;
  ingest: MongoIngestRepository;
  state: MongoMigrationState;
  bulkIndex: ElasticsearchSearchIndex;
  es: EsClient;
  alias: string;
  minio: MinioClient;
  archiveBucket: string;
  refreshSearch(): Promise<void>;
  close(): Promise<void>;
}

export async function openTarget(profile: ProductionProfile): Promise<Target> {
  // The migration's own local files (uploads, scratch): none are written, but the composition wants a place.
  const workDir = mkdtempSync(join(tmpdir(), 'archive-migrate-'));
  const stores = await openProduction(profile, workDir, { ocrWorkers: 1 });
  const es = createElasticsearchClient(elasticsearchNodeUrl(profile.elasticsearch));
  const buckets = minioBuckets(profile.minio.bucket);
  const minio = createMinioClient(profile.minio, buckets);
  const alias = profile.elasticsearch.alias;
  return {
    stores,
    itemsRestore: new MongoItemRestore(stores.db),
    records: stores.deps.records as MongoRecordStore,
    jobs: stores.deps.jobs as MongoJobQueue,
    ingest: stores.deps.ingest as MongoIngestRepository,
    state: new MongoMigrationState(stores.db),
    bulkIndex: new ElasticsearchSearchIndex(es, { alias, refresh: false }),
    es,
    alias,
    minio,
    archiveBucket: buckets.archive.name,
    async refreshSearch() {
      await es.indices.refresh({ index: alias });
    },
    async close() {
      await es.close();
      await stores.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
