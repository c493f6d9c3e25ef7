import { Router } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { assignRoles, createAccount, listAccounts, unlockAccount } from '../../core/accounts/account-service';
import { accountInputSchema, rolesInputSchema } from '../../core/accounts/account.schemas';
import type { AccountId } from '../../core/shared/ids';
import { route } from '../route';

const idParams = z.strictObject({
  id: z
    .string()
    .regex(/^acc_[0-9a-z]{20}$/)
    .transform((s) => s as AccountId),
});

/** Accounts: the administrator creates them, the security officer assigns roles and unlocks (三员分立). */
export function accountRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    { method: 'get', path: '/api/accounts', tag: 'accounts', auth: true, summary: 'List accounts' },
    async ({ actor, ctx }) => listAccounts(deps, actor, ctx),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/accounts',
      tag: 'accounts',
      auth: true,
      summary: 'Create an account (administrator)',
      body: accountInputSchema,
      responds: { status: 201, description: 'the account' },
    },
    async ({ actor, ctx, body }) => createAccount(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'put',
      path: '/api/accounts/{id}/roles',
      tag: 'accounts',
      auth: true,
      summary: "Set an account's roles (security officer)",
      params: idParams,
      body: rolesInputSchema,
    },
    async ({ actor, ctx, params, body }) =>
      assignRoles(deps, actor, ctx, params.id, body.roles, body.section),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/accounts/{id}/unlock',
      tag: 'accounts',
      auth: true,
      summary: 'Unlock an account (security officer)',
      params: idParams,
    },
    async ({ actor, ctx, params }) => unlockAccount(deps, actor, ctx, params.id),
  );
  return r;
}
