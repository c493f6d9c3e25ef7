import type { CoreDeps } from '../server/core/deps';
import type { DraftPage } from '../server/core/ingest/ingest.model';

/** A stored blob's bytes (page images and small JSON: never whole multi-page files). */
export async function readBlob(deps: Pick<CoreDeps, 'blobs'>, sha256: string): Promise<Uint8Array> {
  const blob = await deps.blobs.open(sha256);
  if (!blob) throw new Error(`Blob ${sha256} is missing.`);
  const chunks: Uint8Array[] = [];
  for await (const c of blob.stream) chunks.push(c);
  return Buffer.concat(chunks);
}

/** The pixels of a page: its image, or the raster of a PDF page; null when a PDF page has no raster. */
export async function pixelsOf(deps: Pick<CoreDeps, 'blobs'>, page: DraftPage): Promise<Uint8Array | null> {
  if (page.mediaType !== 'application/pdf') return readBlob(deps, page.sha256);
  return page.raster ? readBlob(deps, page.raster) : null;
}
