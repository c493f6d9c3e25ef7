import type { CoreDeps } from '../server/core/deps';
import { currentBusinessSteps, currentRetentionTable } from '../server/core/catalogue/catalogue-service';
import type { Draft, DraftPage, DraftStage, PageWords } from '../server/core/ingest/ingest.model';
import { assessQuality } from '../server/core/ingest/quality.policy';
import { PROCESS_DRAFT_JOB } from '../server/core/ingest/receive-batch';
import { fieldsFromDraft, registerDraft, type RegisterFields } from '../server/core/ingest/register-draft';
import { SYSTEM_ACTOR } from '../server/core/access/actor';
import type { Job } from '../server/core/jobs/job-queue.port';
import { DomainError } from '../server/core/shared/errors';
import { classifyDraft, reviewReasons } from './classify';
import { extractFields } from './extract';
import { pixelsOf, readBlob } from './blob-bytes';
import { boxesOnOriginal, pngSize } from './word-boxes';

export { PROCESS_DRAFT_JOB };

type Stage = (deps: CoreDeps, draft: Draft) => Promise<Partial<Draft>>;

/** Quality gate (DA/T 31): measured on every page when it was paged; judged here. */
const quality: Stage = async (deps, draft) => ({ quality: assessQuality(draft.pages, deps.settings.ingest) });

type PageStage = { done(p: DraftPage): boolean; run(deps: CoreDeps, p: DraftPage): Promise<DraftPage> };

/** Previews and thumbnails (sharp), from the page image or a PDF page's raster. */
const derivatives: PageStage = {
  done: (p) => p.preview !== null || (p.mediaType === 'application/pdf' && !p.raster),
  async run(deps, p) {
    const pixels = await pixelsOf(deps, p);
    if (!pixels) return p;
    const d = await deps.media.images.derivatives(pixels);
    const [preview, thumbnail] = await Promise.all([
      deps.blobs.put(d.preview.content),
      deps.blobs.put(d.thumbnail.content),
    ]);
    return { ...p, preview: preview.sha256, thumbnail: thumbnail.sha256 };
  },
};

/** OCR of scanned pages (a PDF's own text layer is used as it is), on a deskewed, rule-free derivative. */
const ocr: PageStage = {
  done: (p) => p.textLayer !== null || p.ocr !== null || (p.mediaType === 'application/pdf' && !p.raster),
  async run(deps, p) {
    const pixels = await pixelsOf(deps, p);
    if (!pixels) return p;
    const skew = p.analysis?.skewDegrees ?? 0;
    const prepared = await deps.media.images.prepareForOcr(pixels, skew);
    const result = await deps.media.ocr.recognize(prepared);
    const page = { width: p.analysis?.width ?? 0, height: p.analysis?.height ?? 0 };
    const copy = pngSize(prepared);
    const words: PageWords = {
      ...page,
      words: copy && page.width ? boxesOnOriginal(result.words, skew, page, copy) : result.words,
    };
    const blob = await deps.blobs.put(Buffer.from(JSON.stringify(words)));
    return { ...p, ocr: { text: result.text, confidence: result.confidence, words: blob.sha256 } };
  },
};

/** A searchable PDF: the page images with the OCR words laid invisibly under them. */
const searchablePdf: Stage = async (deps, draft) => {
  const scanned = draft.pages.filter((p) => p.ocr && p.mediaType !== 'application/pdf');
  if (scanned.length === 0) return {};
  const pages = [];
  for (const p of scanned) {
    const words = JSON.parse(Buffer.from(await readBlob(deps, p.ocr!.words)).toString('utf8')) as PageWords;
    pages.push({
      image: await readBlob(deps, p.sha256),
      mediaType: p.mediaType as 'image/jpeg' | 'image/png' | 'image/tiff',
      width: p.analysis?.width ?? words.width,
      height: p.analysis?.height ?? words.height,
      dpi: p.dpi ?? p.analysis?.dpi ?? 300,
      words: words.words,
    });
  }
  const pdf = await deps.media.renderer.searchablePdf(pages);
  return { searchablePdf: (await deps.blobs.put(pdf)).sha256 };
};

const extract: Stage = async (_deps, draft) => ({ extraction: extractFields(textOf(draft)) });

const classify: Stage = async (deps, draft) => {
  const [steps, retention, variants] = await Promise.all([
    currentBusinessSteps(deps),
    currentRetentionTable(deps),
    deps.ingest.titleVariants(),
  ]);
  const classification = classifyDraft({
    text: textOf(draft),
    extraction: draft.extraction!,
    hint: draft.hint,
    steps: steps.body,
    retention: retention.body,
    variants,
  });
  const reasons = [
    ...draft.quality.filter((q) => q.severity === 'error').map((q) => q.message),
    ...reviewReasons(classification, draft.extraction!),
  ];
  return { classification, reasons };
};

