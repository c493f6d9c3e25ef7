import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { currentRetentionTable } from '../catalogue/catalogue-service';
import { RETENTION_LABELS, type RetentionPeriod } from '../catalogue/retention.policy';
import type { CoreDeps, RequestContext } from '../deps';
import type { BoxLabel, TableDocument } from '../documents/printer.port';
import { printTableFile, type PrintedFile } from '../documents/printing';
import type { ItemFilters } from '../items/item-repository.port';
import { viewItem } from '../items/item-view';
import type { Item } from '../items/item.model';
import { notFound } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { getBoxType } from './box-types';
import type { Box } from './box.model';
import { loadBox } from './boxes';
import type { CatalogueQuery } from './store.schemas';
import { archiveDay } from '../shared/calendar';

/** The agency printed on labels: the fonds' agency, else its name, else the installation's. */
export async function agencyOf(
  deps: CoreDeps,
  fondsCode: string,
): Promise<{ agency: string; fondsName: string }> {
  const fonds = await deps.catalogue.current('fonds', fondsCode);
  if (!fonds) throw notFound('fonds.not_found', `No fonds ${fondsCode}.`);
  return {
    agency: fonds.body.agency || fonds.body.name || deps.settings.ingest.agency,
    fondsName: fonds.body.name,
  };
}

/** `社会保险管理类（GL）`, or the bare code when the class is not in the retention table. */
export async function classLabeller(deps: CoreDeps): Promise<(code: string) => string> {
  const table = await currentRetentionTable(deps).catch(() => null);
  const names = new Map(table?.body.classes.map((c) => [c.code, c.name]) ?? []);
  return (code) => {
    const name = names.get(code);
    return name ? `${name}（${code}）` : code;
  };
}

/**
 * Cover and spine labels of boxes (全宗号、年度、类别、保管期限、起止件号、盒号, agency, a QR code of the
 * link that opens the box: `<linkBase>/boxes/<id>`), sized from each box's type.
 */
export async function printBoxLabels(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  boxIds: readonly string[],
  linkBase: string,
): Promise<Uint8Array> {
  await authorizeAudited(
    deps,
    actor,
    ctx,
    'store.manage',
    'box.labels',
    boxIds.length === 1 ? (boxIds[0] ?? null) : null,
  );
  const classLabel = await classLabeller(deps);
  const labels: BoxLabel[] = [];
  for (const id of boxIds) {
    const box = await loadBox(deps, id);
    const type = await getBoxType(deps, box.typeId);
    labels.push({
      agency: (await agencyOf(deps, box.fondsCode)).agency,
      fondsCode: box.fondsCode,
      year: box.year,
      classLabel: classLabel(box.classCode),
      retentionLabel: RETENTION_LABELS[box.retention],
      itemRange: box.itemRange ?? '',
      boxNumber: box.boxNumber,
      qrText: `${linkBase.replace(/\/+$/, '')}/boxes/${box.id}`,
      widthMm: type.widthMm,
      heightMm: type.lengthMm,
      thicknessMm: type.thicknessMm,
    });
  }
  const pdf = await deps.printer.boxLabelsPdf(labels);
  await recordAudit(deps, actor, ctx, 'box.labels', null, { boxIds: [...boxIds] });
  return pdf;
}

/** 盒内文件情况说明: what was written, else the contents, and what changed after the box was sealed. */
async function contentsStatement(deps: CoreDeps, box: Box): Promise<string> {
  const lines: string[] = [];
  if (box.note.description.trim()) lines.push(box.note.description.trim());
  else lines.push(`本盒共 ${box.itemCount} 件，${box.pageCount} 页，件号 ${box.itemRange ?? '—'}。`);
  const destroyed: string[] = [];
  const out: string[] = [];
  for (const e of box.entries) {
    const item = await deps.items.get(e.itemId as ItemId);
    if (item?.status === 'destroyed') destroyed.push(e.archivalCode);
    else if (item?.out) out.push(e.archivalCode);
  }
  for (const entry of box.log)
    lines.push(
      `${archiveDay(entry.at)} ${entry.kind === 'added' ? '补充' : '移出'}：${entry.archivalCodes.join('、')}`,
    );
  if (destroyed.length) lines.push(`已销毁：${destroyed.join('、')}`);
  if (out.length) lines.push(`借出或调出未还：${out.join('、')}`);
  return lines.join('\n');
}

