import express, { type Express } from 'express';
import type { AppOptions } from './app';
import { metricsRoute } from './metrics.route';

/**
 * A worker-only process has no API, yet its orchestrator needs liveness and readiness and Prometheus its
 * metrics: this small app serves the same three paths as the API process, and nothing else.
 */
export function createOpsApp(ops: AppOptions['ops']): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/api/health', (_req, res) => void res.json({ status: 'ok', ...ops.live() }));
  app.get('/api/health/ready', (_req, res, next) => {
    ops
      .ready()
      .then((r) => res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not_ready', ...r }))
      .catch(next);
  });
  if (ops.metrics) app.get('/metrics', metricsRoute(ops.metrics, ops.metricsToken));
  app.use(
    (_req, res) =>
      void res.status(404).json({ error: { code: 'route.not_found', message: 'No such route.' } }),
  );
  return app;
}
