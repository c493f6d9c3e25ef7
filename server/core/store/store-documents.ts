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
import { getBoxType } from './box-types';
import type { StoredRecord } from '../records/record-store.port';
import { contentsOf, filedRetention, type Box, type BoxContents } from './box.model';
import { entryItems, loadBox } from './boxes';
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

/**
 * 盒内文件情况说明: what was written, else the contents; what changed after the box was sealed; the items
 * destroyed (their entries stay: 起止件号 is the box's number range) and those out on loan or moved out.
 * The counts are those of the box view (`getBox`): live items, destroyed ones apart.
 */
function contentsStatement(box: Box, c: BoxContents): string {
  const lines: string[] = [];
  if (box.note.description.trim()) lines.push(box.note.description.trim());
  else if (!c.destroyedCount)
    lines.push(`本盒共 ${c.itemCount} 件，${c.pageCount} 页，件号 ${box.itemRange ?? '—'}。`);
  else
    lines.push(
      `本盒装盒 ${box.itemCount} 件，${box.pageCount} 页，件号 ${box.itemRange ?? '—'}；` +
        `现存 ${c.itemCount} 件，${c.pageCount} 页。`,
    );
  for (const entry of box.log)
    lines.push(
      `${archiveDay(entry.at)} ${entry.kind === 'added' ? '补充' : '移出'}：${entry.archivalCodes.join('、')}`,
    );
  if (c.destroyedCount)
    lines.push(`已销毁：${c.destroyed.join('、')}（${c.destroyedCount} 件，${c.destroyedPages} 页）`);
  if (c.outCount) lines.push(`借出或调出未还：${c.out.join('、')}`);
  return lines.join('\n');
}

/** 备考表 of a box (DA/T 22: 盒内文件情况说明, 整理人, 整理日期, 检查人, 检查日期), A4 portrait. */
export async function printBoxNoteSheet(deps: CoreDeps, actor: Actor, ctx: RequestContext, id: string) {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box.note_sheet', id);
  const box = await loadBox(deps, id);
  const found = await entryItems(deps, box.entries);
  const contents = contentsOf(box.entries, (e) => found.get(e.itemId) ?? null);
  const classLabel = await classLabeller(deps);
  const { fondsName } = await agencyOf(deps, box.fondsCode);
  const besides = (n: number, unit: string) => (contents.destroyedCount ? `（另已销毁 ${n} ${unit}）` : '');
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
      ['盒内文件情况说明', `${contentsStatement(box, contents)}${'\n\u3000'.repeat(8)}`],
      ['件数', `${contents.itemCount} 件${besides(contents.destroyedCount, '件')}`],
      ['页数', `${contents.pageCount} 页${besides(contents.destroyedPages, '页')}`],
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
  { label: '题名', width: 28 },
  { label: '日期', width: 8, align: 'center' },
  { label: '密级', width: 4, align: 'center' },
  { label: '页数', width: 4, align: 'center' },
  { label: '备注', width: 12 },
];

/** 页数 of a catalogue row: the pages an item has, or had when it was destroyed (its row stays). */
export function cataloguePages(item: Item): number {
  return item.status === 'destroyed' ? (item.destruction?.pages ?? item.pages.length) : item.pages.length;
}

/**
 * 备注 of an item whose period an appraisal extended: `保管期限经鉴定延长为30年（JD-2024-0001）`, one per
 * extension, naming the appraisal by its 鉴定编号 (`numberOf`), or by the day when the record is gone.
 */
export function extensionRemarks(
  item: Pick<Item, 'appraisals'>,
  numberOf: (appraisalId: string) => string | null,
): string[] {
  return (item.appraisals ?? []).map(
    (a) => `保管期限经鉴定延长为${RETENTION_LABELS[a.to]}（${numberOf(a.appraisalId) ?? archiveDay(a.at)}）`,
  );
}

/**
 * One catalogue row (DA/T 22-2015 columns). 密级 is printed only when an item has one (none do yet). 备注:
 * 已销毁, then the appraisals that extended its period (`extensions`), then the item's own remarks.
 */
export function catalogueRow(
  item: Item,
  n: number,
  actor: Actor,
  extensions: readonly string[] = [],
): string[] {
  const seen = viewItem(item, actor);
  const secrecy = (item as Item & { secrecy?: string }).secrecy ?? '';
  const remarks = [item.status === 'destroyed' ? '已销毁' : '', ...extensions, seen.remarks]
    .filter(Boolean)
    .join('；');
  return [
    String(n),
    item.archivalCode ?? '',
    item.docNumber,
    seen.responsible,
    seen.title,
    item.date,
    secrecy,
    String(cataloguePages(item)),
    remarks,
  ];
}

/** 鉴定编号 of appraisals, each read once (null when there is no such record). */
async function appraisalNumbers(deps: Pick<CoreDeps, 'records'>, items: Iterable<Item>) {
  const appraisals = deps.records.collection<StoredRecord & { number?: string }>('appraisal');
  const numbers = new Map<string, string | null>();
  for (const item of items)
    for (const { appraisalId } of item.appraisals ?? [])
      if (!numbers.has(appraisalId))
        numbers.set(appraisalId, (await appraisals.get(appraisalId))?.number ?? null);
  return (id: string) => numbers.get(id) ?? null;
}

