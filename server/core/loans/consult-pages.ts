import { can, type Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import { maskName } from '../access/masking.policy';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { PdfPageImage } from '../documents/printer.port';
import type { ItemPage } from '../items/item.model';
import type { ItemId } from '../shared/ids';
import { invalid, notFound } from '../shared/errors';
import { refuseAudited, refuser } from './loan-auth';
import { loanRecords, readBlobBytes } from './loan-records';
import { grantStatus, grantedPages, pageGranted, type Loan } from './loan.model';
import { archiveMinute } from '../shared/calendar';

/** Longest side of a page served for viewing, and of a page in a copy (about 200 dpi on A4). */
const VIEW_SIDE = 1600;
const COPY_SIDE = 2339;
/** A copy is made in one request: at most this many pages (ask for several copies beyond it). */
export const MAX_COPY_PAGES = 200;

/**
 * The watermark of a served page (借阅水印): who (a staff member's name, an outside person's name masked),
 * the request number, and when it was served. Burned into the pixels, so every screenshot carries it.
 */
export function watermarkLines(
  loan: Pick<Loan, 'borrower' | 'number'>,
  at: Date,
  use: '查阅' | '复制',
): string[] {
  const b = loan.borrower;
  const name = b.type === 'external' ? maskName(b.name) : b.name;
  return [`借阅人 ${name} · ${loan.number}`, `${archiveMinute(at)} · 仅供${use} · 严禁外传`];
}

/** The request a page may be served from: the borrower's own, or any at the desk (reading room). */
async function servableLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  action: string,
): Promise<{ loan: Loan; now: Date }> {
  await authorizeAnyAudited(deps, actor, ctx, ['loan.request', 'loan.desk'], action, id);
  const loan = await loanRecords(deps).get(id);
  if (!loan || !(loan.borrowerAccountId === actor.accountId || can(actor, 'loan.desk')))
    throw notFound('loan.not_found', `No request ${id}.`);
  const now = deps.clock.now();
  const status = grantStatus(loan, now);
  const refuse = refuser(deps, actor, ctx, action, id);
  if (status === 'expired') await refuse('loan.grant_expired', `The grant of ${loan.number} has expired.`);
  if (status === 'closed') await refuse('loan.closed', `Request ${loan.number} is closed.`);
  if (status === 'not_granted') await refuse('loan.not_granted', `Request ${loan.number} grants no pages.`);
  return { loan, now };
}

/** What a page is shown from: its preview, or the original when that is an image (never a PDF). */
function viewSource(page: ItemPage, preferOriginal: boolean): string | null {
  const image = /^image\/(jpeg|png|tiff)$/.test(page.mediaType);
  if (preferOriginal && image) return page.sha256;
  return page.preview ?? (image ? page.sha256 : null);
}

/**
 * Serves page `n` of an item of an approved 查阅 or 复制 request, watermarked, while the grant lasts; a page
 * outside the approved ranges, an item not in the request, an expired or closed grant: 403 with a stable
 * code (and the refusal audited). Every page served is audited (`loan.page_view`).
 */
export async function viewLoanPage(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  itemId: string,
  n: number,
): Promise<{ content: Uint8Array; mediaType: 'image/jpeg' }> {
  const { loan, now } = await servableLoan(deps, actor, ctx, id, 'loan.page_view');
  const refuse = refuser(deps, actor, ctx, 'loan.page_view', id);
  const granted = loan.items.find((i) => i.itemId === itemId);
  if (!granted) await refuse('loan.item_not_granted', 'This item is not in the request.', { itemId });
  if (!pageGranted(granted!, n))
    await refuse('loan.page_not_granted', `Page ${n} was not granted.`, { itemId, page: n });
  const source = await pageSource(deps, itemId, n, false);
  const image = await deps.media.images.watermark(source, watermarkLines(loan, now, '查阅'), {
    maxSide: VIEW_SIDE,
  });
  await recordAudit(deps, actor, ctx, 'loan.page_view', id, { number: loan.number, itemId, page: n });
  return { content: image.content, mediaType: image.mediaType };
}

async function pageSource(
  deps: CoreDeps,
  itemId: string,
  n: number,
  preferOriginal: boolean,
): Promise<Uint8Array> {
  const item = await deps.items.get(itemId as ItemId);
  const page = item && item.status !== 'destroyed' ? item.pages.find((p) => p.n === n) : undefined;
  if (!page) throw notFound('page.not_found', `Item ${itemId} has no page ${n}.`);
  const sha = viewSource(page, preferOriginal);
  const bytes = sha ? await readBlobBytes(deps, sha) : null;
  if (!bytes) throw notFound('page.content_missing', `Page ${n} of item ${itemId} has no image to show.`);
  return bytes;
}

/**
 * The copy (复制件) of an approved 复制 request: every granted page, watermarked, as one PDF whose pages
 * have the size of the paper they were scanned from. Audited (`loan.copy`) with the number of pages.
 */
export async function copyPdf(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
): Promise<{ pdf: Uint8Array; filename: string }> {
  const { loan, now } = await servableLoan(deps, actor, ctx, id, 'loan.copy');
  if (loan.kind !== 'copy')
    await refuseAudited(
      deps,
      actor,
      ctx,
      'loan.copy',
      id,
      'loan.copy_not_approved',
      'No copy was approved for this request.',
    );
  const wanted = loan.items.flatMap((i) => grantedPages(i).map((n) => ({ itemId: i.itemId, n })));
  if (wanted.length > MAX_COPY_PAGES)
    throw invalid('loan.copy_too_large', `A copy holds at most ${MAX_COPY_PAGES} pages.`, {
      pages: wanted.length,
    });
  const lines = watermarkLines(loan, now, '复制');
  const pages: PdfPageImage[] = [];
  for (const { itemId, n } of wanted) {
    const source = await pageSource(deps, itemId, n, true);
    const image = await deps.media.images.watermark(source, lines, { maxSide: COPY_SIDE });
    pages.push({
      bytes: image.content,
      mediaType: image.mediaType,
      widthPx: image.width,
      heightPx: image.height,
      // A page that states no resolution (a preview) is taken to be A4 paper (297 × 210 mm) either way round.
      dpi:
        image.dpi ??
        Math.max(Math.max(image.width, image.height) / 11.69, Math.min(image.width, image.height) / 8.27),
    });
  }
  const pdf = await deps.printer.imagesPdf(pages, {
    title: `${loan.number} 复制件`,
    subject: '档案复制件（水印）',
  });
  await recordAudit(deps, actor, ctx, 'loan.copy', id, { number: loan.number, pages: pages.length });
  return { pdf, filename: `${loan.number}.pdf` };
}
