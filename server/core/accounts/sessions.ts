import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { DomainError, unauthenticated } from '../shared/errors';
import { actorOf, hashToken, viewAccount, type AccountView } from './account-service';

type Deps = Pick<CoreDeps, 'accounts' | 'passwords' | 'audit' | 'clock' | 'settings'>;

// Verifying against a throwaway hash when the username is unknown keeps both paths equally slow.
let dummyHash: Promise<string> | null = null;

/**
 * Logs in: returns a fresh bearer token (stored only as its hash). Wrong username and wrong password
 * give the same error; after `maxFailedLogins` failures in a row the account is locked for a while.
 */
export async function login(
  deps: Deps,
  ctx: RequestContext,
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: string; account: AccountView }> {
  const now = deps.clock.now();
  const account = await deps.accounts.getByUsername(username.toLowerCase());
  const bad = unauthenticated('auth.invalid_credentials', 'Wrong username or password.');
  if (!account) {
    await deps.passwords.verify(password, await (dummyHash ??= deps.passwords.hash('not-a-password')));
    await recordAudit(
      deps,
      { accountId: 'unknown', username: username.slice(0, 64) },
      ctx,
      'auth.login',
      null,
      { reason: 'unknown_user' },
      'failed',
    );
    throw bad;
  }
  const who = { accountId: account.id, username: account.username };
  if (account.disabled) {
    await recordAudit(deps, who, ctx, 'auth.login', account.id, { reason: 'disabled' }, 'denied');
    throw new DomainError('auth.account_disabled', 'forbidden', 'This account is disabled.');
  }
  if (account.lockedUntil && account.lockedUntil > now.toISOString()) {
    await recordAudit(deps, who, ctx, 'auth.login', account.id, { reason: 'locked' }, 'denied');
    throw new DomainError(
      'auth.account_locked',
      'locked',
      'Too many failed logins: this account is locked for a while.',
      { lockedUntil: account.lockedUntil },
    );
  }
  if (!(await deps.passwords.verify(password, account.passwordHash))) {
    const failures = account.failedLogins + 1;
    const lock = failures >= deps.settings.maxFailedLogins;
    await deps.accounts.update({
      ...account,
      failedLogins: lock ? 0 : failures,
      lockedUntil: lock
        ? new Date(now.getTime() + deps.settings.lockoutMinutes * 60_000).toISOString()
        : account.lockedUntil,
    });
    await recordAudit(
      deps,
      who,
      ctx,
      'auth.login',
      account.id,
      { reason: 'bad_password', locked: lock },
      'failed',
    );
    throw bad;
  }
  await deps.accounts.update({ ...account, failedLogins: 0, lockedUntil: null });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.settings.sessionHours * 3_600_000).toISOString();
  await deps.accounts.createSession({
    tokenHash: hashToken(token),
    accountId: account.id,
    createdAt: now.toISOString(),
    expiresAt,
  });
  await recordAudit(deps, who, ctx, 'auth.login', account.id);
  return { token, expiresAt, account: viewAccount(account) };
}

/** Resolves a bearer token to the acting account, or throws `auth.unauthenticated`. */
export async function authenticate(deps: Deps, token: string): Promise<Actor> {
  const fail = unauthenticated('auth.unauthenticated', 'Log in first (session missing or expired).');
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw fail;
  const session = await deps.accounts.getSession(hashToken(token));
  if (!session || session.expiresAt <= deps.clock.now().toISOString()) throw fail;
  const account = await deps.accounts.getById(session.accountId);
  if (!account || account.disabled) throw fail;
  return actorOf(account);
}

export async function logout(deps: Deps, actor: Actor, ctx: RequestContext, token: string): Promise<void> {
  await deps.accounts.deleteSession(hashToken(token));
  await recordAudit(deps, actor, ctx, 'auth.logout', actor.accountId);
}
