import type { Actor } from '../access/actor';
import { can } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { currentBusinessSteps, currentRetentionTable } from '../catalogue/catalogue-service';
import { RETENTION_LABELS } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import type { TableDocument } from '../documents/printer.port';
import { nameBook, periodLine, printTable, type PrintFormat } from '../documents/printing';
import { pageCount } from '../items/item.model';
import { invalid } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { authorizeRead, loadTransfer, loadVolume, transfers } from './transfer-access';
import { TRANSFER_STATUS_LABELS, totals, type Transfer } from './transfer.model';
import { archiveDay, chineseDate } from '../shared/calendar';

/** 类别 and 险种 names for printing (GL → 社会保险管理类, YL → 养老保险). */
async function labels(deps: CoreDeps) {
  const classes = new Map((await currentRetentionTable(deps)).body.classes.map((c) => [c.code, c.name]));
  const types = new Map((await currentBusinessSteps(deps)).body.insuranceTypes.map((t) => [t.code, t.name]));
  return {
    cls: (code: string) => classes.get(code) ?? code,
    ins: (code: string) => types.get(code) ?? code,
  };
}

const printedDate = (d: string) =>
  /^\d{8}$/.test(d) ? `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}` : d;

/**
 * 卷内文件目录 of a pre-archived volume, in two copies: one bound at the front of the volume, one for the
 * archive (一份装订于案卷首页，一份汇总交与档案管理环节). The sources do not fix its columns; these follow
 * the 归档文件目录's (件号、责任者、代码、题名、日期、页数、备注), with 序号 for 件号 (numbers come later).
 */
