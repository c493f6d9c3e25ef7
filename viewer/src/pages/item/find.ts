/** Finding words on a page: in the OCR words (to mark their boxes) and in the text (to mark it). */

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * The indices of the words a search matches. The words are joined without separators (OCR splits
 * Chinese into single characters or short runs, and an ID number into pieces), so a term that spans
 * several words marks each of them.
 */
export function matchingWords(words: readonly { text: string }[], q: string): Set<number> {
  const needle = norm(q);
  const out = new Set<number>();
  if (!needle) return out;
  const starts: number[] = [];
  let joined = '';
  for (const w of words) {
    starts.push(joined.length);
    joined += norm(w.text);
  }
  const ends = words.map((_, i) => starts[i + 1] ?? joined.length);
  for (let at = joined.indexOf(needle); at >= 0; at = joined.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    for (let i = 0; i < words.length; i++) if (starts[i]! < end && ends[i]! > at) out.add(i);
  }
  return out;
}

/** How many times the term occurs in the words (joined as above). */
export function countInWords(words: readonly { text: string }[], q: string): number {
  const needle = norm(q);
  if (!needle) return 0;
  const joined = words.map((w) => norm(w.text)).join('');
  let n = 0;
  for (let at = joined.indexOf(needle); at >= 0; at = joined.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The text cut into plain and matching parts (case-insensitive), for `<mark>`. */
export function splitByMatches(text: string, q: string): { text: string; hit: boolean }[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const parts: { text: string; hit: boolean }[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), hit: false });
    parts.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), hit: false });
  return parts;
}
