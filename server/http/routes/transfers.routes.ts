import express, { Router } from 'express';
import type { CoreDeps } from '../../core/deps';
import { CONTENT_TYPES } from '../../core/documents/printing';
import { invalid } from '../../core/shared/errors';
import { checkTransfer } from '../../core/transfers/check-transfer';
import { createTransfer } from '../../core/transfers/create-transfer';
import { acceptTransfer, returnItems } from '../../core/transfers/decide-transfer';
import { lateTransfers } from '../../core/transfers/late-transfers';
import { preArchive } from '../../core/transfers/pre-archive';
import {
  getTransfer,
  getVolume,
  listTransfers,
  listVolumes,
  transferItems,
  viewTransfer,
} from '../../core/transfers/read-transfers';
import { reconcileTransfer } from '../../core/transfers/reconcile-transfer';
import { EXPECTED_HEADER } from '../../core/transfers/reconcile.policy';
import { cancelTransfer, submitTransfer } from '../../core/transfers/submit-transfer';
import { receiptRegister, transferFormPdf, volumeContentsPdf } from '../../core/transfers/transfer-documents';
import {
  acceptInputSchema,
  checkInputSchema,
  reconcileJsonSchema,
  registerQuerySchema,
  returnInputSchema,
  submitInputSchema,
  transferInputSchema,
  transferListQuerySchema,
  volumeInputSchema,
  volumeListQuerySchema,
} from '../../core/transfers/transfer.schemas';
import { pdfAnswer, recordIdParams, sendDocument, sendPdf } from '../documents';
import { parseInput, route } from '../route';

const transferId = recordIdParams('trf');
const volumeId = recordIdParams('vol');

/** A CSV upload as raw bytes (any accepted encoding is decoded in the core). */
const csvBody = express.raw({
  type: ['text/csv', 'text/plain', 'application/csv', 'application/octet-stream'],
  limit: '20mb',
});

/** An action whose fields are all optional may be posted with no body at all. */
const emptyBody: express.RequestHandler = (req, _res, next) => {
  if (req.body === undefined) req.body = {};
  next();
};

