import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { currentBusinessSteps } from '../catalogue/catalogue-service';
import type { CoreDeps, RequestContext } from '../deps';
import { classifyItem } from '../items/classify-item';
import { sectionFor } from '../items/create-item';
import type { Item } from '../items/item.model';
import { viewItem } from '../items/item-view';
import { requestIndexing } from '../search/request-indexing';
import { invalid } from '../shared/errors';
import { newId, type ItemId } from '../shared/ids';
import { layoutForm, type FormField } from './form-layout';
import type { GeneratedFormInput } from './ingest.schemas';

/** `20150302` → `2015年03月02日`, as forms print dates. */
export function printedDate(d: string): string {
  return `${d.slice(0, 4)}年${d.slice(4, 6)}月${d.slice(6, 8)}日`;
}

/**
 * Files a system-generated form (its business step and field values) as an item: the form is rendered
 * to an A4 PDF with the project's embedded Chinese font and classified from its known business step, so
 * no OCR and no review are needed. Its text is searchable at once.
 */
export async function fileGeneratedForm(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: GeneratedFormInput,
) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'item.create', null);
  const section = sectionFor(actor, input.section);
  const steps = await currentBusinessSteps(deps);
  const step = steps.body.steps.find((s) => s.code === input.businessStep);
  if (!step)
    throw invalid('item.unknown_business_step', `Unknown business step ${input.businessStep}.`, {
      field: 'businessStep',
    });
  const title = input.formTitle ?? step.forms[0]?.title;
  if (!title || (input.formTitle && !step.forms.some((f) => f.title === input.formTitle)))
    throw invalid(
      'generated.unknown_form',
      `Business step ${step.code} has no form ${input.formTitle ?? ''}.`,
      {
        field: 'formTitle',
        forms: step.forms.map((f) => f.title),
      },
    );
  const year = Number(input.date.slice(0, 4));
  const classification = await classifyItem(deps, {
    fondsCode: input.fondsCode,
    year,
    businessStep: step.code,
  });
  const signatures: FormField[] = [
    { label: '经办人', value: input.handler ?? actor.username },
    { label: '复核人', value: input.reviewer ?? '' },
    { label: '经办日期', value: printedDate(input.date) },
    { label: '办结日期', value: printedDate(input.date) },
  ];
  const layout = layoutForm({
    agency: deps.settings.ingest.agency,
    title,
    ...(input.reference ? { reference: `业务编号：${input.reference}` } : {}),
    fields: input.fields,
    signatures,
  });
  const rendered = await deps.media.renderer.renderForm(layout);
  const pdf = await deps.blobs.put(rendered.pdf);
  const firstPage = rendered.pages[0];
  const derived = firstPage ? await deps.media.images.derivatives(firstPage) : null;
  const [preview, thumbnail] = derived
    ? await Promise.all([deps.blobs.put(derived.preview.content), deps.blobs.put(derived.thumbnail.content)])
    : [null, null];
  const now = deps.clock.now();
  const item: Item = {
    id: newId<'ItemId'>('itm', now) as ItemId,
    ...classification,
    title,
    responsible: deps.settings.ingest.agency,
    docNumber: input.reference ?? '',
    date: input.date,
    remarks: '',
    section,
    status: 'filed',
    archivalCode: null,
    itemNumber: null,
    persons: input.persons,
    units: input.units,
    pages: [
      {
        n: 1,
        sha256: pdf.sha256,
        mediaType: 'application/pdf',
        bytes: pdf.bytes,
        originalName: `${title}.pdf`,
        ...(preview ? { preview: preview.sha256 } : {}),
        ...(thumbnail ? { thumbnail: thumbnail.sha256 } : {}),
        text: { source: 'generated', confidence: null, words: null },
      },
    ],
    holds: [],
    content: layout.text,
    createdAt: now.toISOString(),
    createdBy: actor.username,
    updatedAt: now.toISOString(),
    revision: 1,
  };
  await deps.items.insert(item);
  await recordAudit(deps, actor, ctx, 'item.create', item.id, {
    via: 'generated',
    businessStep: step.code,
    year,
  });
  await requestIndexing(deps, item.id);
  return viewItem(item, actor);
}
