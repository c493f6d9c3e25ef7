import { invalid } from '../shared/errors';

/**
 * CSV as business systems export it: RFC 4180 (comma, or tab when the header has tabs and no commas;
 * double-quoted fields with "" for a quote; CRLF or LF), UTF-8 with or without BOM, or GBK/GB18030 (the
 * usual Chinese Excel export) when the bytes are not valid UTF-8. Every error names its line.
 */
export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  fields: string[];
}

/** Bytes to text: UTF-8 (BOM stripped), else GB18030 (a superset of GBK). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // not UTF-8
  }
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('reconcile.csv_encoding', 'The CSV is neither UTF-8 nor GBK text.', { line: 1 });
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const malformed = (line: number, message: string) =>
  invalid('reconcile.csv_malformed', `Line ${line}: ${message}`, { line });

/** Parses CSV text into rows (blank lines skipped). Throws `reconcile.csv_malformed` with the line. */
export function parseCsv(text: string, maxRows = 500_000): CsvRow[] {
  const src = stripBom(text);
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (src[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= src.length) throw malformed(quoteLine, 'a quoted field is not closed.');
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        const next = src[i];
        if (next !== undefined && next !== sep && next !== '\n' && next !== '\r')
          throw malformed(line, 'text after a closing quote.');
      } else {
        while (i < src.length && src[i] !== sep && src[i] !== '\n' && src[i] !== '\r') {
          if (src[i] === '"') throw malformed(line, 'a quote inside an unquoted field.');
          field += src[i];
          i++;
        }
      }
      fields.push(field);
      field = '';
      if (src[i] === sep) {
        i++;
        continue;
      }
      if (src[i] === '\r') i++;
      if (src[i] === '\n') i++;
      else if (i < src.length) throw malformed(line, 'a carriage return inside a field.');
      break;
    }
    if (!(fields.length === 1 && fields[0]!.trim() === '')) rows.push({ line: start, fields });
    if (rows.length > maxRows) throw malformed(line, `more than ${maxRows} rows.`);
    line++;
  }
  return rows;
}
