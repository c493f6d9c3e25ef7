import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import { RETENTION_LABELS } from '../catalogue/retention.policy';
import type { CoreDeps } from '../deps';
import type { TableDocument } from '../documents/printer.port';
import { nameBook } from '../documents/printing';
import { accessionLoadedItem } from '../items/accession-item';
import { classifyItem } from '../items/classify-item';
import type { Item } from '../items/item.model';
import { viewItem } from '../items/item-view';
import { requestIndexing } from '../search/request-indexing';
import { DomainError } from '../shared/errors';
import { newId, type ItemId } from '../shared/ids';
import {
  KEPT_ORIGINAL_LABELS,
  SKIP_REASON_LABELS,
  countingSupervisors,
  type DestructionList,
} from './destruction.model';
import { destructionLists, mutate } from './records';
import { archiveDate8, archiveMinute, archiveYear } from '../shared/calendar';

/**
 * The 销毁清册 as a permanent record: it is stored as an archived item of the items' fonds, class GL
 * (社会保险管理类: the annex's management class is where the archive's own management records go; the
 * agency may move it once its 第十类 is known), retention 永久 (销毁清册永久保存), 险种 ZH (多险种).
 */
export const RECORD_CLASS = 'GL';
export const RECORD_INSURANCE_TYPE = 'ZH';
/** The 业务科室 that forms the archive's own records. */
export const ARCHIVE_SECTION = '档案室';

const time = (iso: string | undefined | null) => (iso ? archiveMinute(iso) : '');

/**
 * The list as a printed table: 序号, 档号, 题名, 年度, 保管期限, 页数, 鉴定意见, 备注, with the committee,
 * the approver and the supervisors on signature lines. Titles as `actor` may see them (the stored record is
 * made with the archivist's full view).
 */
export async function destructionListDocument(
  deps: Pick<CoreDeps, 'items' | 'catalogue' | 'accounts'>,
  l: DestructionList,
  actor: Actor,
): Promise<TableDocument> {
  const fonds = await deps.catalogue.current('fonds', l.fondsCode);
  const skipped = new Map((l.execution?.skipped ?? []).map((s) => [s.itemId, SKIP_REASON_LABELS[s.reason]]));
  const originalKept = new Map(
    (l.execution?.keptOriginals ?? []).map((k) => [k.itemId, KEPT_ORIGINAL_LABELS[k.reason]]),
  );
  const rows: string[][] = [];
  for (const r of l.rows) {
    const item = await deps.items.get(r.itemId as ItemId);
    rows.push([
      String(r.seq),
      r.archivalCode ?? '',
      item ? viewItem(item, actor).title : '',
      String(r.year),
      RETENTION_LABELS[r.retention],
      String(r.pages),
      r.opinion,
      [r.remarks, skipped.get(r.itemId), originalKept.get(r.itemId)].filter(Boolean).join('；'),
    ]);
  }
  const e = l.execution;
  const destroyed = e ? l.rows.filter((r) => e.done.includes(r.itemId)) : l.rows;
  const meta = [
    `全宗名称：${fonds?.body.name ?? ''}`,
    `全宗号：${l.fondsCode}`,
    `清册编号：${l.number}`,
    `鉴定编号：${l.appraisalNumber}`,
    `${e?.finishedAt ? '销毁' : '拟销毁'}件数：${destroyed.length}`,
    `页数：${destroyed.reduce((s, r) => s + r.pages, 0)}`,
  ];
  if (l.approval)
    meta.push(`${l.approval.decision === 'approved' ? '批准时间' : '不予批准'}：${time(l.approval.at)}`);
  if (e) meta.push(`销毁方式：${e.method}`, `销毁时间：${time(e.at)}`);
  const name = nameBook(deps);
  const committee = await Promise.all(l.committee.map((u) => name(u)));
  const supervisors = await Promise.all(countingSupervisors(l).map((u) => name(u)));
  while (supervisors.length < 2) supervisors.push('');
  const approver = await name(l.approval?.by ?? null);
  const notes = [
    '说明：本清册所列档案经鉴定小组鉴定、分管领导批准后，在两名以上监销人监督下销毁；电子档案及其派生文件、检索索引一并删除，目录条目保留并注明“已销毁”。本清册永久保存。',
  ];
  if (skipped.size) notes.push(`未销毁 ${skipped.size} 件：见备注。`);
  if (originalKept.size)
    notes.push(
      `${originalKept.size} 件的扫描原件（批次文件）另含未销毁的件，原件保留至其中各件均销毁：见备注。`,
    );
  return {
    title: '档案销毁清册',
    orientation: 'landscape',
    meta,
    columns: [
      { label: '序号', width: 4, align: 'center' },
      { label: '档号', width: 17 },
      { label: '题名', width: 30 },
      { label: '年度', width: 6, align: 'center' },
      { label: '保管期限', width: 7, align: 'center' },
      { label: '页数', width: 5, align: 'right' },
      { label: '鉴定意见', width: 20 },
      { label: '备注', width: 11 },
    ],
    rows,
    notes,
    signatures: [
      `鉴定小组成员（${committee.join('、')}）`,
      approver ? `批准人（${approver}）` : '批准人',
      ...supervisors.map((s) => (s ? `监销人（${s}）` : '监销人')),
    ],
    footer: `${l.number}`,
  };
}

