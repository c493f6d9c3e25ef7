import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import { SqliteRecordStore } from '../../server/adapters/sqlite/sqlite.record-store';
import { recordStoreContract } from './record-store.contract';

recordStoreContract('SqliteRecordStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'records-contract-'));
  const db = openSqlite(join(dir, 'meta.sqlite'), METADATA_MIGRATIONS);
  return {
    records: new SqliteRecordStore(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
