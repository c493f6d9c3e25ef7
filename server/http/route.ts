import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { invalid } from '../core/shared/errors';
import type { Actor } from '../core/access/actor';
import type { RequestContext } from '../core/deps';

/** A documented route: its zod schemas validate requests and generate the OpenAPI document. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A multipart body: field name → description. */
  multipart?: Record<string, string>;
  /** What a success returns (for the document); 200 with JSON unless told otherwise. */
  responds?: { status: number; description: string; contentType?: string };
}

export const registry: RouteSpec[] = [];

/** Parses with a schema; a failure is `request.invalid` (400) listing each problem and where it is. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw invalid('request.invalid', `The ${where} is not valid.`, {
    issues: r.error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join('.'),
      message: i.message,
    })),
  });
}

export interface Handled<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  ctx: RequestContext;
  req: Request;
  res: Response;
}

/** Registers a route: validates params, query and body, then calls `handle`; its result is sent as JSON. */
export function route<P = unknown, Q = unknown, B = unknown>(
  router: Router,
  spec: RouteSpec & { params?: z.ZodType<P>; query?: z.ZodType<Q>; body?: z.ZodType<B> },
  handle: (h: Handled<P, Q, B>) => Promise<unknown>,
  before: RequestHandler[] = [],
): void {
  registry.push(spec);
  const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  router[spec.method](expressPath, ...before, async (req: Request, res: Response) => {
    const params = spec.params ? parseInput(spec.params, req.params, 'path') : (undefined as P);
    const query = parseInput(
      (spec.query ?? z.strictObject({})) as z.ZodType,
      { ...(req.query as object) },
      'query',
    ) as Q;
    const body = spec.body ? parseInput(spec.body, req.body, 'body') : (undefined as B);
    const actor = res.locals.actor as Actor;
    const ctx: RequestContext = { requestId: String(res.locals.requestId) };
    const result = await handle({ params, query, body, actor, ctx, req, res });
    if (res.headersSent) return;
    if (result === undefined) res.status(spec.responds?.status ?? 204).end();
    else res.status(spec.responds?.status ?? 200).json(result);
  });
}