const STAGES: Record<Exclude<DraftStage, 'register'>, Stage | PageStage> = {
  quality,
  derivatives,
  ocr,
  searchable_pdf: searchablePdf,
  extract,
  classify,
};

function textOf(draft: Draft): string {
  return draft.pages.map((p) => p.textLayer ?? p.ocr?.text ?? '').join('\n');
}

/**
 * Runs a draft through the stages it has not finished, saving after each one, so a killed worker
 * resumes where it stopped. At the end the draft is filed as an item when every field is confident,
 * or waits in the review queue with its reasons.
 */
export async function processDraft(deps: CoreDeps, draftId: string): Promise<Draft | null> {
  const draft = await deps.ingest.getDraft(draftId);
  if (!draft || draft.status !== 'processing') return draft;
  const finished = await runStages(deps, draft);
  await closeBatchWhenFinished(deps, finished.batchId);
  return finished;
}

async function closeBatchWhenFinished(deps: CoreDeps, batchId: string): Promise<void> {
  const counts = await deps.ingest.draftCounts(batchId);
  if (counts.processing === 0)
    await deps.ingest.setBatchStatus(batchId, 'done', deps.clock.now().toISOString());
}

async function runStages(deps: CoreDeps, draft: Draft): Promise<Draft> {
  for (const [name, stage] of Object.entries(STAGES) as [DraftStage, Stage | PageStage][]) {
    if (draft.done.includes(name)) continue;
    if (typeof stage === 'function') {
      const change = await stage(deps, draft);
      draft = await save(deps, { ...draft, ...change, done: [...draft.done, name] });
    } else {
      draft = await runPageStage(deps, draft, stage);
      draft = await save(deps, { ...draft, done: [...draft.done, name] });
    }
  }
  return register(deps, draft);
}

/**
 * A page stage runs on as many pages at once as the OCR pool has workers (never a whole 500-page file at
 * once) and saves after each round, so a resumed job redoes at most one round.
 */
async function runPageStage(deps: CoreDeps, draft: Draft, stage: PageStage): Promise<Draft> {
  const width = Math.max(1, deps.media.ocr.size);
  for (;;) {
    const todo = draft.pages
      .map((p, i) => [p, i] as const)
      .filter(([p]) => !stage.done(p))
      .slice(0, width);
    if (todo.length === 0) return draft;
    const results = await Promise.all(todo.map(([p]) => stage.run(deps, p)));
    const pages = [...draft.pages];
    todo.forEach(([, i], k) => (pages[i] = results[k]!));
    // A page the stage could not change (no pixels) must not be picked again.
    if (todo.every(([p], k) => results[k] === p)) return { ...draft, pages };
    draft = await save(deps, { ...draft, pages });
  }
}

async function register(deps: CoreDeps, draft: Draft): Promise<Draft> {
  const batch = await deps.ingest.getBatch(draft.batchId);
  if (!batch) throw new Error(`Batch ${draft.batchId} is missing.`);
  if (draft.reasons.length === 0) {
    try {
      return await registerDraft(
        deps,
        SYSTEM_ACTOR,
        { requestId: null },
        draft,
        batch,
        fieldsFromDraft(draft) as RegisterFields,
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      draft = { ...draft, reasons: [e.message] };
    }
  }
  return save(deps, { ...draft, status: 'needs_review' });
}

async function save(deps: CoreDeps, draft: Draft): Promise<Draft> {
  const next = { ...draft, updatedAt: deps.clock.now().toISOString(), revision: draft.revision + 1 };
  await deps.ingest.updateDraft(next);
  return next;
}

/**
 * The job handler for `ingest.process-draft`. A failure is retried with backoff by the queue; on the last
 * attempt the draft is parked as `failed` with its error, for an operator to see and retry.
 */
export function processDraftHandler(deps: CoreDeps) {
  return async (job: Job): Promise<void> => {
    const { draftId } = job.payload as { draftId: string };
    try {
      await processDraft(deps, draftId);
    } catch (e) {
      if (job.attempts < job.maxAttempts) throw e;
      const draft = await deps.ingest.getDraft(draftId);
      if (!draft || draft.status !== 'processing') return;
      const stage = (Object.keys(STAGES) as DraftStage[]).find((s) => !draft.done.includes(s)) ?? 'register';
      const message = e instanceof Error ? e.message : String(e);
      await save(deps, {
        ...draft,
        status: 'failed',
        error: { code: 'ingest.stage_failed', message, stage },
      });
    }
  };
}
