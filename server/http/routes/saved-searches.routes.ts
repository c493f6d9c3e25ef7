import { Router } from 'express';
import type { CoreDeps } from '../../core/deps';
import {
  deleteSavedSearch,
  listSavedSearches,
  savedSearchIdSchema,
  savedSearchInputSchema,
  saveSearch,
} from '../../core/search/saved-searches';
import { route } from '../route';

/** 保存的检索: an account's own saved searches (list, save, delete). */
export function savedSearchRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/api/saved-searches',
      tag: 'search',
      auth: true,
      summary: "The signed-in account's saved searches, newest first",
    },
    async ({ actor, ctx }) => listSavedSearches(deps, actor, ctx),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/saved-searches',
      tag: 'search',
      auth: true,
      summary: 'Save a search (words and filters) for the signed-in account; audited without its words',
      body: savedSearchInputSchema,
      responds: { status: 201, description: 'the saved search' },
    },
    async ({ actor, ctx, body }) => saveSearch(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'delete',
      path: '/api/saved-searches/{id}',
      tag: 'search',
      auth: true,
      summary: 'Delete one of the signed-in account’s saved searches',
      params: savedSearchIdSchema,
      responds: { status: 204, description: 'deleted' },
    },
    async ({ actor, ctx, params }) => deleteSavedSearch(deps, actor, ctx, params.id),
  );
  return r;
}
