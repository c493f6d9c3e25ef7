import { z } from 'zod';

/**
 * The statistics tables of the Chongqing set [001:332], by the name used in the URL:
 * `business` 《业务档案统计表》, `by-class` 《各类别业务档案统计表》, `holdings` 《全局档案统计表》,
 * `yearly` 《历年档案统计表》.
 */
export const STATISTICS_REPORTS = ['business', 'by-class', 'holdings', 'yearly'] as const;
export type StatisticsReport = (typeof STATISTICS_REPORTS)[number];

export const STATISTICS_TITLES: Record<StatisticsReport, string> = {
  business: '业务档案统计表',
  'by-class': '各类别业务档案统计表',
  holdings: '全局档案统计表',
  yearly: '历年档案统计表',
};

export const REPORT_FORMATS = ['json', 'pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The widest year range one table may span (a row per year). */
export const MAX_YEAR_SPAN = 100;

const year = z.coerce.number().int().min(1949).max(2100);
const fondsCode = z
  .string()
  .regex(/^[0-9A-Za-z]{1,12}$/)
  .optional();
const format = z.enum(REPORT_FORMATS).default('json');

export const reportQuerySchema = z.strictObject({
  fromYear: year.optional(),
  toYear: year.optional(),
  fondsCode,
  format,
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const inspectionQuerySchema = z.strictObject({ fondsCode, format });
export type InspectionQuery = z.infer<typeof inspectionQuerySchema>;

const printFormat = z.enum(['pdf', 'xlsx']).default('pdf');

/** Registers over whole years: 档案接收登记表 (`receipts`), 出入库 / 异动 (`movements`). */
export const receiptsQuerySchema = z.strictObject({
  fromYear: year.optional(),
  toYear: year.optional(),
  format: printFormat,
});
export const movementsQuerySchema = receiptsQuerySchema.extend({
  kind: z.enum(['in_out', 'changes']).default('in_out'),
});
export const loansReportQuerySchema = z.strictObject({
  fromYear: year.optional(),
  toYear: year.optional(),
  format,
});
