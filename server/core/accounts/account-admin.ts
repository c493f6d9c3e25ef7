import type { Actor } from '../access/actor';
import { SEPARATED_DUTIES } from '../access/roles';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { forbidden, notFound } from '../shared/errors';
import type { AccountId } from '../shared/ids';
import type { Account } from './account.model';
import { generatePassword, viewAccount, type AccountView } from './account-service';

type Deps = Pick<CoreDeps, 'accounts' | 'passwords' | 'audit' | 'clock' | 'settings'>;

async function accountFor(deps: Deps, id: AccountId): Promise<Account> {
  const account = await deps.accounts.getById(id);
  if (!account) throw notFound('account.not_found', `No account ${id}.`);
  return account;
}

/**
 * The system administrator disables or re-enables an account (account.disable). Not their own, and not
 * the security officer's or the auditor's (三员分立: the administrator cannot silence those who oversee
 * them). A disabled account's sessions end at once; it cannot sign in until enabled again.
 */
export async function setAccountDisabled(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: AccountId,
  disabled: boolean,
): Promise<AccountView> {
  const action = disabled ? 'account.disable' : 'account.enable';
  await authorizeAudited(deps, actor, ctx, 'account.disable', action, id);
  if (id === actor.accountId) throw forbidden('account.own_account', 'Nobody disables their own account.');
  const account = await accountFor(deps, id);
  if (account.roles.some((r) => SEPARATED_DUTIES.includes(r) && r !== 'sysadmin')) {
    await recordAudit(deps, actor, ctx, action, id, { reason: 'separated_duty' }, 'denied');
    throw forbidden(
      'account.separated_duty',
      'The administrator cannot disable or enable the security officer or the auditor (三员分立).',
    );
  }
  if (account.disabled === disabled) return viewAccount(account);
  const next = { ...account, disabled, updatedAt: deps.clock.now().toISOString() };
  await deps.accounts.update(next);
  if (disabled) await deps.accounts.deleteSessionsOf(id);
  await recordAudit(deps, actor, ctx, action, id, { username: account.username });
  return viewAccount(next);
}

/**
 * The system administrator resets an account's password (account.reset_password): a new one is generated
 * and returned once, to hand over in person; the account's sessions end. Not their own (they sign in
 * with it), and a locked account stays locked (unlocking is the security officer's).
 */
export async function resetPassword(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: AccountId,
): Promise<{ account: AccountView; password: string }> {
  await authorizeAudited(deps, actor, ctx, 'account.reset_password', 'account.reset_password', id);
  if (id === actor.accountId)
    throw forbidden('account.own_account', 'Nobody resets their own password here.');
  const account = await accountFor(deps, id);
  const password = generatePassword();
  const next = {
    ...account,
    passwordHash: await deps.passwords.hash(password),
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.accounts.update(next);
  await deps.accounts.deleteSessionsOf(id);
  await recordAudit(deps, actor, ctx, 'account.reset_password', id, { username: account.username });
  return { account: viewAccount(next), password };
}
