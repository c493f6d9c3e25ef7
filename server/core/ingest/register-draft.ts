import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { classifyItem } from '../items/classify-item';
import type { Item, ItemPage, ItemPerson, ItemUnit } from '../items/item.model';
import type { ItemInput } from '../items/item.schemas';
import { requestIndexing } from '../search/request-indexing';
import type { Batch, Draft } from './ingest.model';

/** The catalogue fields an item is registered with: the pipeline's decisions, or a clerk's. */
export type RegisterFields = Omit<ItemInput, 'fondsCode' | 'section'>;

/** What the pipeline decided, as item fields (null where it has no value to offer). */
export function fieldsFromDraft(draft: Draft): Partial<RegisterFields> {
  const c = draft.classification;
  const e = draft.extraction;
  const persons: ItemPerson[] = (e?.persons ?? [])
    .filter((p) => p.name)
    .map((p) => ({
      name: p.name!,
      ...(p.residentId ? { residentId: p.residentId } : {}),
      ...(p.socialInsuranceNo ? { socialInsuranceNo: p.socialInsuranceNo } : {}),
    }));
  const units: ItemUnit[] = (e?.units ?? [])
    .filter((u) => u.name)
    .map((u) => ({
      name: u.name!,
      ...(u.creditCode ? { creditCode: u.creditCode } : {}),
      ...(u.socialInsuranceCode ? { socialInsuranceCode: u.socialInsuranceCode } : {}),
    }));
  const out: Partial<RegisterFields> = { persons, units, responsible: '', docNumber: '', remarks: '' };
  if (c?.businessStep.value) out.businessStep = c.businessStep.value;
  if (c?.year.value) out.year = c.year.value;
  if (c?.date.value) out.date = c.date.value;
  // The catalogue's own spelling when the match is sure; otherwise what OCR read, for the clerk to fix.
  const title =
    c && c.formTitle.value && c.formTitle.confidence >= 0.85
      ? c.formTitle.value
      : (e?.title ?? c?.formTitle.value);
  if (title) out.title = title;
  return out;
}

/**
 * Files a draft as an item (`filed`, in its section). The item's id was fixed when the draft was made,
 * so registering again after a crash finds the item already written and only finishes the bookkeeping.
 */
export async function registerDraft(
  deps: CoreDeps,
  actor: { accountId: string; username: string },
  ctx: RequestContext,
  draft: Draft,
  batch: Batch,
  fields: RegisterFields,
): Promise<Draft> {
  const existing = await deps.items.get(draft.itemId);
  if (!existing) {
    const classification = await classifyItem(deps, { ...fields, fondsCode: draft.fondsCode });
    const now = deps.clock.now().toISOString();
    const item: Item = {
      id: draft.itemId,
      ...classification,
      title: fields.title,
      responsible: fields.responsible,
      docNumber: fields.docNumber,
      date: fields.date,
      remarks: fields.remarks,
      section: draft.section,
      status: 'filed',
      archivalCode: null,
      itemNumber: null,
      persons: fields.persons,
      units: fields.units,
      pages: draft.pages.map((p, i) => pageOf(p, i)),
      holds: [],
      content: draft.pages.map((p) => p.textLayer ?? p.ocr?.text ?? '').join('\n\f\n'),
      ...(draft.searchablePdf ? { searchablePdf: draft.searchablePdf } : {}),
      ingest: {
        batchId: draft.batchId,
        draftId: draft.id,
        quality: draft.quality.map((q) => ({ page: q.page, code: q.code, message: q.message })),
      },
      createdAt: now,
      createdBy: batch.createdBy,
      updatedAt: now,
      revision: 1,
    };
    await deps.items.insert(item);
    await recordAudit(deps, actor, ctx, 'item.create', item.id, {
      via: 'ingest',
      batch: draft.batchId,
      pages: item.pages.length,
      classCode: item.classCode,
      year: item.year,
    });
  }
  for (const n of new Set(draft.pages.map((p) => p.from.file))) {
    const sha = batch.files.find((f) => f.n === n)?.sha256;
    if (sha) await deps.ingest.setFingerprintItem(sha, draft.itemId);
  }
  const filed: Draft = {
    ...draft,
    status: 'filed',
    done: draft.done.includes('register') ? draft.done : [...draft.done, 'register'],
    updatedAt: deps.clock.now().toISOString(),
    revision: draft.revision + 1,
  };
  await deps.ingest.updateDraft(filed);
  await requestIndexing(deps, draft.itemId);
  return filed;
}

function pageOf(p: Draft['pages'][number], i: number): ItemPage {
  return {
    n: i + 1,
    sha256: p.sha256,
    mediaType: p.mediaType,
    bytes: p.bytes,
    originalName: p.from.originalName,
    ...(p.preview ? { preview: p.preview } : {}),
    ...(p.thumbnail ? { thumbnail: p.thumbnail } : {}),
    ...(p.textLayer !== null
      ? { text: { source: 'text_layer' as const, confidence: null, words: null } }
      : p.ocr
        ? { text: { source: 'ocr' as const, confidence: p.ocr.confidence, words: p.ocr.words } }
        : {}),
  };
}
