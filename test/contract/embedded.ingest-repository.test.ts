import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import { SqliteIngestRepository } from '../../server/adapters/sqlite/sqlite.ingest-repository';
import { ingestRepositoryContract } from './ingest-repository.contract';

ingestRepositoryContract('SqliteIngestRepository', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-contract-'));
  const db = openSqlite(join(dir, 'meta.sqlite'), METADATA_MIGRATIONS);
  return {
    repo: new SqliteIngestRepository(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
