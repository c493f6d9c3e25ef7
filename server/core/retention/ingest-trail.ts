import type { CoreDeps } from '../deps';
import type { BatchFile, Draft, DraftPage, SeparatorHint } from '../ingest/ingest.model';
import type { Item } from '../items/item.model';
import type { ItemId } from '../shared/ids';
import type { IngestTrailPlan, KeptOriginalReason } from './destruction.model';

/**
 * What ingest keeps of an item after it is filed — its draft (OCR text, word boxes, the names and
 * 公民身份号码 extraction read, page analysis, file names), page rasters, and the scanned batch file it came
 * from (原件: the whole file, every page) — goes with the item when it is destroyed (销毁):
 *
 * 1. plan (before anything is deleted; written on the list so a resumed job finishes it): the item's
 *    draft and drafts merged into it, the objects only they name, the batch file pages that were the
 *    item's, and its separator sheet when that names a person or unit;
 * 2. scrub those batch file pages, delete the planned objects no live item or waiting draft uses, scrub
 *    the drafts (`IngestRepository.purgeDraft`);
 * 3. for each batch file it came from: when every draft taken from the file belongs to a destroyed item
 *    (or to no item), delete the original and the objects of all its pages, and scrub the file's pages;
 *    otherwise keep it and say why.
 *
 * The file's fingerprint (sha256 → first batch and item) stays: it holds no personal data.
 */

type Deps = Pick<CoreDeps, 'ingest' | 'items' | 'blobs'>;

/** Drafts that may still become items: their objects are never deleted from under them. */
const WAITING: readonly Draft['status'][] = ['processing', 'needs_review', 'failed'];