/** How many 档号 an extension note lists before 等 N 件. */
const EXTENDED_ELSEWHERE_SHOWN = 20;

/**
 * 归档文件目录 of a fonds and year (and class and retention, when given), A4 landscape, in 档号 order:
 * the rows stream from the catalogue into the printer, so a year of 30,000 items never sits in memory.
 *
 * Which items: the archived and the destroyed ones (a destroyed item keeps its row, 备注 已销毁, 页数 as
 * destroyed), of the retention they were FILED under — the one in their 档号 (`filedRetention`). An item an
 * appraisal kept longer is never renumbered (档号 are never rewritten or reused), and it stays where it
 * physically is, in the boxes of its 档号 group: so it is listed in the catalogue of its old period, at its
 * number (no gap there), with 备注 `保管期限经鉴定延长为30年（JD-2024-0001）`, and not in the catalogue of the
 * new period, which says in a note how many items extended into that period are listed elsewhere, and which.
 *
 * The heading's totals are those of the rows: 共 N 件 M 页, destroyed items counted with the pages they had,
 * and how many of them were destroyed (其中已销毁 k 件 p 页). They are counted by a first pass over the
 * same items (the heading is printed before the rows stream; statistics' tally cannot see either the pages
 * a tombstone had or the period an item was filed under).
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
  // Not filtered by the current retention: an item's catalogue is that of its filed retention.
  const filters: ItemFilters = { fondsCode: q.fondsCode, year: q.year, numbered: true };
  if (q.classCode) filters.classCode = q.classCode;
  const listed = (item: Item) =>
    (item.status === 'archived' || item.status === 'destroyed') &&
    (!q.retention || filedRetention(item) === q.retention);
  const totals = { items: 0, pages: 0, destroyed: 0, destroyedPages: 0 };
  const extended: Item[] = [];
  const elsewhere: string[] = [];
  for await (const item of deps.items.scanInArchivalOrder(filters)) {
    if (listed(item)) {
      const pages = cataloguePages(item);
      totals.items++;
      totals.pages += pages;
      if (item.status === 'destroyed') {
        totals.destroyed++;
        totals.destroyedPages += pages;
      }
      if (item.appraisals?.length) extended.push(item);
    } else if (q.retention && item.status === 'archived' && item.retention === q.retention)
      elsewhere.push(item.archivalCode ?? item.id);
  }
  const numberOf = await appraisalNumbers(deps, extended);
  async function* rows(): AsyncIterable<string[]> {
    let n = 0;
    for await (const item of deps.items.scanInArchivalOrder(filters))
      if (listed(item)) yield catalogueRow(item, ++n, actor, extensionRemarks(item, numberOf));
  }
  // 全宗号-年度[-类别][-保管期限]: names the footer and the file.
  const span = `${q.fondsCode}-${q.year}${q.classCode ? `-${q.classCode}` : ''}${q.retention ? `-${q.retention}` : ''}`;
  const retentionLabel = q.retention ? RETENTION_LABELS[q.retention as RetentionPeriod] : '全部';
  const meta = [
    `全宗号：${q.fondsCode}`,
    `全宗名称：${fondsName}`,
    `年度：${q.year}`,
    `类别：${q.classCode ? classLabel(q.classCode) : '全部'}`,
    `保管期限：${retentionLabel}`,
    `共 ${totals.items} 件 ${totals.pages} 页` +
      (totals.destroyed ? `（其中已销毁 ${totals.destroyed} 件 ${totals.destroyedPages} 页）` : ''),
  ];
  const notes: string[] = [];
  if (elsewhere.length) {
    const shown = elsewhere.slice(0, EXTENDED_ELSEWHERE_SHOWN).join('、');
    const more = elsewhere.length > EXTENDED_ELSEWHERE_SHOWN ? ` 等 ${elsewhere.length} 件` : '';
    notes.push(
      `另有 ${elsewhere.length} 件经鉴定延长保管期限为${retentionLabel}，档号不变，仍列入原保管期限的归档文件目录：${shown}${more}。`,
    );
  }
  const doc: TableDocument = {
    title: '归档文件目录',
    orientation: 'landscape',
    meta,
    columns: CATALOGUE_COLUMNS,
    rows: rows(),
    ...(notes.length ? { notes } : {}),
    footer: `${span} 归档文件目录`,
  };
  const printed = await printTableFile(deps.printer, doc, q.format, `catalogue-${span}`);
  await recordAudit(deps, actor, ctx, 'catalogue.print', `${q.fondsCode}/${q.year}`, {
    classCode: q.classCode ?? null,
    retention: q.retention ?? null,
    format: q.format,
    items: totals.items,
    destroyed: totals.destroyed,
  });
  return printed;
}
