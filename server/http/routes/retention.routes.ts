import { Router } from 'express';
import type { CoreDeps } from '../../core/deps';
import { getDueSnapshot, listDueItems, listDueSnapshots } from '../../core/retention/due-list';
import {
  getAppraisal,
  listAppraisals,
  openAppraisal,
  releaseAppraisalItem,
  voteAppraisal,
} from '../../core/retention/appraisals';
import { closeAppraisal } from '../../core/retention/close-appraisal';
import {
  confirmDestructionList,
  createDestructionList,
  decideDestructionList,
  destructionListPdf,
  executeDestructionList,
  getDestructionList,
  listDestructionLists,
} from '../../core/retention/destruction-lists';
import {
  appraisalIdParams,
  appraisalItemParams,
  appraisalListQuerySchema,
  approveSchema,
  createDestructionListSchema,
  dayParams,
  destructionIdParams,
  destructionListQuerySchema,
  dueQuerySchema,
  executeSchema,
  openAppraisalSchema,
  refuseSchema,
  releaseSchema,
  snapshotQuerySchema,
  votesSchema,
} from '../../core/retention/retention.schemas';
import { pdfAnswer, sendPdf } from '../documents';
import { route } from '../route';

/** 到期 → 鉴定 → 销毁: due lists, appraisals (鉴定) and destruction lists (销毁清册). */
export function retentionRoutes(deps: CoreDeps): Router {
  const r = Router();
  const tag = 'retention';

  route(
    r,
    {
      method: 'get',
      path: '/api/retention/due',
      tag,
      auth: true,
      summary: 'Items falling due on a day (default today): archived, not held, in no appraisal',
      query: dueQuerySchema,
    },
    async ({ actor, ctx, query }) => listDueItems(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/retention/due-snapshots',
      tag,
      auth: true,
      summary: 'The daily due snapshots (counts), newest first: the dashboard’s “items falling due”',
      query: snapshotQuerySchema,
    },
    async ({ actor, ctx, query }) => listDueSnapshots(deps, actor, ctx, query.limit),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/retention/due-snapshots/{day}',
      tag,
      auth: true,
      summary: 'One day’s due snapshot with its item ids',
      params: dayParams,
    },
    async ({ actor, ctx, params }) => getDueSnapshot(deps, actor, ctx, params.day),
  );

  route(
    r,
    {
      method: 'post',
      path: '/api/appraisals',
      tag,
      auth: true,
      summary: 'Open an appraisal (鉴定) over due items (archivist)',
      body: openAppraisalSchema,
      responds: { status: 201, description: 'the appraisal' },
    },
    async ({ actor, ctx, body }) => openAppraisal(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/appraisals',
      tag,
      auth: true,
      summary: 'Appraisals, newest first',
      query: appraisalListQuerySchema,
    },
    async ({ actor, ctx, query }) => listAppraisals(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/appraisals/{id}',
      tag,
      auth: true,
      summary: 'One appraisal with its items and votes',
      params: appraisalIdParams,
    },
    async ({ actor, ctx, params }) => getAppraisal(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/appraisals/{id}/votes',
      tag,
      auth: true,
      summary: 'A committee member votes per item: destroy, or keep with a longer period and a reason',
      params: appraisalIdParams,
      body: votesSchema,
    },
    async ({ actor, ctx, params, body }) => voteAppraisal(deps, actor, ctx, params.id, body.votes),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/appraisals/{id}/items/{itemId}/release',
      tag,
      auth: true,
      summary: 'Take an item out of an open appraisal (archivist)',
      params: appraisalItemParams,
      body: releaseSchema,
    },
    async ({ actor, ctx, params, body }) =>
      releaseAppraisalItem(deps, actor, ctx, params.id, params.itemId, body.reason),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/appraisals/{id}/close',
      tag,
      auth: true,
      summary: 'Close when every item is decided: extensions applied, destroy decisions to a 销毁清册 draft',
      params: appraisalIdParams,
    },
    async ({ actor, ctx, params }) => closeAppraisal(deps, actor, ctx, params.id),
  );

  route(
    r,
    {
      method: 'post',
      path: '/api/destruction-lists',
      tag,
      auth: true,
      summary: 'Make the 销毁清册 of a closed appraisal (if its close did not)',
      body: createDestructionListSchema,
      responds: { status: 201, description: 'the destruction list' },
    },
    async ({ actor, ctx, body }) => createDestructionList(deps, actor, ctx, body.appraisalId),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/destruction-lists',
      tag,
      auth: true,
      summary: 'Destruction lists, newest first',
      query: destructionListQuerySchema,
    },
    async ({ actor, ctx, query }) => listDestructionLists(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/destruction-lists/{id}',
      tag,
      auth: true,
      summary: 'One destruction list with its rows, approval, supervisors and execution progress',
      params: destructionIdParams,
    },
    async ({ actor, ctx, params }) => getDestructionList(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/destruction-lists/{id}/form',
      tag,
      auth: true,
      summary: '销毁清册 as PDF (A4 landscape, with signature lines)',
      params: destructionIdParams,
      responds: pdfAnswer('the PDF'),
    },
    async ({ actor, ctx, params, res }) => {
      const { number, bytes } = await destructionListPdf(deps, actor, ctx, params.id);
      return sendPdf(res, bytes, { filename: `${number}.pdf` });
    },
  );
  for (const [step, decision, body, summary] of [
    ['approve', 'approved', approveSchema, 'The approver (分管领导) approves the list'],
    ['refuse', 'refused', refuseSchema, 'The approver refuses the list (its items return to the due list)'],
  ] as const)
    route(
      r,
      {
        method: 'post',
        path: `/api/destruction-lists/{id}/${step}`,
        tag,
        auth: true,
        summary,
        params: destructionIdParams,
        body,
      },
      async ({ actor, ctx, params, body }) =>
        decideDestructionList(deps, actor, ctx, params.id, decision, body.reason),
    );
  route(
    r,
    {
      method: 'post',
      path: '/api/destruction-lists/{id}/confirm',
      tag,
      auth: true,
      summary: 'A 监销人 confirms the approved list (two distinct supervisors are required)',
      params: destructionIdParams,
    },
    async ({ actor, ctx, params }) => confirmDestructionList(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/destruction-lists/{id}/execute',
      tag,
      auth: true,
      summary: 'Execute: method and time recorded; a resumable job destroys item by item',
      params: destructionIdParams,
      body: executeSchema,
      responds: { status: 202, description: 'the list, executing' },
    },
    async ({ actor, ctx, params, body }) => executeDestructionList(deps, actor, ctx, params.id, body),
  );
  return r;
}
