import type { Db, MongoClient } from 'mongodb';
import {
  connectMongo,
  ensureIndexes,
  type CollectionIndexes,
} from '../../server/adapters/mongodb/mongo.database';
import { uniqueTestName } from './test-servers';

/** A database of its own for one test on the shared test server, with the declared indexes; dropped after. */
export async function freshMongoDatabase(
  url: string,
  indexes: readonly CollectionIndexes[] = [],
): Promise<{ client: MongoClient; db: Db; cleanup(): Promise<void> }> {
  const { client, db } = await connectMongo(url, uniqueTestName('t_'));
  await ensureIndexes(db, indexes);
  return {
    client,
    db,
    cleanup: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
