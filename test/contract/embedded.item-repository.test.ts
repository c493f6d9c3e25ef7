import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import { SqliteItemRepository } from '../../server/adapters/sqlite/sqlite.item-repository';
import { itemRepositoryContract } from './item-repository.contract';

itemRepositoryContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'items-'));
  const db = openSqlite(join(dir, 'a.sqlite'), METADATA_MIGRATIONS);
  return {
    repo: new SqliteItemRepository(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