/** 预立卷 → 移交 → 验收: volumes, transfers, their check, reconciliation, acceptance and registers. */
export function transferRoutes(deps: CoreDeps): Router {
  const r = Router();

  // Paths without an id first: `/api/transfers/{id}` would otherwise take them.
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers/volumes',
      tag: 'transfers',
      auth: true,
      summary: '预立卷: put the section’s filed (and returned) items of a year and month into volumes',
      body: volumeInputSchema,
      responds: { status: 201, description: 'the new volumes' },
    },
    async ({ actor, ctx, body }) => ({ volumes: await preArchive(deps, actor, ctx, body) }),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/volumes',
      tag: 'transfers',
      auth: true,
      summary: 'Pre-archived volumes, newest first (a section sees its own)',
      query: volumeListQuerySchema,
    },
    async ({ actor, ctx, query }) => listVolumes(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/volumes/{id}',
      tag: 'transfers',
      auth: true,
      summary: 'One volume',
      params: volumeId,
    },
    async ({ actor, ctx, params }) => getVolume(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/volumes/{id}/contents',
      tag: 'transfers',
      auth: true,
      summary: '卷内文件目录 (PDF, two copies: bound in the volume, and for the archive)',
      params: volumeId,
      responds: pdfAnswer('the list'),
    },
    async ({ actor, ctx, params, res }) =>
      sendPdf(res, await volumeContentsPdf(deps, actor, ctx, params.id), { filename: 'volume-contents.pdf' }),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/late',
      tag: 'transfers',
      auth: true,
      summary: 'Late transfers: earlier years’ items not handed over by 31 March, per section and year',
    },
    async ({ actor, ctx }) => lateTransfers(deps, actor, ctx),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/register',
      tag: 'transfers',
      auth: true,
      summary: '《档案接收登记表》 for a date range, PDF (default) or XLSX',
      query: registerQuerySchema,
      responds: pdfAnswer('the register (PDF, or XLSX with format=xlsx)'),
    },
    async ({ actor, ctx, query: { format, ...range }, res }) =>
      sendDocument(res, await receiptRegister(deps, actor, ctx, range, format), CONTENT_TYPES[format], {
        filename: `receipt-register.${format}`,
      }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers',
      tag: 'transfers',
      auth: true,
      summary: 'Create a transfer (移交, draft) from pre-archived items: by year/month, volumes or item ids',
      body: transferInputSchema,
      responds: { status: 201, description: 'the transfer' },
    },
    async ({ actor, ctx, body }) => viewTransfer(await createTransfer(deps, actor, ctx, body), actor),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers',
      tag: 'transfers',
      auth: true,
      summary: 'Transfers, newest first (a section sees its own)',
      query: transferListQuerySchema,
    },
    async ({ actor, ctx, query }) => listTransfers(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/{id}',
      tag: 'transfers',
      auth: true,
      summary: 'One transfer: items and decisions, check result, reconciliation, receipts',
      params: transferId,
    },
    async ({ actor, ctx, params }) => getTransfer(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/{id}/items',
      tag: 'transfers',
      auth: true,
      summary: 'The items of a transfer (catalogue entries, masked for the role), in transfer order',
      params: transferId,
    },
    async ({ actor, ctx, params }) => transferItems(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/transfers/{id}/form',
      tag: 'transfers',
      auth: true,
      summary: '《社保业务档案移交情况登记表》 (PDF, 第一联 业务环节存 / 第二联 档案管理环节存)',
      params: transferId,
      responds: pdfAnswer('the form'),
    },
    async ({ actor, ctx, params, res }) =>
      sendPdf(res, await transferFormPdf(deps, actor, ctx, params.id), { filename: 'transfer-form.pdf' }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers/{id}/submit',
      tag: 'transfers',
      auth: true,
      summary: '移交: hand the transfer over (records 移交人 and 业务环节负责人; items become in_transfer)',
      params: transferId,
      body: submitInputSchema,
    },
    async ({ actor, ctx, params, body }) =>
      viewTransfer(await submitTransfer(deps, actor, ctx, params.id, body), actor),

    [emptyBody],
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers/{id}/cancel',
      tag: 'transfers',
      auth: true,
      summary: 'Withdraw a draft transfer (its items are free again)',
      params: transferId,
    },
    async ({ actor, ctx, params }) => viewTransfer(await cancelTransfer(deps, actor, ctx, params.id), actor),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers/{id}/check',
      tag: 'transfers',
      auth: true,
      summary: '验收 check: counts, completeness per business step, ID check digits, required fields',
      params: transferId,
      body: checkInputSchema,
    },
    async ({ actor, ctx, params, body }) =>
      viewTransfer(await checkTransfer(deps, actor, ctx, params.id, body), actor),

    [emptyBody],
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers/{id}/reconciliation',
      tag: 'transfers',
      auth: true,
      summary: `Reconcile with the business system: a CSV body (text/csv, UTF-8 or GBK) or JSON {csv}; header ${EXPECTED_HEADER}`,
      params: transferId,
    },
    async ({ actor, ctx, params, req }) => {
      const body: unknown = req.body;
      let csv: Uint8Array | string;
      if (Buffer.isBuffer(body)) csv = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      else if (body && typeof body === 'object' && Object.keys(body).length > 0)
        csv = parseInput(reconcileJsonSchema, body, 'body').csv;
      else
        throw invalid('request.invalid', 'Send the CSV as a text/csv body, or as JSON {"csv": "…"}.', {
          expectedHeader: EXPECTED_HEADER,
        });
      return viewTransfer(await reconcileTransfer(deps, actor, ctx, params.id, csv), actor);
    },
    [csvBody],
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers/{id}/accept',
      tag: 'transfers',
      auth: true,
      summary: '接收: accept all pending items, or those named; each is numbered (档号) and archived',
      params: transferId,
      body: acceptInputSchema,
    },
    async ({ actor, ctx, params, body }) =>
      viewTransfer(await acceptTransfer(deps, actor, ctx, params.id, body), actor),

    [emptyBody],
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/transfers/{id}/return',
      tag: 'transfers',
      auth: true,
      summary: '退回补正: return items to the section, each with a reason',
      params: transferId,
      body: returnInputSchema,
    },
    async ({ actor, ctx, params, body }) =>
      viewTransfer(await returnItems(deps, actor, ctx, params.id, body), actor),
  );
  return r;
}
