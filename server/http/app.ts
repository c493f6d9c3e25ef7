import { randomUUID } from 'node:crypto';
import express, { Router, type Express } from 'express';
import type { CoreDeps } from '../core/deps';
import { notFound } from '../core/shared/errors';
import { requireSession } from './auth.middleware';
import { errorHandler, type HttpLog } from './errors';
import { openApiDocument } from './openapi';
import { registry, route } from './route';
import { authRoutes } from './routes/auth.routes';
import { catalogueRoutes } from './routes/catalogue.routes';
import { itemRoutes } from './routes/items.routes';
import { itemExtrasRoutes } from './routes/item-extras.routes';
import { searchRoutes } from './routes/search.routes';
import { auditRoutes } from './routes/audit.routes';
import { accountRoutes } from './routes/accounts.routes';
import { accountAdminRoutes } from './routes/account-admin.routes';
import { ingestRoutes } from './routes/ingest.routes';
import type { UploadLimits } from './uploads';
import { viewer } from './viewer';
import { transferRoutes } from './routes/transfers.routes';
import { transferPreparationRoutes } from './routes/transfer-preparation.routes';
import { storeRoutes } from './routes/store.routes';
import { loanRoutes } from './routes/loans.routes';
import { retentionRoutes } from './routes/retention.routes';
import { reportRoutes } from './routes/reports.routes';
import { dashboardRoutes } from './routes/dashboard.routes';
import { savedSearchRoutes } from './routes/saved-searches.routes';
import type { ReadinessReport } from '../ops/readiness';
import type { ArchiveMetrics } from '../ops/metrics';
import { metricsRoute } from './metrics.route';

export interface AppOptions {
  deps: CoreDeps;
  log: HttpLog & { info(obj: object, msg: string): void };
  uploads: UploadLimits;
  secureCookies: boolean;
  /** Liveness facts (profile, role) and readiness of the stores this process uses. */
  ops: {
    live(): Record<string, unknown>;
    ready(): Promise<ReadinessReport>;
    /** Served at /metrics when present. */
    metrics?: ArchiveMetrics;
    /** When set, /metrics wants `Authorization: Bearer <token>`. */
    metricsToken?: string;
  };
}

/** The express app: JSON under /api, the viewer's static files at /. */
export function createApp(o: AppOptions): Express {
  registry.length = 0;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    res.locals.requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.set({
      'X-Request-Id': res.locals.requestId as string,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'",
    });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.route?.path ?? req.path.replace(/itm_\w+/g, ':id');
      o.log.info(
        { requestId: res.locals.requestId, method: req.method, path, status: res.statusCode, ms },
        'request',
      );
      // Unmatched paths are one label, so a scan of random URLs cannot grow the metrics without bound.
      o.ops.metrics?.observeRequest(req.method, req.route?.path ?? 'unmatched', res.statusCode, ms / 1000);
      const code = res.locals.errorCode as string | undefined;
      if (code) o.ops.metrics?.countError(code, res.statusCode);
    });
    next();
  });
  app.use(express.json({ limit: '2mb', strict: true, type: ['application/json', 'application/*+json'] }));

  const open = Router();
  route(
    open,
    { method: 'get', path: '/api/health', tag: 'system', auth: false, summary: 'Liveness: the process runs' },
    async () => ({ status: 'ok', ...o.ops.live() }),
  );
  route(
    open,
    {
      method: 'get',
      path: '/api/health/ready',
      tag: 'system',
      auth: false,
      summary: 'Readiness: every store answers (503 when one does not)',
    },
    async ({ res }) => {
      const report = await o.ops.ready();
      res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not_ready', ...report });
    },
  );
  if (o.ops.metrics) app.get('/metrics', metricsRoute(o.ops.metrics, o.ops.metricsToken));
  route(
    open,
    {
      method: 'get',
      path: '/api/openapi.json',
      tag: 'system',
      auth: false,
      summary: 'This OpenAPI document',
    },
    async () => openApiDocument(),
  );
  app.use(open);
  app.use(authRoutes(o.deps, o.secureCookies));

  const api = Router();
  api.use('/api', requireSession(o.deps));
  api.use(catalogueRoutes(o.deps));
  api.use(itemRoutes(o.deps, o.uploads));
  api.use(itemExtrasRoutes(o.deps));
  api.use(searchRoutes(o.deps));
  api.use(auditRoutes(o.deps));
  api.use(accountRoutes(o.deps));
  api.use(accountAdminRoutes(o.deps));
  api.use(ingestRoutes(o.deps, o.uploads));
  api.use(transferPreparationRoutes(o.deps)); // before transferRoutes (/api/transfers/{id})
  api.use(transferRoutes(o.deps));
  api.use(storeRoutes(o.deps));
  api.use(loanRoutes(o.deps));
  api.use(retentionRoutes(o.deps));
  api.use(reportRoutes(o.deps));
  api.use(dashboardRoutes(o.deps));
  api.use(savedSearchRoutes(o.deps));
  app.use(api);
  app.use('/api', (req, _res, next) =>
    next(notFound('route.not_found', `No route ${req.method} ${req.path}.`)),
  );
  app.use(viewer());
  app.use(errorHandler(o.log));
  return app;
}
