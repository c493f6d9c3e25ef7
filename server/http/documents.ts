import type { Response } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../core/deps';
import { CONTENT_TYPES, printTable, type PrintFormat } from '../core/documents/printing';
import type { TableDocument } from '../core/documents/printer.port';
import { sendBytes } from './send-file';

/** How a printed document is handed out. */
export interface SendAs {
  /** The file name (ASCII), e.g. `receipt-register.pdf`. */
  filename: string;
  /** The name in Chinese, sent beside it as `filename*` (RFC 5987), e.g. `档案查阅登记表.pdf`. */
  title?: string;
  /** Downloaded rather than opened in the browser; by default a PDF opens and anything else downloads. */
  attachment?: boolean;
}

function disposition(as: SendAs): string {
  const title = as.title === undefined ? '' : `; filename*=UTF-8''${encodeURIComponent(as.title)}`;
  return `${as.attachment ? 'attachment' : 'inline'}; filename="${as.filename}"${title}`;
}

/** Sends a printed document (PDF, XLSX). */
export function sendDocument(
  res: Response,
  bytes: Uint8Array,
  contentType: string,
  as: SendAs,
): Promise<undefined> {
  const attachment = as.attachment ?? contentType !== CONTENT_TYPES.pdf;
  return sendBytes(res, contentType, bytes.byteLength, [bytes], disposition({ ...as, attachment }));
}

export function sendPdf(res: Response, bytes: Uint8Array, as: SendAs): Promise<undefined> {
  return sendDocument(res, bytes, CONTENT_TYPES.pdf, as);
}

/** Prints a table document as PDF or XLSX and sends it. */
export async function sendTable(
  deps: Pick<CoreDeps, 'printer'>,
  res: Response,
  doc: TableDocument,
  format: PrintFormat,
  as: SendAs,
): Promise<undefined> {
  return sendDocument(res, await printTable(deps.printer, doc, format), CONTENT_TYPES[format], as);
}

/** The OpenAPI answer of a route that sends a PDF. */
export const pdfAnswer = (description: string) => ({
  status: 200,
  description,
  contentType: CONTENT_TYPES.pdf,
});

/** The id of a record or item: its prefix and 20 characters (`box_…`, `trf_…`, `loan_…`, `itm_…`). */
export const recordId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{20}$`));

/** Path parameters `{id}` of a record. */
export const recordIdParams = (prefix: string) => z.strictObject({ id: recordId(prefix) });
