import type { Actor } from '../access/actor';
import { seesFullPersonalData } from '../access/actor';
import { maskText } from '../access/masking.policy';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { notFound } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import type { Item, ItemPage } from './item.model';
import { assertInScope, personalDataOf } from './item-view';

/** One OCR word of a page: its text and its box `[x0, y0, x1, y1]` in the original page's pixels. */
export interface PageTextWord {
  text: string;
  box: [number, number, number, number];
}

/**
 * A page's text for the viewer: the text (OCR, a PDF's text layer or a generated form's words), the OCR
 * words with their boxes, and the size of the page image the boxes refer to (null without words).
 * Personal data is masked, in the text and in every word, for roles without `pii.full`.
 */
export interface PageText {
  itemId: string;
  page: number;
  source: 'ocr' | 'text_layer' | 'generated' | null;
  confidence: number | null;
  text: string;
  words: PageTextWord[];
  width: number | null;
  height: number | null;
  personalDataMasked: boolean;
}

/** The stored word-box blob (ingest/process-draft.ts: `PageWords`). */
interface StoredWords {
  width?: number;
  height?: number;
  words?: { text?: unknown; box?: unknown }[];
}

/** The separator ingest puts between the pages' texts in `item.content` (register-draft.ts). */
const PAGE_SEPARATOR = '\n\f\n';

/** Text in reading order from OCR words: spaces between CJK characters dropped, as the OCR text has them. */
export function textOfWords(words: readonly PageTextWord[]): string {
  return words
    .map((w) => w.text)
    .join(' ')
    .replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
}

/** The part of the item's full text that belongs to page `n` (by ingest's separator), or null if unknown. */
export function pageTextOf(item: Pick<Item, 'content' | 'pages'>, n: number): string | null {
  if (!item.content) return null;
  const parts = item.content.split(PAGE_SEPARATOR);
  if (parts.length === item.pages.length) return parts[n - 1] ?? null;
  if (item.pages.length === 1) return item.content;
  return null;
}

/**
 * Masks the words as the text would be masked: the words are joined (without separators, so a name or
 * ID number split over several words is still found), masked, and cut back at the same places. Masks keep
 * the length; should they not (characters outside the BMP), every word is masked whole.
 */
export function maskWords(
  words: readonly PageTextWord[],
  names: readonly string[],
  ids: readonly string[],
): PageTextWord[] {
  const joined = words.map((w) => w.text).join('');
  const masked = maskText(joined, names, ids);
  if (masked.length !== joined.length) return words.map((w) => ({ ...w, text: '*'.repeat(w.text.length) }));
  let at = 0;
  return words.map((w) => {
    const text = masked.slice(at, at + w.text.length);
    at += w.text.length;
    // A word that is a name or an ID on its own is masked even where the joined text hid it differently.
    return { ...w, text: maskText(text, names, ids) };
  });
}

function isBox(b: unknown): b is [number, number, number, number] {
  return Array.isArray(b) && b.length === 4 && b.every((x) => typeof x === 'number' && Number.isFinite(x));
}

async function readWords(deps: Pick<CoreDeps, 'blobs'>, sha256: string): Promise<StoredWords | null> {
  const blob = await deps.blobs.open(sha256);
  if (!blob) return null;
  const chunks: Uint8Array[] = [];
  for await (const c of blob.stream) chunks.push(c);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as StoredWords;
  } catch {
    return null;
  }
}

async function wordsOf(
  deps: Pick<CoreDeps, 'blobs'>,
  page: ItemPage,
): Promise<{ words: PageTextWord[]; width: number | null; height: number | null }> {
  const sha = page.text?.words;
  const stored = sha ? await readWords(deps, sha) : null;
  if (!stored) return { words: [], width: null, height: null };
  const words = (stored.words ?? []).flatMap((w) =>
    typeof w.text === 'string' && w.text.trim() !== '' && isBox(w.box) ? [{ text: w.text, box: w.box }] : [],
  );
  const size = (v: unknown) => (typeof v === 'number' && v > 0 ? v : null);
  const width = size(stored.width);
  const height = size(stored.height);
  // Without the page size the boxes cannot be placed; the size the boxes reach is the best guess.
  return {
    words,
    width: width ?? (words.length ? Math.max(...words.map((w) => w.box[2])) : null),
    height: height ?? (words.length ? Math.max(...words.map((w) => w.box[3])) : null),
  };
}

/**
 * A page's text and OCR word boxes, for the viewer's text panel and hit highlighting (`page.read`, scoped
 * like the item, audited as a page read). Roles without `pii.full` get names and 公民身份号码 masked
 * exactly as in search highlights, in the text and in the words.
 */
export async function readPageText(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: ItemId,
  n: number,
): Promise<PageText> {
  await authorizeAudited(deps, actor, ctx, 'page.read', 'page.read', id);
  const item = await deps.items.get(id);
  assertInScope(actor, item, id);
  const page = item.pages.find((p) => p.n === n);
  if (!page) throw notFound('page.not_found', `Item ${id} has no page ${n}.`);
  const { words, width, height } = await wordsOf(deps, page);
  const text = pageTextOf(item, n) ?? textOfWords(words);
  await recordAudit(deps, actor, ctx, 'page.read', id, { page: n, variant: 'text' });
  const masked = !seesFullPersonalData(actor);
  const base = {
    itemId: id,
    page: n,
    source: page.text?.source ?? null,
    confidence: page.text?.confidence ?? null,
    width,
    height,
    personalDataMasked: masked,
  };
  if (!masked) return { ...base, text, words };
  const { names, ids } = personalDataOf(item);
  return { ...base, text: maskText(text, names, ids), words: maskWords(words, names, ids) };
}
