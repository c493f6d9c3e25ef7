import type { CatalogueStore, Versioned } from '../../core/catalogue/catalogue-store.port';
import type { CatalogueBodies, CatalogueKind } from '../../core/catalogue/catalogue.schemas';
import { conflict } from '../../core/shared/errors';
import type { Db } from './sqlite.database';

interface Row {
  kind: CatalogueKind;
  scope: string;
  version: number;
  body: string;
  author: string;
  note: string;
  created_at: string;
}

const toVersioned = <T>(r: Row): Versioned<T> => ({
  kind: r.kind,
  scope: r.scope,
  version: r.version,
  body: JSON.parse(r.body) as T,
  author: r.author,
  note: r.note,
  createdAt: r.created_at,
});

/** Catalogue documents in SQLite: one row per version, never updated. */
export class SqliteCatalogueStore implements CatalogueStore {
  constructor(private readonly db: Db) {}

  async current<K extends CatalogueKind>(kind: K, scope: string) {
    const r = this.db
      .prepare('SELECT * FROM catalogue_versions WHERE kind = ? AND scope = ? ORDER BY version DESC LIMIT 1')
      .get(kind, scope) as Row | undefined;
    return r ? toVersioned<CatalogueBodies[K]>(r) : null;
  }

  async version<K extends CatalogueKind>(kind: K, scope: string, version: number) {
    const r = this.db
      .prepare('SELECT * FROM catalogue_versions WHERE kind = ? AND scope = ? AND version = ?')
      .get(kind, scope, version) as Row | undefined;
    return r ? toVersioned<CatalogueBodies[K]>(r) : null;
  }

  async history(kind: CatalogueKind, scope: string) {
    const rows = this.db
      .prepare(
        'SELECT kind, scope, version, author, note, created_at FROM catalogue_versions WHERE kind = ? AND scope = ? ORDER BY version',
      )
      .all(kind, scope) as Omit<Row, 'body'>[];
    return rows.map((r) => ({
      kind: r.kind,
      scope: r.scope,
      version: r.version,
      author: r.author,
      note: r.note,
      createdAt: r.created_at,
    }));
  }

  async scopes(kind: CatalogueKind) {
    return this.db
      .prepare('SELECT DISTINCT scope FROM catalogue_versions WHERE kind = ? ORDER BY scope')
      .pluck()
      .all(kind) as string[];
  }

  async append<K extends CatalogueKind>(
    kind: K,
    scope: string,
    body: CatalogueBodies[K],
    meta: { expectedVersion: number; author: string; note: string; at: Date },
  ) {
    const write = this.db.transaction(() => {
      const latest =
        (this.db
          .prepare('SELECT MAX(version) FROM catalogue_versions WHERE kind = ? AND scope = ?')
          .pluck()
          .get(kind, scope) as number | null) ?? 0;
      if (latest !== meta.expectedVersion) {
        throw conflict(
          'catalogue.version_conflict',
          `${kind} ${scope || '(installation)'} is at version ${latest}, not ${meta.expectedVersion}.`,
          {
            currentVersion: latest,
          },
        );
      }
      const row: Row = {
        kind,
        scope,
        version: latest + 1,
        body: JSON.stringify(body),
        author: meta.author,
        note: meta.note,
        created_at: meta.at.toISOString(),
      };
      this.db
        .prepare(
          'INSERT INTO catalogue_versions (kind, scope, version, body, author, note, created_at) VALUES (@kind, @scope, @version, @body, @author, @note, @created_at)',
        )
        .run(row);
      return toVersioned<CatalogueBodies[K]>(row);
    });
    return write.immediate();
  }
}