export async function volumeContentsPdf(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<Uint8Array> {
  await authorizeRead(deps, actor, ctx, 'transfer.volume.print', id);
  const v = await loadVolume(deps, actor, id);
  const rows: string[][] = [];
  let pages = 0;
  for (const [n, itemId] of v.itemIds.entries()) {
    const item = await deps.items.get(itemId as ItemId);
    if (!item) continue;
    pages += pageCount(item);
    rows.push([
      String(n + 1),
      item.responsible,
      item.docNumber,
      item.title,
      printedDate(item.date),
      String(pageCount(item)),
      item.remarks,
    ]);
  }
  const doc: TableDocument = {
    title: '卷内文件目录',
    orientation: 'portrait',
    meta: [
      `全宗号：${v.fondsCode}`,
      `业务科室：${v.section}`,
      `卷号：${v.number}`,
      `年度：${v.year}`,
      `月份：${v.month}`,
      `卷名：${v.title}`,
      `件数：${rows.length}`,
      `页数：${pages}`,
    ],
    columns: [
      { label: '序号', width: 1, align: 'center' },
      { label: '责任者', width: 3 },
      { label: '文号', width: 2.5 },
      { label: '题名', width: 7 },
      { label: '日期', width: 2.2, align: 'center' },
      { label: '页数', width: 1.2, align: 'right' },
      { label: '备注', width: 2 },
    ],
    rows,
    notes: [`本卷共 ${rows.length} 件 ${pages} 页。`],
    signatures: ['立卷人', '检查人'],
    copies: ['第一份 装订于卷首', '第二份 交档案管理环节'],
    footer: `卷号 ${v.number}`,
  };
  const pdf = await deps.printer.tablePdf(doc);
  await recordAudit(deps, actor, ctx, 'transfer.volume.print', id, { number: v.number, items: rows.length });
  return pdf;
}

/**
 * 《社保业务档案移交情况登记表》, two copies (第一联 业务环节存, 第二联 档案管理环节存): the transfer list of
 * items, then the totals per 年度 / 类别 / 保管期限 / 险种 (件数, 页数), and the signature lines of the
 * 移交人, the 业务环节负责人 and the receiving 专职档案人员.
 */
export async function transferFormPdf(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<Uint8Array> {
  await authorizeRead(deps, actor, ctx, 'transfer.print', id);
  const t = await loadTransfer(deps, actor, id);
  const { cls, ins } = await labels(deps);
  const volumeNumbers = new Map<string, string>();
  const rows: string[][] = [];
  for (const [n, e] of t.items.entries()) {
    const item = await deps.items.get(e.itemId as ItemId);
    if (e.volumeId && !volumeNumbers.has(e.volumeId)) {
      const v = await loadVolume(deps, actor, e.volumeId).catch(() => null);
      volumeNumbers.set(e.volumeId, v?.number ?? '');
    }
    const remark =
      e.decision === 'returned'
        ? `退回补正：${e.returnReason ?? ''}`
        : e.decision === 'accepted'
          ? `已接收 ${e.archivalCode ?? ''}`
          : (item?.remarks ?? '');
    rows.push([
      String(n + 1),
      e.volumeId ? (volumeNumbers.get(e.volumeId) ?? '') : '',
      String(e.year),
      `${cls(e.classCode)}`,
      RETENTION_LABELS[e.retention],
      ins(e.insuranceType),
      item?.title ?? '',
      printedDate(e.date),
      String(e.pages),
      remark,
    ]);
  }
  const groups = new Map<string, { label: string; items: number; pages: number }>();
  for (const e of t.items) {
    const key = [e.year, e.classCode, e.retention, e.insuranceType].join('|');
    const g = groups.get(key) ?? {
      label: `${e.year}年 ${cls(e.classCode)}（${e.classCode}） ${RETENTION_LABELS[e.retention]} ${ins(e.insuranceType)}`,
      items: 0,
      pages: 0,
    };
    g.items++;
    g.pages += e.pages;
    groups.set(key, g);
  }
  const all = totals(t.items);
  const declared = t.declared ?? all;
  const doc: TableDocument = {
    title: '社保业务档案移交情况登记表',
    orientation: 'landscape',
    meta: [
      `移交单号：${t.number}`,
      `全宗号：${t.fondsCode}`,
      `移交部门：${t.section}`,
      `移交日期：${t.submittedAt ? chineseDate(archiveDay(t.submittedAt)) : '（未移交）'}`,
      `移交件数：${declared.items} 件`,
      `页数：${declared.pages} 页`,
      `移交人：${t.submittedByName ?? ''}`,
      `业务环节负责人：${t.sectionHeadName ?? ''}`,
      `接收人：${t.receivedByName ?? ''}`,
      `状态：${TRANSFER_STATUS_LABELS[t.status]}`,
    ],
    columns: [
      { label: '序号', width: 1, align: 'center' },
      { label: '卷号', width: 2 },
      { label: '年度', width: 1.2, align: 'center' },
      { label: '类别', width: 3 },
      { label: '保管期限', width: 1.5, align: 'center' },
      { label: '险种', width: 2 },
      { label: '题名', width: 6.5 },
      { label: '日期', width: 2, align: 'center' },
      { label: '页数', width: 1, align: 'right' },
      { label: '备注', width: 4 },
    ],
    rows,
    notes: [
      '移交汇总（年度、类别、保管期限、险种）：',
      ...[...groups.values()].map((g) => `${g.label}：${g.items} 件，${g.pages} 页`),
      `合计：${all.items} 件，${all.pages} 页。`,
      '本表一式二份，业务环节和档案管理环节各存一份。',
    ],
    signatures: ['移交人', '业务环节负责人', '接收人（专职档案人员）'],
    copies: ['第一联 业务环节存', '第二联 档案管理环节存'],
    footer: `移交单号 ${t.number}`,
  };
  const pdf = await deps.printer.tablePdf(doc);
  await recordAudit(deps, actor, ctx, 'transfer.print', id, { number: t.number });
  return pdf;
}

/** One row per acceptance and 年度 in the date range (China time), oldest first. */
async function registerRows(deps: CoreDeps, from: string, to: string): Promise<string[][]> {
  const entries: { at: string; t: Transfer; year: number; items: number; pages: number; by: string }[] = [];
  for await (const t of transfers(deps).all()) {
    for (const r of t.receipts) {
      const day = archiveDay(r.at);
      if (day < from || day > to) continue;
      for (const y of r.years) entries.push({ at: r.at, t, ...y, by: r.by });
    }
  }
  entries.sort((a, b) => (a.at === b.at ? a.t.number.localeCompare(b.t.number) : a.at < b.at ? -1 : 1));
  const name = nameBook(deps);
  const out: string[][] = [];
  for (const [n, e] of entries.entries()) {
    const returned = e.t.items.filter((i) => i.decision === 'returned').length;
    out.push([
      String(n + 1),
      archiveDay(e.at),
      e.t.section,
      e.t.number,
      String(e.year),
      String(e.items),
      String(e.pages),
      await name(e.by),
      returned > 0 ? `退回补正 ${returned} 件` : '',
    ]);
  }
  return out;
}

/** 《档案接收登记表》 for a date range, as PDF or XLSX. */
export async function receiptRegister(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  range: { from: string; to: string },
  format: PrintFormat,
): Promise<Uint8Array> {
  if (!can(actor, 'transfer.receive'))
    await authorizeAudited(deps, actor, ctx, 'report.read', 'transfer.register', null);
  if (range.from > range.to) throw invalid('register.bad_range', 'from is after to.');
  const rows = await registerRows(deps, range.from, range.to);
  const items = rows.reduce((s, r) => s + Number(r[5]), 0);
  const pages = rows.reduce((s, r) => s + Number(r[6]), 0);
  const doc: TableDocument = {
    title: '档案接收登记表',
    orientation: 'landscape',
    meta: [periodLine('接收日期', range)],
    columns: [
      { label: '序号', width: 1, align: 'center' },
      { label: '接收日期', width: 2, align: 'center' },
      { label: '移交部门', width: 3 },
      { label: '移交单号', width: 2.5 },
      { label: '年度', width: 1.2, align: 'center' },
      { label: '件数', width: 1.2, align: 'right' },
      { label: '页数', width: 1.2, align: 'right' },
      { label: '接收人', width: 2 },
      { label: '备注', width: 3 },
    ],
    rows,
    notes: [`合计：${rows.length} 次接收，${items} 件，${pages} 页。`],
  };
  const bytes = await printTable(deps.printer, doc, format);
  await recordAudit(deps, actor, ctx, 'transfer.register', null, { ...range, format, rows: rows.length });
  return bytes;
}
