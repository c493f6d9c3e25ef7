import type { Actor } from '../access/actor';
import { itemScope } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { currentBusinessSteps } from '../catalogue/catalogue-service';
import type { CoreDeps, RequestContext } from '../deps';
import { conflict, invalid, notFound } from '../shared/errors';
import type { Draft } from './ingest.model';
import type { ReviewInput } from './ingest.schemas';
import { fieldsFromDraft, registerDraft, type RegisterFields } from './register-draft';

/** A draft the actor may see: in their section's scope, or 404 (never a hint that it exists). */
export async function draftInScope(deps: CoreDeps, actor: Actor, id: string): Promise<Draft> {
  const draft = await deps.ingest.getDraft(id);
  const sections = itemScope(actor);
  if (!draft || (sections !== 'all' && !sections.includes(draft.section)))
    throw notFound('draft.not_found', `No draft ${id}.`);
  return draft;
}

export async function listDrafts(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  query: { batch?: string; status?: Draft['status']; limit: number; cursor?: string },
) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.draft.list', null);
  const scope = itemScope(actor);
  const sections = scope === 'all' ? undefined : scope;
  const page = await deps.ingest.listDrafts(
    {
      ...(query.batch ? { batchId: query.batch } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(sections ? { sections } : {}),
    },
    query.limit,
    query.cursor ?? null,
  );
  await recordAudit(deps, actor, ctx, 'ingest.draft.list', null, {
    count: page.drafts.length,
    status: query.status ?? null,
  });
  return page;
}

export async function getDraft(deps: CoreDeps, actor: Actor, ctx: RequestContext, id: string) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.draft.read', id);
  const draft = await draftInScope(deps, actor, id);
  await recordAudit(deps, actor, ctx, 'ingest.draft.read', id);
  return { draft, proposed: fieldsFromDraft(draft) };
}

/**
 * A clerk confirms a draft in review, correcting any fields in the same call. The corrections are kept
 * on the draft, and a form title the matcher missed is learned as a variant of the confirmed step.
 */
export async function confirmDraft(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  input: ReviewInput,
) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.draft.confirm', id);
  const draft = await draftInScope(deps, actor, id);
  if (draft.status !== 'needs_review')
    throw conflict('draft.not_in_review', `Draft ${id} is ${draft.status}, not waiting for review.`);
  if (draft.revision !== input.revision)
    throw conflict('draft.stale', `Draft ${id} has changed (revision ${draft.revision}); reload it.`);
  const proposed = fieldsFromDraft(draft);
  const merged = { ...proposed, ...input.fields };
  const missing = (['title', 'year', 'date'] as const).filter((f) => merged[f] === undefined);
  if (!merged.businessStep && !merged.classCode) missing.push('businessStep' as never);
  if (missing.length)
    throw invalid(
      'draft.fields_required',
      `Give ${missing.join(', ')}: the pipeline could not decide them.`,
      {
        fields: missing,
      },
    );
  const now = deps.clock.now().toISOString();
  const corrections = Object.entries(input.fields)
    .filter(([k, v]) => JSON.stringify(proposed[k as keyof RegisterFields]) !== JSON.stringify(v))
    .map(([field, to]) => ({
      field,
      from: proposed[field as keyof RegisterFields] ?? null,
      to,
      by: actor.username,
      at: now,
    }));
  const batch = await deps.ingest.getBatch(draft.batchId);
  if (!batch) throw notFound('batch.not_found', `No batch ${draft.batchId}.`);
  const reviewed: Draft = { ...draft, corrections: [...draft.corrections, ...corrections] };
  const filed = await registerDraft(deps, actor, ctx, reviewed, batch, merged as RegisterFields);
  await learnTitle(deps, actor, draft, merged.businessStep);
  await recordAudit(deps, actor, ctx, 'ingest.draft.confirm', id, {
    item: draft.itemId,
    corrected: corrections.map((c) => c.field),
  });
  return filed;
}

/** Teaches the matcher the OCR'd title of a confirmed draft when it is none of the step's known titles. */
async function learnTitle(deps: CoreDeps, actor: Actor, draft: Draft, step: string | undefined) {
  const title = draft.extraction?.title?.trim();
  if (!step || !title || title.length < 4 || title.length > 40) return;
  const steps = await currentBusinessSteps(deps);
  const known = steps.body.steps.find((s) => s.code === step)?.forms.some((f) => f.title === title);
  if (known) return;
  await deps.ingest.addTitleVariant({
    businessStep: step,
    variant: title,
    by: actor.username,
    at: deps.clock.now().toISOString(),
  });
}

export type PageVariant = 'original' | 'preview' | 'thumbnail' | 'words';

/** A draft page's image (original, preview or thumbnail) or OCR word boxes, for the review screen. */
export async function readDraftPage(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  n: number,
  variant: PageVariant,
) {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.draft.page', id);
  const draft = await draftInScope(deps, actor, id);
  const page = draft.pages[n - 1];
  if (!page) throw notFound('page.not_found', `Draft ${id} has no page ${n}.`);
  const sha =
    variant === 'original'
      ? page.sha256
      : variant === 'words'
        ? page.ocr?.words
        : (page[variant] ?? undefined);
  if (!sha) throw notFound('page.variant_missing', `Page ${n} has no ${variant} (yet).`);
  const blob = await deps.blobs.open(sha);
  if (!blob) throw notFound('page.content_missing', `The ${variant} of page ${n} is missing from storage.`);
  await recordAudit(deps, actor, ctx, 'ingest.draft.page', id, { page: n, variant });
  const mediaType =
    variant === 'original' ? page.mediaType : variant === 'words' ? 'application/json' : 'image/jpeg';
  return { mediaType, ...blob };
}