/** 备考表 of a box (DA/T 22: 盒内文件情况说明, 整理人, 整理日期, 检查人, 检查日期), A4 portrait. */
export async function printBoxNoteSheet(deps: CoreDeps, actor: Actor, ctx: RequestContext, id: string) {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.note_sheet', id);
  const box = await loadBox(deps, id);
  const classLabel = await classLabeller(deps);
  const { fondsName } = await agencyOf(deps, box.fondsCode);
  const doc: TableDocument = {
    title: '备考表',
    orientation: 'portrait',
    meta: [
      `全宗号：${box.fondsCode}（${fondsName}）`,
      `年度：${box.year}`,
      `类别：${classLabel(box.classCode)}`,
      `保管期限：${RETENTION_LABELS[box.retention]}`,
      `盒号：${box.boxNumber}`,
      `起止件号：${box.itemRange ?? ''}`,
    ],
    columns: [
      { label: '项目', width: 1, align: 'center' },
      { label: '内容', width: 4 },
    ],
    rows: [
      // Blank lines after the statement leave room to write by hand, as on a printed 备考表.
      ['盒内文件情况说明', `${await contentsStatement(deps, box)}${'\n\u3000'.repeat(8)}`],
      ['件数', `${box.itemCount} 件`],
      ['页数', `${box.pageCount} 页`],
      ['整理人', box.note.arrangedBy],
      ['整理日期', box.note.arrangedOn ?? ''],
      ['检查人', box.note.checkedBy],
      ['检查日期', box.note.checkedOn ?? ''],
    ],
    notes: ['盒内文件情况说明：填写盒内文件缺损、修改、补充、移出、销毁等情况。本表置于盒内文件之后。'],
    footer: `${box.code}`,
  };
  const pdf = await deps.printer.tablePdf(doc);
  await recordAudit(deps, actor, ctx, 'box.note_sheet', id, { code: box.code });
  return pdf;
}

export const CATALOGUE_COLUMNS: TableDocument['columns'] = [
  { label: '序号', width: 4, align: 'center' },
  { label: '档号', width: 17 },
  { label: '文号', width: 12 },
  { label: '责任者', width: 16 },
  { label: '题名', width: 32 },
  { label: '日期', width: 8, align: 'center' },
  { label: '密级', width: 4, align: 'center' },
  { label: '页数', width: 4, align: 'center' },
  { label: '备注', width: 8 },
];

/** One catalogue row (DA/T 22-2015 columns). 密级 is printed only when an item has one (none do yet). */
export function catalogueRow(item: Item, n: number, actor: Actor): string[] {
  const seen = viewItem(item, actor);
  const secrecy = (item as Item & { secrecy?: string }).secrecy ?? '';
  const remarks = [item.status === 'destroyed' ? '已销毁' : '', seen.remarks].filter(Boolean).join('；');
  return [
    String(n),
    item.archivalCode ?? '',
    item.docNumber,
    seen.responsible,
    seen.title,
    item.date,
    secrecy,
    String(item.destruction?.pages ?? item.pages.length),
    remarks,
  ];
}

/**
 * 归档文件目录 of a fonds and year (and class and retention, when given), A4 landscape, in 档号 order:
 * the rows stream from the catalogue into the printer, so a year of 30,000 items never sits in memory.
 */
export async function printArchivalCatalogue(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: CatalogueQuery,
): Promise<PrintedFile> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'catalogue.print', `${q.fondsCode}/${q.year}`);
  const { fondsName } = await agencyOf(deps, q.fondsCode);
  const classLabel = await classLabeller(deps);
  const filters: ItemFilters = { fondsCode: q.fondsCode, year: q.year, numbered: true };
  if (q.classCode) filters.classCode = q.classCode;
  if (q.retention) filters.retention = q.retention;
  const tally = await deps.items.tally(filters, ['status']);
  const counted = tally.filter((r) => r.key.status === 'archived' || r.key.status === 'destroyed');
  const items = counted.reduce((n, r) => n + r.items, 0);
  const pages = counted.reduce((n, r) => n + r.pages, 0);
  async function* rows(): AsyncIterable<string[]> {
    let n = 0;
    for await (const item of deps.items.scanInArchivalOrder(filters)) {
      if (item.status !== 'archived' && item.status !== 'destroyed') continue;
      yield catalogueRow(item, ++n, actor);
    }
  }
  // 全宗号-年度[-类别][-保管期限]: names the footer and the file.
  const span = `${q.fondsCode}-${q.year}${q.classCode ? `-${q.classCode}` : ''}${q.retention ? `-${q.retention}` : ''}`;
  const meta = [
    `全宗号：${q.fondsCode}`,
    `全宗名称：${fondsName}`,
    `年度：${q.year}`,
    `类别：${q.classCode ? classLabel(q.classCode) : '全部'}`,
    `保管期限：${q.retention ? RETENTION_LABELS[q.retention as RetentionPeriod] : '全部'}`,
    `共 ${items} 件 ${pages} 页`,
  ];
  const doc: TableDocument = {
    title: '归档文件目录',
    orientation: 'landscape',
    meta,
    columns: CATALOGUE_COLUMNS,
    rows: rows(),
    footer: `${span} 归档文件目录`,
  };
  const printed = await printTableFile(deps.printer, doc, q.format, `catalogue-${span}`);
  await recordAudit(deps, actor, ctx, 'catalogue.print', `${q.fondsCode}/${q.year}`, {
    classCode: q.classCode ?? null,
    retention: q.retention ?? null,
    format: q.format,
    items,
  });
  return printed;
}
