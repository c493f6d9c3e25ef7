import { Router } from 'express';
import { login, logout } from '../../core/accounts/sessions';
import { loginSchema } from '../../core/accounts/account.schemas';
import { permissionsOf } from '../../core/access/roles';
import type { CoreDeps } from '../../core/deps';
import { route } from '../route';
import { SESSION_COOKIE, requireSession } from '../auth.middleware';

export function authRoutes(deps: CoreDeps, secureCookies: boolean): Router {
  const r = Router();
  route(
    r,
    {
      method: 'post',
      path: '/api/auth/login',
      tag: 'auth',
      auth: false,
      summary: 'Log in: returns a bearer token and sets the HTTP-only session cookie',
      body: loginSchema,
    },
    async ({ body, ctx, res }) => {
      const s = await login(deps, ctx, body.username, body.password);
      res.cookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        path: '/',
        expires: new Date(s.expiresAt),
      });
      return { token: s.token, expiresAt: s.expiresAt, account: s.account };
    },
  );
  const session = [requireSession(deps)];
  route(
    r,
    {
      method: 'post',
      path: '/api/auth/logout',
      tag: 'auth',
      auth: true,
      summary: 'Log out: ends this session',
    },
    async ({ actor, ctx, res }) => {
      await logout(deps, actor, ctx, String(res.locals.token));
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    },
    session,
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/auth/me',
      tag: 'auth',
      auth: true,
      summary: 'Who am I: account, roles and permissions',
    },
    async ({ actor }) => ({
      accountId: actor.accountId,
      username: actor.username,
      roles: actor.roles,
      section: actor.section,
      permissions: [...permissionsOf(actor.roles)].sort(),
    }),
    session,
  );
  return r;
}
