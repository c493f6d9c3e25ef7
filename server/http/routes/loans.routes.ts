import { Router, type Response } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import type { TableDocument } from '../../core/documents/printer.port';
import type { PrintFormat } from '../../core/documents/printing';
import { closeLoan } from '../../core/loans/close-loan';
import { copyPdf, viewLoanPage } from '../../core/loans/consult-pages';
import { cancelLoan, decideLoan } from '../../core/loans/decide-loan';
import { loanPolicySchema } from '../../core/loans/loan-policy';
import { readLoanPolicy, updateLoanPolicy } from '../../core/loans/loan-policy-store';
import {
  consultationRegister,
  internalLoanRegister,
  loanStatistics,
  typicalCases,
} from '../../core/loans/loan-registers';
import {
  checkoutSchema,
  closeSchema,
  dateRangeQuerySchema,
  decisionSchema,
  loanListQuerySchema,
  loanRequestSchema,
  renewSchema,
  returnSchema,
  statisticsQuerySchema,
  typicalCasesQuerySchema,
} from '../../core/loans/loan.schemas';
import { checkoutLoan, renewLoan, returnLoan } from '../../core/loans/physical-loan';
import { getLoan, listLoans, overdueLoans } from '../../core/loans/read-loans';
import { itemLookupSchema, lookupLoanItems } from '../../core/loans/lookup-items';
import { requestLoan } from '../../core/loans/request-loan';
import { pdfAnswer, recordId, recordIdParams, sendPdf, sendTable } from '../documents';
import { route } from '../route';
import { sendBytes } from '../send-file';

const idParams = recordIdParams('loan');

