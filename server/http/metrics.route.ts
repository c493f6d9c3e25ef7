import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ArchiveMetrics } from '../ops/metrics';

/**
 * `GET /metrics` in Prometheus's text format. Outside `/api` and its sessions: Prometheus scrapes with a
 * bearer token (ARCHIVE_METRICS_TOKEN) or, without one, the reverse proxy must keep /metrics internal.
 */
export function metricsRoute(metrics: ArchiveMetrics, token?: string): RequestHandler {
  return (req, res, next) => {
    if (token) {
      const given = Buffer.from(req.get('authorization') ?? '');
      const wanted = Buffer.from(`Bearer ${token}`);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        res
          .status(401)
          .json({ error: { code: 'metrics.unauthorized', message: 'A metrics token is required.' } });
        return;
      }
    }
    metrics.registry
      .metrics()
      .then((text) => res.type(metrics.registry.contentType).send(text))
      .catch(next);
  };
}
