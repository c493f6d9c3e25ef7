import { canonicalJson } from '../../server/core/audit/audit.model';
import type { CatalogueStore } from '../../server/core/catalogue/catalogue-store.port';
import { catalogueSchemas, type CatalogueKind } from '../../server/core/catalogue/catalogue.schemas';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { MultisetDigest } from './digest';
import type { KindReport } from './report';

const KIND = 'catalogue versions';

/** Every version of every catalogue document, read from the embedded database's key list. */
function sourceVersions(ctx: MigrationContext) {
  return ctx.source.sql
    .prepare('SELECT kind, scope, version FROM catalogue_versions ORDER BY kind, scope, version')
    .all() as { kind: CatalogueKind; scope: string; version: number }[];
}

/** A version whole: body, author, note and time (what `append` must reproduce). */
async function digestOf(store: CatalogueStore, kinds: readonly CatalogueKind[]) {
  const d = new MultisetDigest();
  for (const kind of kinds)
    for (const scope of await store.scopes(kind))
      for (const { version } of await store.history(kind, scope))
        d.add(canonicalJson(await store.version(kind, scope, version)));
  return d.side;
}

/**
 * Catalogue versions through the port: `append` from the version before writes the same version number,
 * author, note and time, so each is copied as it is, oldest first, and a version present is left alone.
 */
export async function migrateCatalogue(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('catalogue');
  const tally = newTally();
  const from = ctx.source.stores.deps.catalogue;
  const to = ctx.target.stores.deps.catalogue;
  for (const { kind, scope, version } of sourceVersions(ctx)) {
    const held = await to.version(kind, scope, version);
    const v = (await from.version(kind, scope, version))!;
    if (held) {
      tally.present++;
      if (canonicalJson(held) !== canonicalJson(v)) tally.notes.push(`${kind} ${scope} v${version} differs`);
    } else {
      await to.append(kind, scope, v.body, {
        expectedVersion: version - 1,
        author: v.author,
        note: v.note,
        at: new Date(v.createdAt),
      });
      tally.copied++;
    }
    ctx.tick(KIND);
  }
  const kinds = [
    ...new Set([
      ...(Object.keys(catalogueSchemas) as CatalogueKind[]),
      ...sourceVersions(ctx).map((r) => r.kind),
    ]),
  ];
  return {
    kind: KIND,
    source: await digestOf(from, kinds),
    target: await digestOf(to, kinds),
    ...tally,
  };
}
