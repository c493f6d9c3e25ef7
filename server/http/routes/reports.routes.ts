import { Router, type Response } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import type { TableDocument } from '../../core/documents/printer.port';
import { CONTENT_TYPES } from '../../core/documents/printing';
import { inspectionDocument } from '../../core/reports/inspection-document';
import { readInspection } from '../../core/reports/read-inspection';
import { readStatistics } from '../../core/reports/read-statistics';
import {
  STATISTICS_REPORTS,
  inspectionQuerySchema,
  loansReportQuerySchema,
  movementsQuerySchema,
  receiptsQuerySchema,
  reportQuerySchema,
  type ReportFormat,
} from '../../core/reports/report.schemas';
import { statisticsDocument } from '../../core/reports/statistics-document';
import { loansReport, movementsReport, receiptsReport } from '../../core/reports/registers';
import { sendDocument, sendTable } from '../documents';
import { route } from '../route';

/** Sends a report as JSON (the viewer's form), or its printed form as PDF or XLSX. */
async function sendReport(
  deps: CoreDeps,
  res: Response,
  format: ReportFormat,
  data: unknown,
  doc: () => TableDocument,
  fileStem: string,
  title: string,
): Promise<unknown> {
  if (format === 'json') return data;
  return sendTable(deps, res, doc(), format, {
    filename: `${fileStem}.${format}`,
    title: `${title}.${format}`,
  });
}

/** JSON by default; the OpenAPI document has one media type per answer, so PDF and XLSX are described. */
const printed = {
  status: 200,
  description: `JSON for the viewer; with format=pdf the printed table (application/pdf, A4), with format=xlsx the sheet (${CONTENT_TYPES.xlsx})`,
};

/** Statistics tables and the 达标验收 readiness report (report.read; audited as report.read). */
export function reportRoutes(deps: CoreDeps): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/api/reports/inspection',
      tag: 'reports',
      auth: true,
      summary: '达标验收 readiness report: each checklist item, its status and the evidence the system holds',
      query: inspectionQuerySchema,
      responds: printed,
    },
    async ({ actor, ctx, query, res }) => {
      const report = await readInspection(deps, actor, ctx, query, query.format);
      return sendReport(
        deps,
        res,
        query.format,
        report,
        () => inspectionDocument(report),
        'inspection',
        report.title,
      );
    },
  );
  const span = (q: { fromYear?: number; toYear?: number }) =>
    [q.fromYear, q.toYear].filter((y) => y !== undefined).join('-') || 'this-year';
  route(
    r,
    {
      method: 'get',
      path: '/api/reports/receipts',
      tag: 'reports',
      auth: true,
      summary: '《档案接收登记表》 for whole years (PDF, or XLSX with format=xlsx)',
      query: receiptsQuerySchema,
      responds: printed,
    },
    async ({ actor, ctx, query, res }) => {
      const file = await receiptsReport(deps, actor, ctx, query);
      return sendDocument(res, file.bytes, file.contentType, {
        filename: `receipts-${span(query)}.${query.format}`,
      });
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/reports/movements',
      tag: 'reports',
      auth: true,
      summary:
        '《业务档案出入库情况登记表》 (kind=in_out) or 《档案异动登记表》 (kind=changes) for whole years',
      query: movementsQuerySchema,
      responds: printed,
    },
    async ({ actor, ctx, query, res }) => {
      const file = await movementsReport(deps, actor, ctx, query);
      return sendDocument(res, file.bytes, file.contentType, {
        filename: `movements-${query.kind}-${span(query)}.${query.format}`,
      });
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/reports/loans',
      tag: 'reports',
      auth: true,
      summary: 'Loan statistics (借阅利用统计) for whole years: JSON, or 借阅利用统计表 as PDF or XLSX',
      query: loansReportQuerySchema,
      responds: printed,
    },
    async ({ actor, ctx, query, res }) => {
      const out = await loansReport(deps, actor, ctx, query);
      if (!('bytes' in out)) return out;
      return sendDocument(res, out.bytes, out.contentType, {
        filename: `loans-${span(query)}.${query.format}`,
      });
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/reports/{report}',
      tag: 'reports',
      auth: true,
      summary:
        'A statistics table computed live: business 业务档案统计表, by-class 各类别业务档案统计表, holdings 全局档案统计表, yearly 历年档案统计表',
      params: z.strictObject({ report: z.enum(STATISTICS_REPORTS) }),
      query: reportQuerySchema,
      responds: printed,
    },
    async ({ actor, ctx, params, query, res }) => {
      const { format, ...range } = query;
      const table = await readStatistics(deps, actor, ctx, params.report, range, format);
      const span = table.fromYear === null ? '' : `-${table.fromYear}-${table.toYear}`;
      return sendReport(
        deps,
        res,
        format,
        table,
        () => statisticsDocument(table),
        `${params.report}${span}`,
        `${table.title}${span}`,
      );
    },
  );
  return r;
}
