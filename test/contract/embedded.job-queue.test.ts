import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../../server/adapters/sqlite/sqlite.database';
import { SqliteJobQueue } from '../../server/adapters/sqlite/sqlite.job-queue';
import { jobQueueContract } from './job-queue.contract';

jobQueueContract('SqliteJobQueue', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-contract-'));
  const db = openSqlite(join(dir, 'meta.sqlite'), METADATA_MIGRATIONS);
  return {
    queue: new SqliteJobQueue(db, clock),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
