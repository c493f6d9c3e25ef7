import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import { SqliteCatalogueStore } from '../../server/adapters/sqlite/sqlite.catalogue-store';
import { catalogueStoreContract } from './catalogue-store.contract';

catalogueStoreContract('SqliteCatalogueStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-contract-'));
  const db = openSqlite(join(dir, 'meta.sqlite'), METADATA_MIGRATIONS);
  return {
    catalogue: new SqliteCatalogueStore(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
