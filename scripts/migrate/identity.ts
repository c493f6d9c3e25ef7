import type { MigrationContext } from './context';
import { MigrationRefused } from './context';

const SOURCE_KEY = 'source';

/**
 * What names the source installation across runs: the hash of its first audit entry (the audit trail
 * starts with the installation and never changes), or, in an installation without one, its first item
 * or account.
 */
function sourceIdentity(ctx: MigrationContext): string {
  const sql = ctx.source.sql;
  const audit = sql.prepare('SELECT hash FROM audit WHERE seq = 1').pluck().get() as string | undefined;
  if (audit) return `audit:${audit}`;
  const item = sql.prepare('SELECT id FROM items ORDER BY seq LIMIT 1').pluck().get() as string | undefined;
  if (item) return `item:${item}`;
  const account = sql.prepare('SELECT id FROM accounts ORDER BY id LIMIT 1').pluck().get() as
    string | undefined;
  return account ? `account:${account}` : 'empty';
}

/**
 * Refuses a target holding data that did not come from this source: another installation's migration,
 * or an installation already in use (a first start creates the admin account). A first run records the
 * source in `migration_state` before it writes anything else, so any later run knows the data is its own.
 */
export async function claimTarget(ctx: MigrationContext): Promise<void> {
  const identity = sourceIdentity(ctx);
  const recorded = await ctx.target.state.get<string>(SOURCE_KEY);
  if (recorded !== null) {
    if (recorded !== identity)
      throw new MigrationRefused(
        'The target holds a migration of another installation (its first audit entry differs); nothing was written.',
      );
    return;
  }
  const held = await ctx.target.state.collectionsWithData();
  const { count } = await ctx.target.es.count({ index: ctx.target.alias });
  let objects = 0;
  for await (const _ of ctx.target.minio.listObjectsV2(ctx.target.archiveBucket, '', true)) {
    objects++;
    break;
  }
  if (held.length > 0 || count > 0 || objects > 0)
    throw new MigrationRefused(
      `The target is in use and did not come from this installation (${[
        ...held.map((c) => `MongoDB ${c}`),
        ...(count > 0 ? [`${count} search index entries`] : []),
        ...(objects > 0 ? ['objects in the archive bucket'] : []),
      ].join(', ')}); nothing was written.`,
    );
  await ctx.target.state.set(SOURCE_KEY, identity);
}
