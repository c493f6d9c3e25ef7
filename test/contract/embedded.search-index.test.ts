import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import { SEARCH_MIGRATIONS, SqliteSearchIndex } from '../../search/adapters/sqlite.search-index';
import { searchIndexContract } from './search-index.contract';

searchIndexContract('SQLite FTS5', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'search-'));
  const db = openSqlite(join(dir, 's.sqlite'), SEARCH_MIGRATIONS);
  return {
    index: new SqliteSearchIndex(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
