import type { CatalogueBodies, CatalogueKind } from './catalogue.schemas';

/**
 * Scope of a document: '' for installation-wide documents (retention table, business steps),
 * the 全宗号 for a fonds, `<全宗号>/<schemeId>` for a classification scheme.
 */
export interface Versioned<T> {
  kind: CatalogueKind;
  scope: string;
  version: number;
  body: T;
  author: string;
  note: string;
  createdAt: string;
}

/**
 * Port: immutable, versioned catalogue documents. `append` writes version `expectedVersion + 1`, or throws
 * `catalogue.version_conflict` if someone else wrote first (expectedVersion 0 creates the document).
 */
export interface CatalogueStore {
  current<K extends CatalogueKind>(kind: K, scope: string): Promise<Versioned<CatalogueBodies[K]> | null>;
  version<K extends CatalogueKind>(
    kind: K,
    scope: string,
    version: number,
  ): Promise<Versioned<CatalogueBodies[K]> | null>;
  history(kind: CatalogueKind, scope: string): Promise<Omit<Versioned<unknown>, 'body'>[]>;
  scopes(kind: CatalogueKind): Promise<string[]>;
  append<K extends CatalogueKind>(
    kind: K,
    scope: string,
    body: CatalogueBodies[K],
    meta: { expectedVersion: number; author: string; note: string; at: Date },
  ): Promise<Versioned<CatalogueBodies[K]>>;
}
