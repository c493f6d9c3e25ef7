import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { TableDocument } from '../documents/printer.port';
import { periodLine, printTableFile, type PrintedFile } from '../documents/printing';
import { viewItem } from '../items/item-view';
import { invalid } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { boxes } from './boxes';
import { REGISTERS, REGISTER_COLUMNS, belongsTo, registerRow, type Movement } from './movement.model';
import { movements } from './movements';
import type { RegisterQuery } from './store.schemas';

/** The day before an ISO date (YYYY-MM-DD). */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The register's movements between `from` and `to` (China dates, inclusive), oldest first. */
export async function movementsBetween(
  deps: Pick<CoreDeps, 'records'>,
  from: string,
  to: string,
  kind: keyof typeof REGISTERS,
): Promise<Movement[]> {
  const out: Movement[] = [];
  // Newest first, in the order they were written: once a day before `from` shows up, the rest is older.
  const stop = dayBefore(from);
  for await (const m of movements(deps).all()) {
    if (m.date < stop) break;
    if (m.date >= from && m.date <= to && belongsTo(kind, m)) out.push(m);
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.no - b.no));
}

/**
 * 《业务档案出入库情况登记表》 or 《档案异动登记表》 for a date range, as PDF (A4 landscape) or XLSX:
 * 序号, 日期, 档号/盒号, 题名, 出入库类型, 事由, 经办人, 去向/来源, 归还日期, 备注.
 */
export async function printMovementRegister(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: RegisterQuery,
): Promise<PrintedFile> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'movement.register_print', null);
  if (q.from > q.to)
    throw invalid('register.bad_range', 'The period runs from the earlier date to the later.');
  const list = await movementsBetween(deps, q.from, q.to, q.kind);
  const titles = new Map<string, string>();
  const titleOf = async (m: Movement): Promise<string> => {
    const cached = titles.get(m.subjectId);
    if (cached !== undefined) return cached;
    let title = '';
    if (m.subjectKind === 'item') {
      const item = await deps.items.get(m.subjectId as ItemId);
      title = item ? viewItem(item, actor).title : '';
    } else {
      const box = await boxes(deps).get(m.subjectId);
      title = box ? `盒内文件 ${box.itemCount} 件` : '';
    }
    titles.set(m.subjectId, title);
    return title;
  };
  const rows: string[][] = [];
  for (const [i, m] of list.entries()) rows.push(registerRow(m, i + 1, await titleOf(m)));
  const ins = list.filter((m) => m.direction === 'in').length;
  const outs = list.filter((m) => m.direction === 'out').length;
  const moves = list.filter((m) => m.direction === 'move').length;
  const { title } = REGISTERS[q.kind];
  const doc: TableDocument = {
    title,
    orientation: 'landscape',
    meta: [
      periodLine('登记期间', q),
      `入库 ${ins} 次\u3000出库 ${outs} 次${moves ? `\u3000移位 ${moves} 次` : ''}`,
    ],
    columns: REGISTER_COLUMNS,
    rows,
    signatures: ['登记人', '审核人'],
    footer: title,
  };
  const stem = `${q.kind === 'in_out' ? 'in-out-register' : 'changes-register'}-${q.from}-${q.to}`;
  const printed = await printTableFile(deps.printer, doc, q.format, stem);
  await recordAudit(deps, actor, ctx, 'movement.register_print', null, {
    kind: q.kind,
    from: q.from,
    to: q.to,
    rows: rows.length,
    format: q.format,
  });
  return printed;
}
