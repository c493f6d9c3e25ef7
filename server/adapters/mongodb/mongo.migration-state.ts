import type { Collection, Db } from 'mongodb';

export const MIGRATION_STATE = 'migration_state';

interface StateDocument {
  _id: string;
  value: unknown;
}

/**
 * Migration only (scripts/migrate/): what a migration into this database has done so far (where each
 * step got to, which installation it copies), so that a resumed run starts where the last one stopped
 * instead of checking a million items again. One migration process writes it, nothing else reads it.
 */
export class MongoMigrationState {
  private readonly state: Collection<StateDocument>;

  constructor(private readonly db: Db) {
    this.state = db.collection<StateDocument>(MIGRATION_STATE);
  }

  async get<T>(key: string): Promise<T | null> {
    const doc = await this.state.findOne({ _id: key });
    return doc ? (doc.value as T) : null;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.state.replaceOne({ _id: key }, { value }, { upsert: true });
  }

  /** The collections holding at least one document, apart from this state (indexes alone are no data). */
  async collectionsWithData(): Promise<string[]> {
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((n) => n !== MIGRATION_STATE && !n.startsWith('system.'))
      .sort();
    const held: string[] = [];
    for (const name of names)
      if (await this.db.collection(name).findOne({}, { projection: { _id: 1 } })) held.push(name);
    return held;
  }

  /** The documents of a collection (for the migration report). */
  async count(collection: string): Promise<number> {
    return this.db.collection(collection).countDocuments({});
  }
}
