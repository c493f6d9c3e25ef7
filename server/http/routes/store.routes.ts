import { Router } from 'express';
import type { CoreDeps } from '../../core/deps';

export function storeRoutes(_deps: CoreDeps): Router {
  const r = Router();
  return r;
}
