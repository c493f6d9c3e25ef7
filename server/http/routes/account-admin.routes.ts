import { Router } from 'express';
import { z } from 'zod';
import { resetPassword, setAccountDisabled } from '../../core/accounts/account-admin';
import { schemeHistory, schemeVersion } from '../../core/catalogue/scheme-history';
import type { CoreDeps } from '../../core/deps';
import { fondsCodeSchema } from '../../core/items/item.schemas';
import type { AccountId } from '../../core/shared/ids';
import { route } from '../route';

const idParams = z.strictObject({
  id: z
    .string()
    .regex(/^acc_[0-9a-z]{20}$/)
    .transform((s) => s as AccountId),
});
const schemeParams = z.strictObject({ code: fondsCodeSchema, schemeId: z.string().max(32) });

/**
 * Administration the viewer needs beside accounts.routes.ts: the administrator disables, enables and
 * resets passwords (三员分立); the versions of a classification scheme.
 */
export function accountAdminRoutes(deps: CoreDeps): Router {
  const r = Router();
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    route(
      r,
      {
        method: 'post',
        path: `/api/accounts/{id}/${action}`,
        tag: 'accounts',
        auth: true,
        summary: `${disabled ? 'Disable' : 'Enable'} an account (administrator; not their own, not the security officer's or auditor's)`,
        params: idParams,
      },
      async ({ actor, ctx, params }) => setAccountDisabled(deps, actor, ctx, params.id, disabled),
    );
  }
  route(
    r,
    {
      method: 'post',
      path: '/api/accounts/{id}/password',
      tag: 'accounts',
      auth: true,
      summary:
        "Reset an account's password (administrator): a generated password, returned once; its sessions end",
      params: idParams,
    },
    async ({ actor, ctx, params }) => resetPassword(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/fonds/{code}/schemes/{schemeId}/history',
      tag: 'catalogue',
      auth: true,
      summary: 'Versions of a classification scheme (author, note, date)',
      params: schemeParams,
    },
    async ({ actor, params }) => schemeHistory(deps, actor, params.code, params.schemeId),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/fonds/{code}/schemes/{schemeId}',
      tag: 'catalogue',
      auth: true,
      summary: 'A classification scheme, current or a given version',
      params: schemeParams,
      query: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
    },
    async ({ actor, params, query }) =>
      schemeVersion(deps, actor, params.code, params.schemeId, query.version ?? 'current'),
  );
  return r;
}
