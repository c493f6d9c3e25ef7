import { Router } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { readItemHistory } from '../../core/items/item-history';
import { readPageText } from '../../core/items/item-text';
import type { ItemId } from '../../core/shared/ids';
import { route } from '../route';

const itemId = z
  .string()
  .regex(/^itm_[0-9a-z]{20}$/)
  .transform((s) => s as ItemId);

/** What the item page of the viewer needs beyond the catalogue entry: a page's text and words, the history. */
export function itemExtrasRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/api/items/{id}/pages/{n}/text',
      tag: 'items',
      auth: true,
      summary:
        'A page’s text and OCR word boxes `{ text, words: [{ text, box: [x0,y0,x1,y1] }], width, height }` ' +
        '(boxes in the original page’s pixels, width × height; page.read, audited; names and 公民身份号码 ' +
        'masked without pii.full)',
      params: z.strictObject({ id: itemId, n: z.coerce.number().int().min(1).max(100000) }),
    },
    async ({ actor, ctx, params }) => readPageText(deps, actor, ctx, params.id, params.n),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/items/{id}/history',
      tag: 'items',
      auth: true,
      summary:
        'The item’s life from the workflow records, oldest first: filed, pre-archived, transfer, boxes and ' +
        'movements, loans, appraisal and destruction, holds (item.read, scoped like the item, audited)',
      params: z.strictObject({ id: itemId }),
    },
    async ({ actor, ctx, params }) => readItemHistory(deps, actor, ctx, params.id),
  );
  return r;
}
