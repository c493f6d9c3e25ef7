import type { Collection, Db } from 'mongodb';
import type { CatalogueStore, Versioned } from '../../core/catalogue/catalogue-store.port';
import type { CatalogueBodies, CatalogueKind } from '../../core/catalogue/catalogue.schemas';
import { conflict } from '../../core/shared/errors';
import { isDuplicateKey } from './mongo.database';
import { rethrow } from './mongo.shared-errors';

/** One version of one catalogue document; (kind, scope, version) is unique (`catalogue_version`). */
interface VersionDocument {
  kind: CatalogueKind;
  scope: string;
  version: number;
  body: unknown;
  author: string;
  note: string;
  createdAt: string;
}

const FIELDS = { _id: 0, kind: 1, scope: 1, version: 1, author: 1, note: 1, createdAt: 1 } as const;

const toVersioned = <T>(d: VersionDocument): Versioned<T> => ({
  kind: d.kind,
  scope: d.scope,
  version: d.version,
  body: d.body as T,
  author: d.author,
  note: d.note,
  createdAt: d.createdAt,
});

/**
 * Catalogue documents in MongoDB: one document per version, inserted once and never updated. The unique
 * index on (kind, scope, version) decides between two concurrent appends from the same version: the second
 * insert is refused, whichever process it comes from (no transaction needed).
 */
export class MongoCatalogueStore implements CatalogueStore {
  private readonly versions: Collection<VersionDocument>;

  constructor(db: Db) {
    this.versions = db.collection<VersionDocument>('catalogue');
  }

  private async latest(kind: CatalogueKind, scope: string): Promise<VersionDocument | null> {
    return this.versions.findOne(
      { kind, scope },
      { sort: { version: -1 }, projection: { ...FIELDS, body: 1 } },
    );
  }

  async current<K extends CatalogueKind>(kind: K, scope: string) {
    try {
      const d = await this.latest(kind, scope);
      return d ? toVersioned<CatalogueBodies[K]>(d) : null;
    } catch (e) {
      rethrow('Could not read the catalogue.', e);
    }
  }

  async version<K extends CatalogueKind>(kind: K, scope: string, version: number) {
    try {
      const d = await this.versions.findOne({ kind, scope, version }, { projection: { ...FIELDS, body: 1 } });
      return d ? toVersioned<CatalogueBodies[K]>(d) : null;
    } catch (e) {
      rethrow('Could not read the catalogue.', e);
    }
  }

  async history(kind: CatalogueKind, scope: string) {
    try {
      const docs = await this.versions
        .find({ kind, scope }, { projection: FIELDS })
        .sort({ version: 1 })
        .toArray();
      return docs.map(({ kind: k, scope: s, version, author, note, createdAt }) => ({
        kind: k,
        scope: s,
        version,
        author,
        note,
        createdAt,
      }));
    } catch (e) {
      rethrow('Could not read the catalogue history.', e);
    }
  }

  /** Each scope once, in byte order as SQLite's ORDER BY (the server sorts). */
  async scopes(kind: CatalogueKind) {
    try {
      const rows = await this.versions
        .aggregate<{ _id: string }>([
          { $match: { kind } },
          { $group: { _id: '$scope' } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      return rows.map((r) => r._id);
    } catch (e) {
      rethrow('Could not list catalogue scopes.', e);
    }
  }

  async append<K extends CatalogueKind>(
    kind: K,
    scope: string,
    body: CatalogueBodies[K],
    meta: { expectedVersion: number; author: string; note: string; at: Date },
  ) {
    const refuse = (current: number) =>
      conflict(
        'catalogue.version_conflict',
        `${kind} ${scope || '(installation)'} is at version ${current}, not ${meta.expectedVersion}.`,
        { currentVersion: current },
      );
    try {
      const latest = (await this.latest(kind, scope))?.version ?? 0;
      if (latest !== meta.expectedVersion) throw refuse(latest);
      const doc: VersionDocument = {
        kind,
        scope,
        version: latest + 1,
        body,
        author: meta.author,
        note: meta.note,
        createdAt: meta.at.toISOString(),
      };
      try {
        await this.versions.insertOne({ ...doc });
      } catch (e) {
        if (isDuplicateKey(e)) throw refuse((await this.latest(kind, scope))?.version ?? latest + 1);
        throw e;
      }
      // A copy, as SQLite returns: the caller's later changes to `body` reach neither the store nor this.
      return toVersioned<CatalogueBodies[K]>({ ...doc, body: structuredClone(body) });
    } catch (e) {
      rethrow('Could not append to the catalogue.', e);
    }
  }
}
