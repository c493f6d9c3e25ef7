import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import { SqliteAccountRepository } from '../../server/adapters/sqlite/sqlite.account-repository';
import { accountRepositoryContract } from './account-repository.contract';

accountRepositoryContract('SqliteAccountRepository', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accounts-contract-'));
  const db = openSqlite(join(dir, 'meta.sqlite'), METADATA_MIGRATIONS);
  return {
    accounts: new SqliteAccountRepository(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
