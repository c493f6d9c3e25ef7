import type { RequestHandler } from 'express';
import { authenticate } from '../core/accounts/sessions';
import type { CoreDeps } from '../core/deps';

export const SESSION_COOKIE = 'archive_session';

/** The session token from `Authorization: Bearer …` or, for the browser, the HTTP-only cookie. */
export function tokenOf(header: string | undefined, cookie: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (bearer) return bearer[1]!;
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Requires a valid session on every route after it; the acting account goes to `res.locals.actor`. */
export function requireSession(deps: CoreDeps): RequestHandler {
  return async (req, res, next) => {
    const token = tokenOf(req.get('authorization'), req.get('cookie'));
    res.locals.actor = await authenticate(deps, token ?? '');
    res.locals.token = token;
    next();
  };
}
