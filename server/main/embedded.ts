import { constants, mkdirSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { embeddedLayout } from '../../storage-config/profiles';
import { openSqlite, METADATA_MIGRATIONS } from '../adapters/sqlite/sqlite.database';
import { SqliteCatalogueStore } from '../adapters/sqlite/sqlite.catalogue-store';
import { SqliteItemRepository } from '../adapters/sqlite/sqlite.item-repository';
import { SqliteAccountRepository } from '../adapters/sqlite/sqlite.account-repository';
import { SqliteAuditTrail } from '../adapters/sqlite/sqlite.audit-trail';
import { SqliteJobQueue } from '../adapters/sqlite/sqlite.job-queue';
import { FsBlobStore } from '../adapters/fs/fs.blob-store';
import { ScryptPasswordHasher } from '../adapters/crypto/scrypt.password-hasher';
import { SEARCH_MIGRATIONS, SqliteSearchIndex } from '../../search/adapters/sqlite.search-index';
import { DEFAULT_SETTINGS, type CoreDeps, type CoreSettings } from '../core/deps';
import { systemClock, type Clock } from '../core/shared/clock.port';
import { SqliteIngestRepository } from '../adapters/sqlite/sqlite.ingest-repository';
import { buildMedia } from './media';
import { SqliteRecordStore } from '../adapters/sqlite/sqlite.record-store';
import { PdfLibDocumentPrinter } from '../adapters/print/pdf-lib.document-printer';
import type { Stores } from './stores';

export interface EmbeddedStores extends Stores {
  profile: 'embedded';
  items: SqliteItemRepository;
  search: SqliteSearchIndex;
  layout: ReturnType<typeof embeddedLayout>;
  close(): void;
}

/** Builds every port on the embedded profile: SQLite, the filesystem and SQLite FTS5, in one data directory. */
export function openEmbedded(
  dataDir: string,
  options: {
    clock?: Clock;
    settings?: Partial<CoreSettings>;
    passwordCost?: number;
    ocrWorkers?: number;
  } = {},
): EmbeddedStores {
  const layout = embeddedLayout(dataDir);
  mkdirSync(layout.blobs, { recursive: true });
  mkdirSync(layout.uploads, { recursive: true });
  const clock = options.clock ?? systemClock;
  const db = openSqlite(layout.metadata, METADATA_MIGRATIONS);
  const searchDb = openSqlite(layout.search, SEARCH_MIGRATIONS);
  const items = new SqliteItemRepository(db);
  const search = new SqliteSearchIndex(searchDb);
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const deps: CoreDeps = {
    clock,
    catalogue: new SqliteCatalogueStore(db),
    items,
    blobs: new FsBlobStore(layout.blobs),
    search,
    jobs: new SqliteJobQueue(db, clock),
    audit: new SqliteAuditTrail(db),
    accounts: new SqliteAccountRepository(db),
    passwords: new ScryptPasswordHasher(options.passwordCost),
    settings,
    ingest: new SqliteIngestRepository(db),
    media: buildMedia({
      scratchDir: layout.scratch,
      ocrCacheDir: layout.ocrData,
      maxPixelsPerPage: settings.ingest.maxPixelsPerPage,
      ...(options.ocrWorkers ? { ocrWorkers: options.ocrWorkers } : {}),
    }),
    records: new SqliteRecordStore(db),
    printer: new PdfLibDocumentPrinter(),
  };
  return {
    profile: 'embedded',
    deps,
    items,
    search,
    layout,
    probes: {
      metadata: async () => void db.prepare('SELECT 1').get(),
      search: async () => void searchDb.prepare('SELECT 1').get(),
      blobs: async () => void (await access(layout.blobs, constants.W_OK)),
    },
    close() {
      void deps.media.ocr.close();
      db.close();
      searchDb.close();
    },
  };
}