/** 借阅 / 查阅 / 复制: requests, approvals, the reading room, the loan desk, registers and statistics. */
export function loanRoutes(deps: CoreDeps): Router {
  const r = Router();
  const tag = 'loans';
  /** A register as PDF (opened) or XLSX (downloaded), named after its title. */
  const sendRegister = (res: Response, doc: TableDocument, format: PrintFormat, title: string) =>
    sendTable(deps, res, doc, format, {
      filename: `register.${format}`,
      title: `${title}.${format}`,
    });

  // Fixed paths first: `/api/loans/{id}` would take them for an id.
  route(
    r,
    {
      method: 'get',
      path: '/api/loans/policy',
      tag,
      auth: true,
      summary: 'The borrowing policy (approval routes, periods)',
    },
    async ({ actor, ctx }) => readLoanPolicy(deps, actor, ctx),
  );
  route(
    r,
    {
      method: 'put',
      path: '/api/loans/policy',
      tag,
      auth: true,
      summary: 'Save a new version of the borrowing policy (archive office)',
      body: z.strictObject({ expectedVersion: z.number().int().min(0), policy: loanPolicySchema }),
    },
    async ({ actor, ctx, body }) => updateLoanPolicy(deps, actor, ctx, body.policy, body.expectedVersion),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/loans/overdue',
      tag,
      auth: true,
      summary: 'Physical loans past due (催还 list; desk)',
    },
    async ({ actor, ctx }) => ({ loans: await overdueLoans(deps, actor, ctx) }),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/loans/statistics',
      tag,
      auth: true,
      summary: 'Loan statistics for a date range: by kind, purpose, borrower, effect, month',
      query: statisticsQuerySchema,
    },
    async ({ actor, ctx, query }) => loanStatistics(deps, actor, ctx, query),
  );
  for (const [name, title, register] of [
    ['consultation', '档案查阅登记表', consultationRegister],
    ['internal', '业务档案内部借阅表', internalLoanRegister],
  ] as const)
    route(
      r,
      {
        method: 'get',
        path: `/api/loans/registers/${name}`,
        tag,
        auth: true,
        summary: `《${title}》 for a date range, PDF or XLSX (desk)`,
        query: dateRangeQuerySchema,
        responds: pdfAnswer('the register'),
      },
      async ({ actor, ctx, query, res }) =>
        sendRegister(res, await register(deps, actor, ctx, query), query.format, title),
    );
  route(
    r,
    {
      method: 'get',
      path: '/api/loans/typical-cases',
      tag,
      auth: true,
      summary: 'The year’s typical cases of use (典型事例汇编), PDF or XLSX (desk)',
      query: typicalCasesQuerySchema,
      responds: pdfAnswer('the compilation'),
    },
    async ({ actor, ctx, query, res }) =>
      sendRegister(
        res,
        await typicalCases(deps, actor, ctx, query.year),
        query.format,
        `${query.year}年度典型事例`,
      ),
  );

  route(
    r,
    {
      method: 'post',
      path: '/api/loans/item-lookup',
      tag,
      auth: true,
      summary:
        'The items a request would name (by 档号 or item id): 题名, 页数, whether they can be asked for',
      body: itemLookupSchema,
    },
    async ({ actor, ctx, body }) => lookupLoanItems(deps, actor, ctx, body.refs),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/loans',
      tag,
      auth: true,
      summary: 'File a request (借阅单): consult, borrow or copy; the desk registers others',
      body: loanRequestSchema,
      responds: { status: 201, description: 'the request with its approval route' },
    },
    async ({ actor, ctx, body }) => requestLoan(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/loans',
      tag,
      auth: true,
      summary: 'Requests: mine, waiting for my approval, or all (desk)',
      query: loanListQuerySchema,
    },
    async ({ actor, ctx, query }) => listLoans(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/loans/{id}',
      tag,
      auth: true,
      summary: 'One request (audited)',
      params: idParams,
    },
    async ({ actor, ctx, params }) => getLoan(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/loans/{id}/decision',
      tag,
      auth: true,
      summary: 'Approve or refuse the step waiting (审批); name the step to guard against a race',
      params: idParams,
      body: decisionSchema,
    },
    async ({ actor, ctx, params, body }) => decideLoan(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/loans/{id}/cancel',
      tag,
      auth: true,
      summary: 'Withdraw a request (撤销)',
      params: idParams,
    },
    async ({ actor, ctx, params }) => cancelLoan(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/loans/{id}/items/{itemId}/pages/{n}',
      tag,
      auth: true,
      summary: 'A granted page, watermarked (borrower, time, request number); audited',
      params: z.strictObject({
        id: recordId('loan'),
        itemId: recordId('itm'),
        n: z.coerce.number().int().min(1).max(100000),
      }),
      responds: { status: 200, description: 'the page as JPEG', contentType: 'image/jpeg' },
    },
    async ({ actor, ctx, params, res }) => {
      const page = await viewLoanPage(deps, actor, ctx, params.id, params.itemId, params.n);
      return sendBytes(res, page.mediaType, page.content.byteLength, [page.content]);
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/loans/{id}/copy',
      tag,
      auth: true,
      summary: 'The approved copy (复制件): the granted pages, watermarked, as PDF',
      params: idParams,
      responds: pdfAnswer('the copy'),
    },
    async ({ actor, ctx, params, res }) => {
      const copy = await copyPdf(deps, actor, ctx, params.id);
      return sendPdf(res, copy.pdf, { filename: copy.filename, attachment: true });
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/loans/{id}/checkout',
      tag,
      auth: true,
      summary: 'Check out (借出) with the pages counted; one request per physical item at a time',
      params: idParams,
      body: checkoutSchema,
    },
    async ({ actor, ctx, params, body }) => checkoutLoan(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/loans/{id}/renew',
      tag,
      auth: true,
      summary: 'Renew (续借): a new due date, a limited number of times',
      params: idParams,
      body: renewSchema,
    },
    async ({ actor, ctx, params, body }) => renewLoan(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/loans/{id}/return',
      tag,
      auth: true,
      summary: 'Return (归还) items with the pages counted again; a difference is flagged',
      params: idParams,
      body: returnSchema,
    },
    async ({ actor, ctx, params, body }) => returnLoan(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/loans/{id}/close',
      tag,
      auth: true,
      summary: 'Close (办结) with the use effect (利用效果), optionally a typical case',
      params: idParams,
      body: closeSchema,
    },
    async ({ actor, ctx, params, body }) => closeLoan(deps, actor, ctx, params.id, body),
  );
  return r;
}
