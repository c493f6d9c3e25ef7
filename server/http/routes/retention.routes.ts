import { Router } from 'express';
import type { CoreDeps } from '../../core/deps';

export function retentionRoutes(_deps: CoreDeps): Router {
  const r = Router();
  return r;
}
