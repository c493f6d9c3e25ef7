import { canonicalJson } from '../../server/core/audit/audit.model';
import type { MigrationContext } from './context';
import { newTally } from './context';
import { digestOf } from './digest';
import type { KindReport } from './report';

const KIND = 'accounts';

/**
 * Accounts through the port, whole (password hash, roles, lock state). Sessions are not copied: people
 * sign in again on the new installation.
 */
export async function migrateAccounts(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('accounts');
  const tally = newTally();
  const from = ctx.source.stores.deps.accounts;
  const to = ctx.target.stores.deps.accounts;
  const accounts = await from.list();
  for (const account of accounts) {
    const held = await to.getById(account.id);
    if (held) {
      tally.present++;
      if (canonicalJson(held) !== canonicalJson(account)) tally.notes.push(`account ${account.id} differs`);
    } else {
      await to.insert(account);
      tally.copied++;
    }
    ctx.tick(KIND);
  }
  return {
    kind: KIND,
    source: digestOf(accounts.map(canonicalJson)),
    target: digestOf((await to.list()).map(canonicalJson)),
    ...tally,
  };
}
