import { Router } from 'express';
import type { CoreDeps } from '../../core/deps';
import { readDashboard } from '../../core/dashboard/dashboard';
import { route } from '../route';

export function dashboardRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/api/dashboard',
      tag: 'dashboard',
      auth: true,
      summary: 'What is waiting for me (待办): counts and links, by what my roles allow',
    },
    async ({ actor, ctx }) => readDashboard(deps, actor, ctx),
  );
  return r;
}
