/**
 * Finding a form's title (《在职职工增员申报表》) in an item's text, tolerant of OCR noise: both sides are
 * normalised (NFKC, letters and digits only, 账→帐 as in the catalogue's older spelling), then the title is
 * looked for exactly, and failing that with up to one wrong, missing or extra character per six.
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/账/g, '帐')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Errors tolerated when looking for a title of `length` characters. */
export function toleratedErrors(length: number): number {
  return Math.floor(length / 6);
}

/**
 * Whether `pattern` occurs in `text` with at most `maxErrors` edits (Sellers' approximate substring
 * search: edit distance where the match may start anywhere in the text). Both already normalised.
 */
export function approxIncludes(text: string, pattern: string, maxErrors: number): boolean {
  if (pattern.length === 0) return true;
  if (text.includes(pattern)) return true;
  if (maxErrors <= 0) return false;
  const p = Array.from(pattern);
  const m = p.length;
  // column[i]: the least edits to match p[0..i) ending at the current text position.
  let prev = Array.from({ length: m + 1 }, (_, i) => i);
  let curr = new Array<number>(m + 1).fill(0);
  for (const ch of text) {
    curr[0] = 0;
    for (let i = 1; i <= m; i++) {
      const cost = p[i - 1] === ch ? 0 : 1;
      curr[i] = Math.min(prev[i - 1]! + cost, prev[i]! + 1, curr[i - 1]! + 1);
    }
    if (curr[m]! <= maxErrors) return true;
    [prev, curr] = [curr, prev];
  }
  return false;
}

/** Whether the form title appears in the (already normalised) text. */
export function containsForm(normalisedText: string, title: string): boolean {
  const t = normaliseForMatch(title);
  return approxIncludes(normalisedText, t, toleratedErrors(Array.from(t).length));
}
