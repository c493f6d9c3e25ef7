import { Router } from 'express';
import { z } from 'zod';
import {
  catalogueVersion,
  createFonds,
  editCatalogue,
  listFonds,
  listSchemes,
  putScheme,
} from '../../core/catalogue/catalogue-service';
import {
  businessStepCatalogueSchema,
  classificationSchemeSchema,
  fondsSchema,
  retentionTableSchema,
} from '../../core/catalogue/catalogue.schemas';
import type { CoreDeps } from '../../core/deps';
import { fondsCodeSchema } from '../../core/items/item.schemas';
import { route } from '../route';

const versionQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });
const editBody = <T extends z.ZodType>(body: T) =>
  z.strictObject({ expectedVersion: z.number().int().min(0), note: z.string().trim().min(1).max(500), body });

/** Fonds, classification schemes, the retention table and the business-step catalogue: read, and edit as new versions. */
export function catalogueRoutes(deps: CoreDeps): Router {
  const r = Router();
  for (const [kind, path, schema, label] of [
    [
      'retention-table',
      '/api/catalogue/retention-table',
      retentionTableSchema,
      'retention table (保管期限表)',
    ],
    [
      'business-steps',
      '/api/catalogue/business-steps',
      businessStepCatalogueSchema,
      'business-step catalogue (业务环节目录)',
    ],
  ] as const) {
    route(
      r,
      {
        method: 'get',
        path,
        tag: 'catalogue',
        auth: true,
        summary: `The ${label}, current or a given version`,
        query: versionQuery,
      },
      async ({ actor, query }) => catalogueVersion(deps, actor, kind, '', query.version ?? 'current'),
    );
    route(
      r,
      {
        method: 'get',
        path: `${path}/history`,
        tag: 'catalogue',
        auth: true,
        summary: `Versions of the ${label}`,
      },
      async () => deps.catalogue.history(kind, ''),
    );
    route(
      r,
      {
        method: 'put',
        path,
        tag: 'catalogue',
        auth: true,
        summary: `Edit the ${label}: writes a new version`,
        body: editBody(schema as z.ZodType),
        responds: { status: 201, description: 'the new version' },
      },
      async ({ actor, ctx, body }) => {
        const b = body as { expectedVersion: number; note: string; body: never };
        return editCatalogue(deps, actor, ctx, kind, b.body, b.expectedVersion, b.note);
      },
    );
  }
  route(
    r,
    { method: 'get', path: '/api/fonds', tag: 'catalogue', auth: true, summary: 'List fonds (全宗)' },
    async ({ actor }) => listFonds(deps, actor),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/fonds',
      tag: 'catalogue',
      auth: true,
      summary: 'Create a fonds with the default classification scheme',
      body: z.strictObject({ code: fondsCodeSchema, ...fondsSchema.shape }),
      responds: { status: 201, description: 'the fonds' },
    },
    async ({ actor, ctx, body }) => {
      const { code, ...fonds } = body;
      return createFonds(deps, actor, ctx, code, fonds);
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/fonds/{code}/schemes',
      tag: 'catalogue',
      auth: true,
      summary: 'Classification schemes of a fonds',
      params: z.strictObject({ code: fondsCodeSchema }),
    },
    async ({ actor, params }) => listSchemes(deps, actor, params.code),
  );
  route(
    r,
    {
      method: 'put',
      path: '/api/fonds/{code}/schemes/{schemeId}',
      tag: 'catalogue',
      auth: true,
      summary: 'Write a new version of a classification scheme (or create a named legacy scheme)',
      params: z.strictObject({ code: fondsCodeSchema, schemeId: z.string().max(32) }),
      body: z.strictObject({ expectedVersion: z.number().int().min(0), scheme: classificationSchemeSchema }),
      responds: { status: 201, description: 'the new version' },
    },
    async ({ actor, ctx, params, body }) =>
      putScheme(deps, actor, ctx, params.code, params.schemeId, body.scheme, body.expectedVersion),
  );
  return r;
}
