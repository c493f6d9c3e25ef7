import type { CoreDeps } from '../deps';
import type { DocumentPrinter, TableDocument } from './printer.port';

/** The printed forms of a table document (registers, catalogues, statistics). */
export type PrintFormat = 'pdf' | 'xlsx';

export const CONTENT_TYPES: Record<PrintFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A table document laid out as PDF (A4) or as an XLSX sheet. */
export function printTable(
  printer: DocumentPrinter,
  doc: TableDocument,
  format: PrintFormat,
): Promise<Uint8Array> {
  return format === 'xlsx' ? printer.tableXlsx(doc) : printer.tablePdf(doc);
}

/** A printed file as it is handed out: its bytes, media type and file name (`<stem>.<format>`). */
export interface PrintedFile {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
}

export async function printTableFile(
  printer: DocumentPrinter,
  doc: TableDocument,
  format: PrintFormat,
  stem: string,
): Promise<PrintedFile> {
  const bytes = await printTable(printer, doc, format);
  return { bytes, contentType: CONTENT_TYPES[format], filename: `${stem}.${format}` };
}

/** The period a register covers, as a meta line: `登记期间：2024-01-01 至 2024-03-31`. */
export const periodLine = (label: string, range: { from: string; to: string }): string =>
  `${label}：${range.from} 至 ${range.to}`;

/** 制表人 and 制表日期 above a report's table. */
export const preparedLines = (r: { preparedBy: string; preparedOn: string }): string[] => [
  `制表人：${r.preparedBy}`,
  `制表日期：${r.preparedOn}`,
];

/** A report's footer: its title and 制表日期. */
export const preparedFooter = (r: { title: string; preparedOn: string }): string =>
  `${r.title} · 制表日期 ${r.preparedOn}`;

/**
 * Display names of accounts for a printed document (接收人, 经办人, 监销人 …), each looked up once; the
 * username when there is no such account (or it has no name).
 */
export function nameBook(deps: Pick<CoreDeps, 'accounts'>): (username: string | null) => Promise<string> {
  const cache = new Map<string, string>();
  return async (username) => {
    if (!username) return '';
    let name = cache.get(username);
    if (name === undefined) {
      name = (await deps.accounts.getByUsername(username))?.displayName || username;
      cache.set(username, name);
    }
    return name;
  };
}
