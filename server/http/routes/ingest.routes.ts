import { Router } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { batchProgress, listBatches } from '../../core/ingest/read-batches';
import { receiveBatch } from '../../core/ingest/receive-batch';
import { confirmDraft, getDraft, listDrafts, readDraftPage } from '../../core/ingest/review-drafts';
import { printSeparatorSheets } from '../../core/ingest/print-separators';
import { mergeDrafts, splitDraft } from '../../core/ingest/resplit-drafts';
import { fileGeneratedForm } from '../../core/ingest/file-generated-form';
import {
  batchRequestSchema,
  draftListQuerySchema,
  generatedFormSchema,
  mergeSchema,
  splitSchema,
  reviewSchema,
  separatorRequestSchema,
} from '../../core/ingest/ingest.schemas';
import { invalid } from '../../core/shared/errors';
import { parseInput, route } from '../route';
import { sendBytes } from '../send-file';
import { pageUploads, uploadedPages, type UploadLimits } from '../uploads';
import { streamBatchEvents } from './batch-events';

const batchId = z.strictObject({ id: z.string().regex(/^bat_[0-9a-z]{20}$/) });
const draftId = z.strictObject({ id: z.string().regex(/^bat_[0-9a-z]{20}-\d{4,}$/) });

/** Ingest: batches of scans, the review queue, separator sheets and generated forms. */
export function ingestRoutes(deps: CoreDeps, limits: UploadLimits): Router {
  const r = Router();
  route(
    r,
    {
      method: 'post',
      path: '/api/ingest/batches',
      tag: 'ingest',
      auth: true,
      summary: 'Upload a scanning session as a batch: multipart `metadata` JSON and `files`',
      multipart: {
        metadata: 'JSON: { fondsCode, section?, splitMode: file | separator | blank }',
        files: 'scans: JPEG, PNG, TIFF (multi-page) or PDF, in order',
      },
      responds: { status: 202, description: 'the batch; its files are stored, processing goes on' },
    },
    async ({ actor, ctx, req }) => {
      const raw = (req.body as Record<string, unknown> | undefined)?.metadata;
      let json: unknown = {};
      if (typeof raw === 'string') {
        try {
          json = JSON.parse(raw);
        } catch {
          throw invalid('request.malformed_json', 'The "metadata" part is not valid JSON.');
        }
      }
      const input = parseInput(batchRequestSchema, json, 'metadata');
      const batch = await receiveBatch(
        deps,
        actor,
        ctx,
        { ...input, source: 'upload' },
        await uploadedPages(req),
      );
      return batchProgress(deps, actor, ctx, batch.id, false);
    },
    [pageUploads(limits, 'files')],
  );
  route(
    r,
    { method: 'get', path: '/api/ingest/batches', tag: 'ingest', auth: true, summary: 'Recent batches' },
    async ({ actor, ctx }) => ({ batches: await listBatches(deps, actor, ctx, 100) }),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/ingest/batches/{id}',
      tag: 'ingest',
      auth: true,
      summary: 'A batch: files, counts and per-item progress',
      params: batchId,
    },
    async ({ actor, ctx, params }) => batchProgress(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/ingest/batches/{id}/events',
      tag: 'ingest',
      auth: true,
      summary: 'Live progress of a batch (server-sent events, `progress` then `done`)',
      params: batchId,
      responds: { status: 200, description: 'an event stream', contentType: 'text/event-stream' },
    },
    async ({ actor, ctx, params, req, res }) => streamBatchEvents(deps, actor, ctx, params.id, req, res),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/ingest/drafts',
      tag: 'ingest',
      auth: true,
      summary: 'Drafts; `status=needs_review` is the review queue',
      query: draftListQuerySchema,
    },
    async ({ actor, ctx, query }) => listDrafts(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/ingest/drafts/{id}',
      tag: 'ingest',
      auth: true,
      summary: 'A draft with its quality findings, extracted fields, decisions and reasons',
      params: draftId,
    },
    async ({ actor, ctx, params }) => getDraft(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/ingest/drafts/{id}/pages/{n}/{variant}',
      tag: 'ingest',
      auth: true,
      summary: 'A draft page: original, preview, thumbnail, or OCR word boxes (audited)',
      params: draftId.extend({
        n: z.coerce.number().int().min(1).max(100000),
        variant: z.enum(['original', 'preview', 'thumbnail', 'words']),
      }),
      responds: { status: 200, description: 'the bytes', contentType: 'application/octet-stream' },
    },
    async ({ actor, ctx, params, res }) => {
      const page = await readDraftPage(deps, actor, ctx, params.id, params.n, params.variant);
      return sendBytes(res, page.mediaType, page.bytes, page.stream);
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/ingest/drafts/{id}/confirm',
      tag: 'ingest',
      auth: true,
      summary: 'Confirm a draft in review, correcting fields in the same call; files it as an item',
      params: draftId,
      body: reviewSchema,
    },
    async ({ actor, ctx, params, body }) => confirmDraft(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/ingest/drafts/{id}/split',
      tag: 'ingest',
      auth: true,
      summary: 'Re-split a draft in review: pages from `atPage` on become a draft of their own',
      params: draftId,
      body: splitSchema,
    },
    async ({ actor, ctx, params, body }) => splitDraft(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/ingest/drafts/{id}/merge',
      tag: 'ingest',
      auth: true,
      summary: "Merge another draft's pages (same batch, in review) into this one",
      params: draftId,
      body: mergeSchema,
    },
    async ({ actor, ctx, params, body }) => mergeDrafts(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/ingest/separator-sheets',
      tag: 'ingest',
      auth: true,
      summary: 'Separator sheets to print (PDF): a QR code naming the business step, person or unit',
      body: separatorRequestSchema,
      responds: { status: 200, description: 'the sheets', contentType: 'application/pdf' },
    },
    async ({ actor, ctx, body, res }) => {
      const pdf = await printSeparatorSheets(deps, actor, ctx, body);
      return sendBytes(res, 'application/pdf', pdf.byteLength, [pdf], 'inline; filename="separators.pdf"');
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/items/generated',
      tag: 'ingest',
      auth: true,
      summary: 'File a system-generated form: rendered to PDF, classified from its business step, no OCR',
      body: generatedFormSchema,
      responds: { status: 201, description: 'the item' },
    },
    async ({ actor, ctx, body }) => fileGeneratedForm(deps, actor, ctx, body),
  );
  return r;
}
