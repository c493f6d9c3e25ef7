import type { CoreDeps } from '../server/core/deps';
import type { Batch, BatchFile, DraftPage } from '../server/core/ingest/ingest.model';
import type { ExtractedPage, FileProbe } from '../server/core/ingest/ingest-ports';
import { decodeSeparator } from '../server/core/ingest/separator';
import { PAGE_FILE_JOB, SPLIT_BATCH_JOB } from '../server/core/ingest/receive-batch';
import type { Job } from '../server/core/jobs/job-queue.port';
import { DomainError } from '../server/core/shared/errors';

export { PAGE_FILE_JOB };

const SUFFIX: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/tiff': '.tif',
  'application/pdf': '.pdf',
};

/**
 * Stage: page a stored file. Its type and limits are checked from its content (pixel floods and
 * decompression bombs are refused before any pixel is decoded), then each page is taken out one at a
 * time and stored, so a 500-page TIFF never sits whole in memory. A file that cannot be read fails on its
 * own, with its reason; the batch goes on. When every file of the batch is done, the batch is split.
 */
export async function pageFile(deps: CoreDeps, batchId: string, n: number): Promise<void> {
  const batch = await deps.ingest.getBatch(batchId);
  const file = batch?.files.find((f) => f.n === n);
  if (!batch || !file) return;
  if (file.status === 'stored' && file.sha256) {
    const paged = await extractPages(deps, batch, file).catch((e: unknown) => rejected(file, e));
    await deps.ingest.putBatchFile(batchId, paged, deps.clock.now().toISOString());
  }
  await splitWhenPaged(deps, batchId);
}

async function extractPages(deps: CoreDeps, batch: Batch, file: BatchFile): Promise<BatchFile> {
  const blob = await deps.blobs.open(file.sha256!);
  if (!blob) throw new Error(`The stored file ${file.sha256} is missing.`);
  const local = await deps.media.scratch.materialize(blob.stream, SUFFIX[file.mediaType ?? ''] ?? '.bin');
  try {
    const limits = deps.settings.ingest;
    const isPdf = file.mediaType === 'application/pdf';
    const probe: FileProbe = isPdf
      ? await deps.media.pdfs.probe(local.path, limits)
      : await deps.media.images.probe(local.path, limits);
    const pages: DraftPage[] = [];
    for (let i = 0; i < probe.pages; i++) {
      const page = isPdf
        ? await deps.media.pdfs.extractPage(local.path, i)
        : await deps.media.images.extractPage(local.path, probe, i);
      pages.push(await storePage(deps, batch, file, i, page));
    }
    return { ...file, status: 'paged', pages: pages.length, extracted: pages };
  } finally {
    await local.dispose();
  }
}

async function storePage(
  deps: CoreDeps,
  batch: Batch,
  file: BatchFile,
  index: number,
  page: ExtractedPage,
): Promise<DraftPage> {
  const stored = await deps.blobs.put(page.image.content);
  const raster = page.raster ? (await deps.blobs.put(page.raster)).sha256 : null;
  const pixels = page.raster ?? (page.image.mediaType === 'application/pdf' ? null : page.image.content);
  const analysis = pixels ? await deps.media.images.analyse(pixels) : null;
  let separator = null;
  if (batch.splitMode === 'separator' && pixels && page.text === null) {
    const code = await deps.media.separators.read(pixels);
    separator = code ? decodeSeparator(code) : null;
  }
  return {
    sha256: stored.sha256,
    mediaType: page.image.mediaType,
    bytes: stored.bytes,
    from: { file: file.n, page: index, originalName: file.originalName },
    textLayer: page.text,
    raster,
    dpi: page.dpi,
    separator,
    analysis,
    preview: null,
    thumbnail: null,
    ocr: null,
  };
}

/** A file that cannot be read fails alone; anything else (storage down) is retried by the queue. */
function rejected(file: BatchFile, e: unknown): BatchFile {
  if (!(e instanceof DomainError)) throw e;
  return { ...file, status: 'rejected', error: { code: e.code, message: e.message } };
}

async function splitWhenPaged(deps: CoreDeps, batchId: string): Promise<void> {
  const batch = await deps.ingest.getBatch(batchId);
  if (batch && batch.files.every((f) => f.status !== 'stored'))
    await deps.jobs.enqueue(SPLIT_BATCH_JOB, { batchId }, { key: `split:${batchId}` });
}

/** The job handler for `ingest.page-file`. */
export function pageFileHandler(deps: CoreDeps) {
  return async (job: Job): Promise<void> => {
    const { batchId, file } = job.payload as { batchId: string; file: number };
    await pageFile(deps, batchId, file);
  };
}
