import { Router } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { createItem } from '../../core/items/create-item';
import { updateItem } from '../../core/items/update-item';
import { getItem, listItems, readPage } from '../../core/items/read-items';
import { accessionItem } from '../../core/items/accession-item';
import { liftHold, placeHold } from '../../core/items/holds';
import {
  holdInputSchema,
  itemInputSchema,
  itemListQuerySchema,
  itemPatchSchema,
} from '../../core/items/item.schemas';
import type { ItemId } from '../../core/shared/ids';
import { invalid } from '../../core/shared/errors';
import { parseInput, route } from '../route';
import { sendBytes } from '../send-file';
import { pageUploads, uploadedPages, type UploadLimits } from '../uploads';

const itemId = z
  .string()
  .regex(/^itm_[0-9a-z]{20}$/)
  .transform((s) => s as ItemId);
const idParams = z.strictObject({ id: itemId });

/** The type of a derivative image from its first bytes (derivatives are JPEG or WebP). */
function imageType(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  return 'application/octet-stream';
}

export function itemRoutes(deps: CoreDeps, limits: UploadLimits): Router {
  const r = Router();
  route(
    r,
    {
      method: 'post',
      path: '/api/items',
      tag: 'items',
      auth: true,
      summary: 'File an item (件): multipart with a `metadata` JSON part and page files',
      multipart: {
        metadata: 'JSON: the item fields (see ItemInput)',
        pages: 'page files: JPEG, PNG, TIFF or PDF, in order',
      },
      responds: { status: 201, description: 'the item' },
    },
    async ({ actor, ctx, req }) => {
      const raw = (req.body as Record<string, unknown> | undefined)?.metadata;
      if (typeof raw !== 'string')
        throw invalid(
          'request.invalid',
          'Send the item fields as a multipart field named "metadata" (JSON).',
        );
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw invalid('request.malformed_json', 'The "metadata" part is not valid JSON.');
      }
      const input = parseInput(itemInputSchema, json, 'metadata');
      return createItem(deps, actor, ctx, input, await uploadedPages(req));
    },
    [pageUploads(limits)],
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/items',
      tag: 'items',
      auth: true,
      summary: 'List items, newest first, by cursor',
      query: itemListQuerySchema,
    },
    async ({ actor, ctx, query }) => listItems(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/items/{id}',
      tag: 'items',
      auth: true,
      summary: 'One item (audited)',
      params: idParams,
    },
    async ({ actor, ctx, params }) => getItem(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'patch',
      path: '/api/items/{id}',
      tag: 'items',
      auth: true,
      summary: 'Edit catalogue fields',
      params: idParams,
      body: itemPatchSchema,
    },
    async ({ actor, ctx, params, body }) => updateItem(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/items/{id}/pages/{n}',
      tag: 'items',
      auth: true,
      summary: 'A page file (audited)',
      params: z.strictObject({ id: itemId, n: z.coerce.number().int().min(1).max(100000) }),
      responds: { status: 200, description: 'the page file', contentType: 'application/octet-stream' },
    },
    async ({ actor, ctx, params, res }) => {
      const { page, bytes, stream } = await readPage(deps, actor, ctx, params.id, params.n);
      return sendBytes(res, page.mediaType, bytes, stream);
    },
  );
  for (const variant of ['preview', 'thumbnail'] as const)
    route(
      r,
      {
        method: 'get',
        path: `/api/items/{id}/pages/{n}/${variant}`,
        tag: 'items',
        auth: true,
        summary:
          variant === 'preview'
            ? 'A page as an image for the screen (≤ 1600 px; audited)'
            : 'A page as a thumbnail (≤ 300 px; audited)',
        params: z.strictObject({ id: itemId, n: z.coerce.number().int().min(1).max(100000) }),
        responds: { status: 200, description: 'the image', contentType: 'image/jpeg' },
      },
      async ({ actor, ctx, params, res }) => {
        const { mediaType, bytes, stream } = await readPage(deps, actor, ctx, params.id, params.n, variant);
        const chunks: Uint8Array[] = [];
        for await (const c of stream) chunks.push(c);
        const body = Buffer.concat(chunks);
        return sendBytes(res, mediaType ?? imageType(body), bytes, [body]);
      },
    );
  route(
    r,
    {
      method: 'post',
      path: '/api/items/{id}/accession',
      tag: 'items',
      auth: true,
      summary: 'Accession: assign the 档号 (archivist)',
      params: idParams,
    },
    async ({ actor, ctx, params }) => accessionItem(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/items/{id}/holds',
      tag: 'items',
      auth: true,
      summary: 'Place a hold (冻结)',
      params: idParams,
      body: holdInputSchema,
      responds: { status: 201, description: 'the item' },
    },
    async ({ actor, ctx, params, body }) => placeHold(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'delete',
      path: '/api/items/{id}/holds/{holdId}',
      tag: 'items',
      auth: true,
      summary: 'Lift a hold',
      params: z.strictObject({ id: itemId, holdId: z.string().uuid() }),
    },
    async ({ actor, ctx, params }) => liftHold(deps, actor, ctx, params.id, params.holdId),
  );
  return r;
}
