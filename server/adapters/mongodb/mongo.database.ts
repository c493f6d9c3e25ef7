import { MongoClient, MongoError, MongoServerError, type Db, type IndexDescription } from 'mongodb';
import { StorageError } from '../../core/shared/errors';

/** One collection's indexes, declared in storage-config/mongodb/ and created at start-up. */
export interface CollectionIndexes {
  collection: string;
  indexes: IndexDescription[];
}

/** Connects to a MongoDB-protocol server (MongoDB, or FerretDB in tests) and checks that it answers. */
export async function connectMongo(url: string, database: string): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000, ignoreUndefined: true });
  try {
    await client.connect();
    const db = client.db(database);
    await db.command({ ping: 1 });
    return { client, db };
  } catch (cause) {
    await client.close().catch(() => undefined);
    throw new StorageError(`Cannot reach the MongoDB server for database ${database}.`, true, { cause });
  }
}

/**
 * Creates every declared index that the collection lacks (by name), so a restart creates nothing. Only
 * the missing ones are sent: FerretDB v1 drops the connection (a server panic) when one `createIndexes`
 * names two or more indexes that all exist already, which every start after the first would do.
 */
export async function ensureIndexes(db: Db, declared: readonly CollectionIndexes[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const { collection, indexes } of declared) {
    if (indexes.length === 0) continue;
    const held = existing.has(collection)
      ? new Set((await db.collection(collection).listIndexes().toArray()).map((i) => i.name as string))
      : new Set<string>();
    const missing = indexes.filter((i) => !i.name || !held.has(i.name));
    if (missing.length > 0) await db.collection(collection).createIndexes(missing);
  }
}

/** E11000: a unique index (or `_id`) refused the write. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** Wraps a driver failure: network errors and transient server errors may succeed on retry. */
export function mongoFailure(message: string, cause: unknown): StorageError {
  const transient =
    cause instanceof MongoError &&
    (cause.hasErrorLabel('RetryableWriteError') ||
      cause.hasErrorLabel('TransientTransactionError') ||
      cause.name === 'MongoNetworkError');
  return new StorageError(message, transient, { cause });
}