/**
 * Stores the executed list's PDF as a new archived item with its 档号 (idempotent and resumable: the
 * item's id is written on the list before the item is made, so a repeat finds it instead of making two).
 */
export async function storeDestructionRecord(
  deps: CoreDeps,
  actor: Actor,
  list: DestructionList,
): Promise<DestructionList> {
  if (list.record?.archivalCode) return list;
  let l = list;
  if (!l.execution!.recordItemId) {
    const recordItemId = newId('itm', deps.clock.now());
    l = await mutate(destructionLists(deps), l.id, 'destruction.not_found', (x) => ({
      ...x,
      execution: { ...x.execution!, recordItemId: x.execution!.recordItemId ?? recordItemId },
    }));
  }
  const id = l.execution!.recordItemId as ItemId;
  let item = await deps.items.get(id);
  if (!item) item = await insertRecordItem(deps, actor, l, id);
  if (!item.archivalCode) {
    item = await accessionLoadedItem(deps, item);
    await recordAudit(deps, actor, { requestId: null }, 'item.accession', id, {
      archivalCode: item.archivalCode,
    });
    await requestIndexing(deps, id);
  }
  const archivalCode = item.archivalCode;
  return mutate(destructionLists(deps), l.id, 'destruction.not_found', (x) => ({
    ...x,
    record: { itemId: id, archivalCode },
  }));
}

async function insertRecordItem(deps: CoreDeps, actor: Actor, l: DestructionList, id: ItemId): Promise<Item> {
  const pdf = await deps.printer.tablePdf(await destructionListDocument(deps, l, actor));
  const blob = await deps.blobs.put(pdf);
  const at = new Date(l.execution!.finishedAt ?? l.execution!.at);
  const now = deps.clock.now();
  const classification = await classifyItem(deps, {
    fondsCode: l.fondsCode,
    year: archiveYear(at),
    classCode: RECORD_CLASS,
    retention: 'Y',
    insuranceType: RECORD_INSURANCE_TYPE,
  });
  const codes = l.rows.map((r) => r.archivalCode).filter(Boolean);
  const item: Item = {
    id,
    ...classification,
    title: `档案销毁清册（${l.number}）`,
    responsible: deps.settings.ingest.agency,
    docNumber: l.number,
    date: archiveDate8(at),
    remarks: `鉴定 ${l.appraisalNumber}；销毁 ${l.execution!.done.length} 件，方式：${l.execution!.method}`,
    section: ARCHIVE_SECTION,
    status: 'filed',
    archivalCode: null,
    itemNumber: null,
    persons: [],
    units: [],
    pages: [
      {
        n: 1,
        sha256: blob.sha256,
        mediaType: 'application/pdf',
        bytes: blob.bytes,
        originalName: `${l.number}.pdf`,
      },
    ],
    holds: [],
    // Searchable by the 档号 it lists: whoever looks for a destroyed item finds the list that destroyed it.
    content: `档案销毁清册 ${l.number} ${codes.join(' ')}`,
    createdAt: now.toISOString(),
    createdBy: actor.username,
    updatedAt: now.toISOString(),
    revision: 1,
  };
  try {
    await deps.items.insert(item);
  } catch (e) {
    if (!(e instanceof DomainError && e.code === 'item.exists')) throw e;
    return (await deps.items.get(id))!;
  }
  await recordAudit(deps, actor, { requestId: null }, 'destruction.record', l.id, {
    itemId: id,
    number: l.number,
  });
  await requestIndexing(deps, id);
  return item;
}
