import { mkdirSync } from 'node:fs';
import type { Db, MongoClient } from 'mongodb';
import { elasticsearchNodeUrl, localLayout, type ProductionProfile } from '../../storage-config/profiles';
import { MONGODB_INDEXES } from '../../storage-config/mongodb';
import { minioBuckets } from '../../storage-config/minio/buckets';
import { connectMongo, ensureIndexes } from '../adapters/mongodb/mongo.database';
import { MongoCatalogueStore } from '../adapters/mongodb/mongo.catalogue-store';
import { MongoItemRepository } from '../adapters/mongodb/mongo.item-repository';
import { MongoAccountRepository } from '../adapters/mongodb/mongo.account-repository';
import { MongoAuditTrail } from '../adapters/mongodb/mongo.audit-trail';
import { MongoJobQueue } from '../adapters/mongodb/mongo.job-queue';
import { MongoIngestRepository } from '../adapters/mongodb/mongo.ingest-repository';
import { MongoRecordStore } from '../adapters/mongodb/mongo.record-store';
import { createMinioClient, ensureBuckets } from '../adapters/minio/minio.buckets';
import { MinioBlobStore } from '../adapters/minio/minio.blob-store';
import {
  ElasticsearchSearchIndex,
  type RefreshPolicy,
} from '../../search/adapters/elasticsearch.search-index';
import { createElasticsearchClient } from '../../search/adapters/elasticsearch.client';
import { ScryptPasswordHasher } from '../adapters/crypto/scrypt.password-hasher';
import { PdfLibDocumentPrinter } from '../adapters/print/pdf-lib.document-printer';
import { DEFAULT_SETTINGS, type CoreDeps, type CoreSettings } from '../core/deps';
import { systemClock, type Clock } from '../core/shared/clock.port';
import { buildMedia } from './media';
import type { Stores } from './stores';

export interface ProductionStores extends Stores {
  profile: 'production';
  items: MongoItemRepository;
  db: Db;
  mongo: MongoClient;
  search: ElasticsearchSearchIndex;
}

export interface ProductionOptions {
  clock?: Clock;
  settings?: Partial<CoreSettings>;
  passwordCost?: number;
  ocrWorkers?: number;
  /** The search index's refresh policy: `wait_for` (read-your-write, the default) or `true` in tests. */
  searchRefresh?: RefreshPolicy;
}

/**
 * Builds every port on the production profile: MongoDB (metadata, jobs, audit, workflow records), MinIO
 * (originals and derivatives, object-locked) and Elasticsearch 8 (search). Creates what is missing on first
 * start (indexes, buckets, the items index behind its alias) and refuses to start on a bucket without
 * object lock. `dataDir` holds only this process's own files (uploads being received, scratch, OCR data).
 */
export async function openProduction(
  profile: ProductionProfile,
  dataDir: string,
  options: ProductionOptions = {},
): Promise<ProductionStores> {
  const layout = localLayout(dataDir);
  mkdirSync(layout.uploads, { recursive: true });
  const clock = options.clock ?? systemClock;
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };

  const { client: mongo, db } = await connectMongo(profile.mongodb.url, profile.mongodb.database);
  try {
    await ensureIndexes(db, MONGODB_INDEXES);
    const buckets = { ...minioBuckets(profile.minio.bucket), region: profile.minio.region };
    const minio = createMinioClient(profile.minio, buckets);
    await ensureBuckets(minio, buckets);
    // Least privilege: when configured, only destruction's own account may bypass the object lock.
    const destroyer = profile.minio.destruction
      ? createMinioClient({ ...profile.minio, ...profile.minio.destruction }, buckets)
      : minio;
    const es = createElasticsearchClient(elasticsearchNodeUrl(profile.elasticsearch));
    const search = new ElasticsearchSearchIndex(es, {
      alias: profile.elasticsearch.alias,
      refresh: options.searchRefresh ?? 'wait_for',
    });
    await search.ensureIndex();

    const items = new MongoItemRepository(db);
    const deps: CoreDeps = {
      clock,
      catalogue: new MongoCatalogueStore(db),
      items,
      blobs: new MinioBlobStore(minio, buckets, destroyer),
      search,
      jobs: new MongoJobQueue(db, clock),
      audit: new MongoAuditTrail(db),
      accounts: new MongoAccountRepository(db),
      passwords: new ScryptPasswordHasher(options.passwordCost),
      settings,
      ingest: new MongoIngestRepository(db),
      media: buildMedia({
        scratchDir: layout.scratch,
        ocrCacheDir: layout.ocrData,
        maxPixelsPerPage: settings.ingest.maxPixelsPerPage,
        ...(options.ocrWorkers ? { ocrWorkers: options.ocrWorkers } : {}),
      }),
      records: new MongoRecordStore(db),
      printer: new PdfLibDocumentPrinter(),
    };
    return {
      profile: 'production',
      deps,
      items,
      layout,
      db,
      mongo,
      search,
      probes: {
        mongodb: async () => void (await db.command({ ping: 1 })),
        minio: async () => {
          if (!(await minio.bucketExists(buckets.archive.name)))
            throw new Error('the archive bucket is missing');
        },
        elasticsearch: async () => {
          if (!(await es.ping())) throw new Error('no answer');
        },
      },
      async close() {
        await deps.media.ocr.close();
        await es.close();
        await mongo.close();
      },
    };
  } catch (e) {
    await mongo.close().catch(() => undefined);
    throw e;
  }
}
