import type { Highlight, SearchField } from '../server/core/search/search-index.port';
import { normalize, type QueryTerm } from './tokenizer';

const CONTEXT = 30;

/**
 * Finds the query terms in a field's text and returns a fragment around the first match with the
 * [start, end) ranges of every match inside it. Matching is on normalised text (NFKC, lower case), which
 * keeps one character per character for the Han and ASCII text we index, so ranges apply to the original.
 */
export function highlightField(field: SearchField, text: string, terms: QueryTerm[]): Highlight | null {
  if (!text || terms.length === 0) return null;
  const norm = normalize(text);
  if (norm.length !== text.length) return highlightField(field, norm, terms);
  const ranges: [number, number][] = [];
  for (const t of terms) {
    let from = 0;
    for (;;) {
      const at = norm.indexOf(t.surface, from);
      if (at < 0) break;
      ranges.push([at, at + t.surface.length]);
      from = at + Math.max(1, t.surface.length);
    }
  }
  if (ranges.length === 0) return null;
  ranges.sort((a, b) => a[0] - b[0]);
  const first = ranges[0]![0];
  const start = Math.max(0, first - CONTEXT);
  const end = Math.min(text.length, first + 4 * CONTEXT);
  const matches = ranges
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]) => [s - start, e - start] as [number, number]);
  return { field, fragment: text.slice(start, end), matches };
}
