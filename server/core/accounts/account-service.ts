import { createHash, randomInt } from 'node:crypto';
import type { Actor } from '../access/actor';
import { SECTION_SCOPED, SEPARATED_DUTIES, type Role } from '../access/roles';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { forbidden, invalid, notFound } from '../shared/errors';
import { newId, type AccountId } from '../shared/ids';
import type { Account } from './account.model';
import type { AccountInput } from './account.schemas';

type Deps = Pick<CoreDeps, 'accounts' | 'passwords' | 'audit' | 'clock' | 'settings'>;

/** What an account looks like outside the core: never the password hash. */
export type AccountView = Omit<Account, 'passwordHash'>;
export const viewAccount = ({ passwordHash: _p, ...rest }: Account): AccountView => rest;

export const actorOf = (a: Account): Actor => ({
  accountId: a.id,
  username: a.username,
  roles: a.roles,
  section: a.section,
});

/**
 * 三员分立: an account holding the administrator, security-officer or auditor role holds only that role,
 * and section roles need a section.
 */
export function checkRoles(roles: readonly Role[], section: string | null): void {
  const duties = roles.filter((r) => SEPARATED_DUTIES.includes(r));
  if (duties.length > 0 && roles.length > 1) {
    throw invalid(
      'account.separation_of_duties',
      'The administrator, security officer and auditor roles are each held alone (三员分立).',
      { roles },
    );
  }
  if (roles.some((r) => SECTION_SCOPED.includes(r)) && !section) {
    throw invalid('account.section_required', 'A clerk or section head belongs to a business section.', {
      field: 'section',
    });
  }
}

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** 20 characters from 57 unambiguous letters and digits (~116 bits). */
export const generatePassword = (): string =>
  Array.from({ length: 20 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');

async function insertAccount(deps: Deps, input: AccountInput): Promise<Account> {
  checkRoles(input.roles, input.section);
  const now = deps.clock.now().toISOString();
  const account: Account = {
    id: newId<'AccountId'>('acc') as AccountId,
    username: input.username,
    displayName: input.displayName,
    passwordHash: await deps.passwords.hash(input.password),
    roles: [...new Set(input.roles)],
    section: input.section,
    disabled: false,
    failedLogins: 0,
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.accounts.insert(account);
  return account;
}

/**
 * First start: creates `admin` (system administrator) with the given password, or a generated one that
 * the caller prints once. Does nothing if `admin` exists.
 */
export async function bootstrapAdmin(
  deps: Deps,
  password: string | undefined,
): Promise<{ created: boolean; password?: string }> {
  if (await deps.accounts.getByUsername('admin')) return { created: false };
  const chosen = password ?? generatePassword();
  const account = await insertAccount(deps, {
    username: 'admin',
    displayName: '系统管理员',
    password: chosen,
    roles: ['sysadmin'],
    section: null,
  });
  await recordAudit(
    deps,
    { accountId: 'system', username: 'system' },
    { requestId: null },
    'account.bootstrap',
    account.id,
    { username: 'admin' },
  );
  return { created: true, ...(password ? {} : { password: chosen }) };
}

/**
 * The administrator creates accounts. Separated-duty roles (security officer, auditor) can be given at
 * creation only while nobody holds that role yet; afterwards only the security officer assigns roles.
 */
export async function createAccount(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  input: AccountInput,
): Promise<AccountView> {
  await authorizeAudited(deps, actor, ctx, 'account.create', 'account.create', input.username);
  const existing = await deps.accounts.list();
  for (const role of input.roles) {
    if (
      role === 'sysadmin' ||
      (SEPARATED_DUTIES.includes(role) && existing.some((a) => a.roles.includes(role)))
    ) {
      throw forbidden(
        'account.role_needs_security_officer',
        `Only the security officer assigns the ${role} role.`,
      );
    }
  }
  const account = await insertAccount(deps, input);
  await recordAudit(deps, actor, ctx, 'account.create', account.id, {
    username: account.username,
    roles: account.roles,
  });
  return viewAccount(account);
}

/** Seeds an account without an actor (demo data, tests). Not reachable over HTTP. */
export async function seedAccount(deps: Deps, input: AccountInput): Promise<AccountView> {
  const account = await insertAccount(deps, input);
  await recordAudit(
    deps,
    { accountId: 'system', username: 'system' },
    { requestId: null },
    'account.create',
    account.id,
    { username: account.username, roles: account.roles },
  );
  return viewAccount(account);
}

/** The security officer sets an account's roles (never their own). */
export async function assignRoles(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: AccountId,
  roles: Role[],
  section: string | null | undefined,
): Promise<AccountView> {
  await authorizeAudited(deps, actor, ctx, 'account.assign_roles', 'account.roles', id);
  if (id === actor.accountId) throw forbidden('account.own_roles', 'Nobody assigns their own roles.');
  const account = await deps.accounts.getById(id);
  if (!account) throw notFound('account.not_found', `No account ${id}.`);
  const nextSection = section === undefined ? account.section : section;
  checkRoles(roles, nextSection);
  const next = {
    ...account,
    roles: [...new Set(roles)],
    section: nextSection,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.accounts.update(next);
  await deps.accounts.deleteSessionsOf(id);
  await recordAudit(deps, actor, ctx, 'account.roles', id, {
    from: account.roles,
    to: next.roles,
    section: nextSection,
  });
  return viewAccount(next);
}

/** The security officer unlocks an account locked by failed logins. */
export async function unlockAccount(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: AccountId,
): Promise<AccountView> {
  await authorizeAudited(deps, actor, ctx, 'account.unlock', 'account.unlock', id);
  const account = await deps.accounts.getById(id);
  if (!account) throw notFound('account.not_found', `No account ${id}.`);
  const next = { ...account, failedLogins: 0, lockedUntil: null, updatedAt: deps.clock.now().toISOString() };
  await deps.accounts.update(next);
  await recordAudit(deps, actor, ctx, 'account.unlock', id);
  return viewAccount(next);
}

export async function listAccounts(deps: Deps, actor: Actor, ctx: RequestContext): Promise<AccountView[]> {
  await authorizeAudited(deps, actor, ctx, 'account.list', 'account.list', null);
  return (await deps.accounts.list()).map(viewAccount);
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
