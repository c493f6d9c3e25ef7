import type { BusinessStep } from '../catalogue/catalogue.schemas';
import { invalid } from '../shared/errors';
import { isEightDigitDate } from './check.policy';
import { decodeCsvBytes, parseCsv, type CsvRow } from './csv';
import type { Reconciliation, SystemTransaction } from './transfer.model';

/**
 * Reconciliation (对照检查) of a transfer against the business system's list of completed transactions.
 *
 * Expected header (Chinese names, or the English ones in brackets; other columns are ignored):
 *   业务流水号 [serialNo]  业务环节 [businessStep]  公民身份号码 [residentId]  姓名 [name]  办结日期 [completedOn]
 * 业务环节, 公民身份号码 and 办结日期 are required. 业务环节 is a catalogue code (GX-01) or name (在职增员).
 * 办结日期: 20260517, 2026-05-17, 2026/5/17, optionally followed by a time.
 */
const COLUMNS = {
  serialNo: ['业务流水号', '流水号', '业务编号', '业务号', 'serialno', 'serial_no', 'transactionno'],
  businessStep: ['业务环节', '业务事项', '业务类型', '业务环节代码', 'businessstep', 'step'],
  residentId: ['公民身份号码', '身份证号码', '身份证号', '证件号码', 'residentid', 'idnumber'],
  name: ['姓名', '参保人姓名', 'name'],
  completedOn: ['办结日期', '办结时间', '完成日期', '办理日期', 'completedon', 'date'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['businessStep', 'residentId', 'completedOn'];

export const EXPECTED_HEADER = '业务流水号,业务环节,公民身份号码,姓名,办结日期';

/** Rows of the CSV (header first) to transactions. Throws 400 with the line on anything malformed. */
export function readTransactions(rows: CsvRow[], steps: readonly BusinessStep[]): SystemTransaction[] {
  const header = rows[0];
  if (!header)
    throw invalid('reconcile.csv_empty', `The CSV is empty; expected a header: ${EXPECTED_HEADER}.`, {
      line: 1,
    });
  const at = new Map<Column, number>();
  header.fields.forEach((raw, idx) => {
    const name = raw.trim().replace(/\s+/g, '').toLowerCase();
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (!names.includes(name)) continue;
      if (at.has(col))
        throw invalid('reconcile.csv_duplicate_column', `Column ${raw.trim()} appears twice.`, {
          line: header.line,
          column: raw.trim(),
        });
      at.set(col, idx);
    }
  });
  for (const col of REQUIRED)
    if (!at.has(col))
      throw invalid(
        'reconcile.csv_missing_column',
        `The header has no ${COLUMNS[col][0]} column; expected: ${EXPECTED_HEADER}.`,
        { line: header.line, column: COLUMNS[col][0] },
      );
  const byName = new Map(steps.map((s) => [s.name, s.code]));
  const codes = new Set(steps.map((s) => s.code));
  const out: SystemTransaction[] = [];
  for (const row of rows.slice(1)) {
    if (row.fields.length !== header.fields.length)
      throw invalid(
        'reconcile.csv_malformed',
        `Line ${row.line}: ${row.fields.length} fields, the header has ${header.fields.length}.`,
        { line: row.line, expected: header.fields.length, found: row.fields.length },
      );
    const get = (col: Column) => {
      const idx = at.get(col);
      return idx === undefined ? '' : (row.fields[idx] ?? '').trim();
    };
    for (const col of REQUIRED)
      if (!get(col))
        throw invalid('reconcile.csv_empty_field', `Line ${row.line}: ${COLUMNS[col][0]} is empty.`, {
          line: row.line,
          column: COLUMNS[col][0],
        });
    const completedOn = parseDate(get('completedOn'));
    if (!completedOn)
      throw invalid('reconcile.csv_bad_date', `Line ${row.line}: 办结日期 is not a date.`, {
        line: row.line,
        column: '办结日期',
      });
    const stepRaw = get('businessStep');
    const upper = stepRaw.toUpperCase();
    out.push({
      line: row.line,
      serialNo: get('serialNo') || null,
      businessStep: codes.has(upper) ? upper : (byName.get(stepRaw) ?? stepRaw),
      residentId: get('residentId').toUpperCase(),
      name: get('name') || null,
      completedOn,
    });
  }
  return out;
}

/** A date as 8 digits, or null. */
export function parseDate(raw: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$/.exec(raw.trim());
  if (!m) return null;
  const d = `${m[1]}${m[2]!.padStart(2, '0')}${m[3]!.padStart(2, '0')}`;
  return isEightDigitDate(d) ? d : null;
}

/** What reconciliation needs of an item. */
export interface ReconcileItem {
  itemId: string;
  docNumber: string;
  businessStep: string | null;
  date: string;
  persons: { name: string; residentId?: string }[];
}

/**
 * Matches transactions to items, in three passes:
 *  1. 业务流水号 = the item's 文号 (when the clerk recorded it): the surest key. Any other field that
 *     differs (公民身份号码, 业务环节, 办结日期, 姓名) makes a mismatch.
 *  2. 公民身份号码 + 业务环节 + 办结日期 (the item's 日期 is the day the transaction was completed): what
 *     identifies a transaction when no 流水号 was recorded. A different 姓名 makes a mismatch.
 *  3. 公民身份号码 + 业务环节 alone: the same person's same business, recorded on another day: a mismatch
 *     of 办结日期.
 * Left-over transactions are missing (办结 in the system, not handed over); left-over items are extra
 * (handed over, no such transaction). Transactions completed in months the transfer does not cover are
 * ignored (the export may span more than the transfer), and counted.
 */
export function reconcile(
  transactions: SystemTransaction[],
  items: ReconcileItem[],
  months: ReadonlySet<string>,
): Omit<Reconciliation, 'at' | 'by'> {
  const inScope = transactions.filter((t) => months.has(t.completedOn.slice(0, 6)));
  const leftRows = new Set(inScope);
  const leftItems = new Set(items);
  const matched: { row: SystemTransaction; item: ReconcileItem; by: string }[] = [];

  const pass = (
    by: string,
    key: (r: SystemTransaction) => string | null,
    keysOf: (i: ReconcileItem) => string[],
  ) => {
    const index = new Map<string, ReconcileItem[]>();
    for (const item of leftItems)
      for (const k of new Set(keysOf(item))) index.set(k, [...(index.get(k) ?? []), item]);
    for (const row of [...leftRows]) {
      const k = key(row);
      if (!k) continue;
      const item = index.get(k)?.find((i) => leftItems.has(i));
      if (!item) continue;
      leftRows.delete(row);
      leftItems.delete(item);
      matched.push({ row, item, by });
    }
  };
  const ids = (i: ReconcileItem) =>
    i.persons.map((p) => p.residentId?.toUpperCase()).filter((x): x is string => !!x);
  pass(
    '业务流水号',
    (r) => r.serialNo,
    (i) => (i.docNumber.trim() ? [i.docNumber.trim()] : []),
  );
  pass(
    '公民身份号码+业务环节+办结日期',
    (r) => `${r.residentId}|${r.businessStep}|${r.completedOn}`,
    (i) => ids(i).map((id) => `${id}|${i.businessStep ?? ''}|${i.date}`),
  );
  pass(
    '公民身份号码+业务环节',
    (r) => `${r.residentId}|${r.businessStep}`,
    (i) => ids(i).map((id) => `${id}|${i.businessStep ?? ''}`),
  );

  const mismatched: Reconciliation['mismatched'] = [];
  for (const { row, item, by } of matched) {
    const fields: string[] = [];
    const person = item.persons.find((p) => p.residentId?.toUpperCase() === row.residentId);
    if (!person) fields.push('公民身份号码');
    if ((item.businessStep ?? '') !== row.businessStep) fields.push('业务环节');
    if (item.date !== row.completedOn) fields.push('办结日期');
    if (row.name && person && person.name !== row.name) fields.push('姓名');
    if (fields.length) mismatched.push({ itemId: item.itemId, line: row.line, matchedBy: by, fields });
  }
  mismatched.sort((a, b) => a.line - b.line);
  return {
    rows: transactions.length,
    ignored: transactions.length - inScope.length,
    matched: matched.length,
    missing: [...leftRows],
    extra: [...leftItems].map((i) => ({ itemId: i.itemId, reason: '业务系统中没有对应的办结业务' })),
    mismatched,
  };
}

/** The transactions of a CSV upload (bytes in any accepted encoding, or text). */
export function csvTransactions(
  csv: Uint8Array | string,
  steps: readonly BusinessStep[],
): SystemTransaction[] {
  return readTransactions(parseCsv(typeof csv === 'string' ? csv : decodeCsvBytes(csv)), steps);
}