async function draftsOfBatch(deps: Pick<CoreDeps, 'ingest'>, batchId: string): Promise<Draft[]> {
  const out: Draft[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.ingest.listDrafts({ batchId }, 200, cursor);
    out.push(...page.drafts);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The draft and every draft merged into it, directly or through another merged draft. */
function mergedGroup(drafts: readonly Draft[], root: Draft): Draft[] {
  const group = [root];
  const ids = new Set([root.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of drafts)
      if (!ids.has(d.id) && d.mergedInto && ids.has(d.mergedInto)) {
        group.push(d);
        ids.add(d.id);
        grew = true;
      }
  }
  return group;
}

function pageObjects(p: DraftPage): string[] {
  return [p.sha256, p.raster, p.preview, p.thumbnail, p.ocr?.words].filter((s): s is string => !!s);
}

function draftObjects(d: Draft): string[] {
  return [...d.pages.flatMap(pageObjects), ...(d.searchablePdf ? [d.searchablePdf] : [])];
}

/** The batch files a draft's pages came from (recorded on the draft when it was purged). */
function filesOf(d: Draft): number[] {
  return d.purged?.files ?? [...new Set(d.pages.map((p) => p.from.file))];
}

const personal = (h: SeparatorHint | null): h is SeparatorHint =>
  !!h && !!(h.personName || h.residentId || h.unitName || h.unitCode);
const sameHint = (a: SeparatorHint | null, b: SeparatorHint) =>
  !!a && JSON.stringify(a) === JSON.stringify(b);
const key = (p: { file: number; page: number }) => `${p.file}:${p.page}`;

/** Plans the removal of the item's ingest trail; null when it did not come through ingest. */
export async function planIngestTrail(deps: Deps, item: Item): Promise<IngestTrailPlan | null> {
  if (!item.ingest) return null;
  const { batchId, draftId } = item.ingest;
  const drafts = await draftsOfBatch(deps, batchId);
  const root = drafts.find((d) => d.id === draftId);
  if (!root) return { batchId, draftIds: [], blobs: [], files: [], filePages: [] };
  const group = mergedGroup(drafts, root);
  const open = group.filter((d) => !d.purged);
  const blobs = new Set(open.flatMap(draftObjects));
  const filePages = new Map<string, { file: number; page: number }>();
  for (const p of open.flatMap((d) => d.pages))
    filePages.set(key(p.from), { file: p.from.file, page: p.from.page });
  // The separator sheet printed for this item names its person or unit: it goes too.
  const hints = open.map((d) => d.hint).filter(personal);
  if (hints.length) {
    const batch = await deps.ingest.getBatch(batchId);
    for (const f of batch?.files ?? [])
      for (const p of f.extracted ?? [])
        if (hints.some((h) => sameHint(p.separator, h))) {
          filePages.set(key(p.from), { file: p.from.file, page: p.from.page });
          for (const o of [p.sha256, p.raster]) if (o) blobs.add(o);
        }
  }
  return {
    batchId,
    draftIds: open.map((d) => d.id),
    blobs: [...blobs],
    files: [...new Set(group.flatMap(filesOf))].sort((a, b) => a - b),
    filePages: [...filePages.values()],
  };
}

/** A batch file page with nothing left that says what was on it (its place and analysis stay). */
function scrubPage(p: DraftPage): DraftPage {
  return {
    ...p,
    from: { ...p.from, originalName: '' },
    textLayer: null,
    raster: null,
    separator: p.separator ? { businessStep: p.separator.businessStep } : null,
    preview: null,
    thumbnail: null,
    ocr: null,
  };
}

async function rewriteFile(deps: Deps, batchId: string, next: BatchFile, prev: BatchFile, at: string) {
  if (JSON.stringify(next) !== JSON.stringify(prev)) await deps.ingest.putBatchFile(batchId, next, at);
}

/** Scrubs the batch file pages the plan names (idempotent). */
export async function scrubFilePages(deps: Deps, plan: IngestTrailPlan, at: string): Promise<void> {
  if (plan.filePages.length === 0) return;
  const batch = await deps.ingest.getBatch(plan.batchId);
  const keys = new Set(plan.filePages.map(key));
  for (const f of batch?.files ?? []) {
    if (!f.extracted || !plan.filePages.some((p) => p.file === f.n)) continue;
    const extracted = f.extracted.map((p) => (keys.has(key(p.from)) ? scrubPage(p) : p));
    await rewriteFile(deps, plan.batchId, { ...f, extracted }, f, at);
  }
}

/**
 * Whether a stored object must stay: a live (not destroyed) item other than `itemId` refers to it, or a
 * draft still on its way to becoming an item does (drafts waiting are read once per execution).
 */
export class ObjectGuard {
  private waiting: Promise<Set<string>> | null = null;
  constructor(private readonly deps: Deps) {}

  async inUse(sha256: string, itemId: string): Promise<boolean> {
    for (const other of await this.deps.items.blobUsers(sha256)) {
      if (other === itemId) continue;
      const o = await this.deps.items.get(other);
      if (o && o.status !== 'destroyed') return true;
    }
    return (await this.waitingObjects()).has(sha256);
  }

  private waitingObjects(): Promise<Set<string>> {
    this.waiting ??= (async () => {
      const out = new Set<string>();
      for (const status of WAITING) {
        let cursor: string | null = null;
        do {
          const page = await this.deps.ingest.listDrafts({ status }, 200, cursor);
          for (const d of page.drafts) for (const o of draftObjects(d)) out.add(o);
          cursor = page.nextCursor;
        } while (cursor);
      }
      return out;
    })();
    return this.waiting;
  }
}

export interface OriginalsOutcome {
  deleted: number;
  kept: { batchId: string; file: number; reason: KeptOriginalReason }[];
  objectsDeleted: number;
  objectsKept: number;
}

/** Why a batch file must stay: another draft taken from it is waiting or belongs to a live item. */
async function keepReason(
  deps: Deps,
  drafts: readonly Draft[],
  file: number,
): Promise<KeptOriginalReason | null> {
  let reason: KeptOriginalReason | null = null;
  for (const d of drafts) {
    if (d.status === 'merged' || !filesOf(d).includes(file)) continue; // merged: its pages are elsewhere
    if (WAITING.includes(d.status)) reason = 'pending_draft';
    else if (d.status === 'filed') {
      const item = await deps.items.get(d.itemId as ItemId);
      if (item && item.status !== 'destroyed') return 'live_item';
    }
  }
  return reason;
}

/**
 * Deletes each batch file (原件) the plan's item came from once nothing live was taken from it: the
 * original and the objects of every page, then the file's pages are scrubbed and it is marked purged.
 * Idempotent: a purged file is left alone.
 */
export async function settleOriginals(
  deps: Deps,
  plan: IngestTrailPlan,
  itemId: string,
  guard: ObjectGuard,
  at: string,
): Promise<OriginalsOutcome> {
  const out: OriginalsOutcome = { deleted: 0, kept: [], objectsDeleted: 0, objectsKept: 0 };
  if (plan.files.length === 0) return out;
  const batch = await deps.ingest.getBatch(plan.batchId);
  if (!batch) return out;
  const drafts = await draftsOfBatch(deps, plan.batchId);
  for (const n of plan.files) {
    const file = batch.files.find((f) => f.n === n);
    if (!file || file.purgedAt) continue;
    const reason = await keepReason(deps, drafts, n);
    if (reason) {
      out.kept.push({ batchId: plan.batchId, file: n, reason });
      continue;
    }
    const objects = new Set(
      [file.sha256, ...(file.extracted ?? []).flatMap((p) => [p.sha256, p.raster])].filter(
        (s): s is string => !!s,
      ),
    );
    for (const sha of objects) {
      if (!(await deps.blobs.has(sha))) continue;
      if (await guard.inUse(sha, itemId)) {
        out.objectsKept++;
        continue;
      }
      await deps.blobs.delete(sha);
      out.objectsDeleted++;
    }
    const purged: BatchFile = {
      ...file,
      originalName: '',
      extracted: (file.extracted ?? []).map(scrubPage),
      purgedAt: at,
    };
    if (!file.extracted) delete purged.extracted;
    await rewriteFile(deps, plan.batchId, purged, file, at);
    out.deleted++;
  }
  return out;
}
