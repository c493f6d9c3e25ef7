import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { PageUpload } from '../items/create-item';
import { sectionFor } from '../items/create-item';
import { detectPageMediaType } from '../items/media-type';
import { invalid } from '../shared/errors';
import { newId } from '../shared/ids';
import type { Batch, BatchFile, BatchSource, SplitMode } from './ingest.model';

export const PAGE_FILE_JOB = 'ingest.page-file';
export const SPLIT_BATCH_JOB = 'ingest.split-batch';
export const PROCESS_DRAFT_JOB = 'ingest.process-draft';

export interface BatchRequest {
  fondsCode: string;
  section?: string;
  splitMode: SplitMode;
  source: BatchSource;
}

/**
 * Receives a scanning session's files into a batch. Each file is typed by its magic bytes and stored
 * byte for byte before anything else; an unreadable file is rejected on its own and the batch goes on; a
 * file identical to one ingested before is reported as that file's duplicate and not processed again, and
 * one whose every item was destroyed (its original purged by the destruction) is refused.
 * The rest is the worker's: one job per stored file pages it.
 */
export async function receiveBatch(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  request: BatchRequest,
  uploads: readonly PageUpload[],
): Promise<Batch> {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.batch.create', null);
  const section = sectionFor(actor, request.section);
  if (!(await deps.catalogue.current('fonds', request.fondsCode)))
    throw invalid('fonds.unknown', `No fonds ${request.fondsCode}.`, { field: 'fondsCode' });
  if (uploads.length === 0) throw invalid('ingest.no_files', 'A batch needs at least one file.');
  const now = deps.clock.now();
  const id = newId('bat', now);
  const files: BatchFile[] = [];
  for (const [i, upload] of uploads.entries()) files.push(await receiveFile(deps, i + 1, upload));
  const batch: Batch = {
    id,
    source: request.source,
    fondsCode: request.fondsCode,
    section,
    splitMode: request.splitMode,
    status: 'paging',
    files: [],
    createdBy: actor.username,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // Fingerprints name the batch, so claim them only once the files are stored; a duplicate found now
  // is marked before the batch is written.
  for (const f of files) {
    if (f.status !== 'stored' || !f.sha256) continue;
    const owner = await deps.ingest.claimFingerprint({
      sha256: f.sha256,
      batchId: id,
      file: f.n,
      itemId: null,
    });
    if (owner.batchId !== id || owner.file !== f.n) {
      if (await destroyedBefore(deps, owner.batchId, owner.file)) {
        // Every item of this exact file was appraised and destroyed: taking it in again would undo that.
        f.status = 'rejected';
        f.error = {
          code: 'ingest.destroyed_before',
          message:
            'This exact file was archived before and every item in it was destroyed by an approved 销毁清册; it is not taken in again.',
        };
        if ((await deps.items.blobUsers(f.sha256)).length === 0) await deps.blobs.delete(f.sha256);
        continue;
      }
      f.status = 'duplicate';
      f.duplicateOf = owner.itemId;
      f.error = {
        code: 'ingest.duplicate',
        message: owner.itemId
          ? `This file was ingested before, as item ${owner.itemId}.`
          : `This file was ingested before (batch ${owner.batchId}, file ${owner.file}).`,
      };
    }
  }
  await deps.ingest.createBatch({ ...batch, files });
  for (const f of files)
    if (f.status === 'stored')
      await deps.jobs.enqueue(
        PAGE_FILE_JOB,
        { batchId: id, file: f.n },
        { key: `page:${id}:${f.n}`, maxAttempts: 5 },
      );
  if (!files.some((f) => f.status === 'stored'))
    await deps.jobs.enqueue(SPLIT_BATCH_JOB, { batchId: id }, { key: `split:${id}` });
  await recordAudit(deps, actor, ctx, 'ingest.batch.create', id, {
    files: files.length,
    stored: files.filter((f) => f.status === 'stored').length,
    source: request.source,
    splitMode: request.splitMode,
  });
  return { ...batch, files };
}

/** Whether a fingerprint's original file was purged by a destruction (all its items destroyed). */
async function destroyedBefore(deps: CoreDeps, batchId: string, file: number): Promise<boolean> {
  const batch = await deps.ingest.getBatch(batchId);
  return !!batch?.files.find((f) => f.n === file)?.purgedAt;
}

async function receiveFile(deps: CoreDeps, n: number, upload: PageUpload): Promise<BatchFile> {
  const base: BatchFile = {
    n,
    originalName: upload.originalName.slice(0, 255),
    bytes: upload.size,
    sha256: null,
    mediaType: null,
    status: 'rejected',
    pages: 0,
    error: null,
    duplicateOf: null,
  };
  if (upload.size === 0)
    return { ...base, error: { code: 'ingest.empty_file', message: 'The file is empty.' } };
  const mediaType = detectPageMediaType(upload.head);
  if (!mediaType)
    return {
      ...base,
      error: {
        code: 'ingest.unsupported_type',
        message: 'The file is not a JPEG, PNG, TIFF or PDF (judged by its content, not its name).',
      },
    };
  const blob = await deps.blobs.put(upload.content());
  return { ...base, sha256: blob.sha256, bytes: blob.bytes, mediaType, status: 'stored' };
}
