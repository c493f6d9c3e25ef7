/**
 * Tolerant matching of OCR'd form titles against the known titles of the business-step catalogue.
 *
 * Only Han characters take part: OCR noise (`|`, `_`, stray Latin letters, digits, spaces, brackets) is
 * dropped from both sides. A title is searched as an approximate substring of each line (semi-global
 * edit distance: the whole title must be matched, the line may carry extra characters before or after),
 * so an agency name glued to the title still matches. The distance is computed with Myers' bit-parallel
 * algorithm (one machine word per title, titles ≤ 32 characters; longer ones use a plain DP), with the
 * per-title bit masks precomputed once in a `TitleMatcher`.
 */

import type { BusinessStep, BusinessStepCatalogue } from '../server/core/catalogue/catalogue.schemas';

/** A known title found in the text. */
export interface TitleMatch {
  /** The known title, as given to the matcher. */
  title: string;
  /** 0..1: 1 is the title alone on its line; errors and extra characters on the line lower it. */
  score: number;
  /** Edit distance between the title and the best-matching part of the line. */
  distance: number;
  /** Index, in the lines searched, of the line where the title matched best. */
  line: number;
  /** That line, Han characters only. */
  text: string;
}

const HAN_RUN = /\p{Script=Han}+/gu;
/** Sentence punctuation between Han characters: the line is body text, not a title (noise at its ends is not). */
const SENTENCE = /\p{Script=Han}\s*[,;!?。《》“”]+\s*\p{Script=Han}/u;
const MAX_LINE = 64;

/** The Han characters of `s`, NFKC-normalised, everything else dropped. */
export function hanOnly(s: string): string {
  return (s.normalize('NFKC').match(HAN_RUN) ?? []).join('');
}

/** The first `max` lines of `text` that could hold a title (≥ 2 Han characters, no sentence punctuation). */
export function titleLines(text: string, max = 8): string[] {
  const out: string[] = [];
  for (const raw of text.normalize('NFKC').split(/\r\n|[\r\n\f\v]/)) {
    if (out.length >= max) break;
    if (SENTENCE.test(raw)) continue;
    const line = hanOnly(raw);
    if (line.length >= 2) out.push(line.slice(0, MAX_LINE));
  }
  return out;
}

/** Best end position and distance of `pattern` inside `text` (semi-global edit distance), plain DP. */
export function approximateSearch(pattern: string, text: string): { distance: number; end: number } {
  const p = Array.from(pattern);
  const t = Array.from(text);
  let col = p.map((_, i) => i + 1);
  let best = p.length;
  let end = -1;
  t.forEach((ch, j) => {
    const next: number[] = [];
    let diag = 0;
    let above = 0;
    p.forEach((pc, i) => {
      const v = Math.min((col[i] ?? 0) + 1, above + 1, diag + (pc === ch ? 0 : 1));
      diag = col[i] ?? 0;
      next.push(v);
      above = v;
    });
    col = next;
    const d = col[p.length - 1] ?? 0;
    if (d <= best) [best, end] = [d, j];
  });
  return { distance: best, end };
}

/**
 * Scores a match: 1 − distance/length, lowered a little for characters around it on the line (more for
 * characters after it: titles end their line). Hot path: no `Math` (slow inside test sandboxes).
 */
function score(m: number, n: number, distance: number, end: number): number {
  const lead = end + 1 > m ? end + 1 - m : 0;
  const trail = n - 1 > end ? n - 1 - end : 0;
  const s = (1 - distance / m) * (1 - (0.1 * lead) / n - (0.25 * trail) / n);
  return s > 0 ? s : 0;
}

/** Matches text lines against a fixed set of titles; build it once per catalogue version. */
export class TitleMatcher {
  readonly titles: readonly string[];
  private readonly patterns: string[];
  private readonly lengths: number[];
  private readonly charIds = new Map<string, number>();
  /** peq[charId * titles + t]: bit i set when character i of title t is that character. */
  private readonly peq: Int32Array;

  constructor(titles: Iterable<string>) {
    const unique = [...new Set(titles)].filter((t) => hanOnly(t).length > 0);
    this.titles = unique;
    this.patterns = unique.map(hanOnly);
    this.lengths = this.patterns.map((p) => Array.from(p).length);
    for (const p of this.patterns)
      for (const ch of p) if (!this.charIds.has(ch)) this.charIds.set(ch, this.charIds.size);
    const count = unique.length;
    this.peq = new Int32Array(Math.max(1, this.charIds.size * count));
    this.patterns.forEach((p, t) => {
      Array.from(p).forEach((ch, i) => {
        const k = (this.charIds.get(ch) ?? 0) * count + t;
        if (i < 32) this.peq[k] = (this.peq[k] ?? 0) | (1 << i);
      });
    });
  }

  /**
   * Matches every known title against each line (raw lines are cleaned to their Han characters) and
   * returns, per title, its best line, best first. Titles scoring below `minScore` are left out.
   */
  match(lines: string | readonly string[], minScore = 0.5): TitleMatch[] {
    const list = (typeof lines === 'string' ? [lines] : lines).map((l) => hanOnly(l).slice(0, MAX_LINE));
    const best: (TitleMatch | undefined)[] = [];
    for (let line = 0; line < list.length; line++) {
      const text = list[line] ?? '';
      const ids = Int32Array.from(Array.from(text), (ch) => this.charIds.get(ch) ?? -1);
      const n = ids.length;
      for (let t = 0; n > 0 && t < this.patterns.length; t++) {
        const m = this.lengths[t] ?? 1;
        if (m > n && 1 - (m - n) / m < minScore) continue;
        let distance: number;
        let end: number;
        if (m <= 32) {
          const packed = this.myers(t, m, ids);
          [distance, end] = [packed >> 7, packed & 127];
        } else ({ distance, end } = approximateSearch(this.patterns[t] ?? '', text));
        const s = score(m, n, distance, end);
        const prev = best[t];
        if (s >= minScore && (!prev || s > prev.score))
          best[t] = { title: this.titles[t] ?? '', score: s, distance, line, text };
      }
    }
    return best.filter((b): b is TitleMatch => b !== undefined).sort((a, b) => b.score - a.score);
  }

  /**
   * Myers (1999) bit-vector semi-global edit distance of title `t` (length m ≤ 32) in `ids` (≤ 127
   * characters), packed as distance × 128 + end position of the best match (the last one on ties).
   */
  private myers(t: number, m: number, ids: Int32Array): number {
    const count = this.titles.length;
    const last = 1 << (m - 1);
    let pv = -1;
    let mv = 0;
    let d = m;
    let best = m;
    let end = ids.length - 1;
    for (let j = 0; j < ids.length; j++) {
      const c = ids[j] ?? -1;
      const eq = c < 0 ? 0 : (this.peq[c * count + t] ?? 0);
      const xv = eq | mv;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & last) d++;
      else if (mh & last) d--;
      ph <<= 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
      if (d <= best) {
        best = d;
        end = j;
      }
    }
    return best * 128 + end;
  }
}

/** Every known form title with the steps that file it (and the form's role in each). */
export function formsOf(
  steps: BusinessStepCatalogue,
): { title: string; steps: { code: string; kind: string }[] }[] {
  const out = new Map<string, { code: string; kind: string }[]>();
  for (const s of steps.steps)
    for (const f of s.forms) out.set(f.title, [...(out.get(f.title) ?? []), { code: s.code, kind: f.kind }]);
  return [...out].map(([title, list]) => ({ title, steps: list }));
}

/** A catalogue's title matcher, with its steps by form title and by code. */
export interface CatalogueIndex {
  matcher: TitleMatcher;
  byTitle: Map<string, BusinessStep[]>;
  byCode: Map<string, BusinessStep>;
}

const matchers = new Map<string, TitleMatcher>();

/** A matcher for `titles`, built once and reused while the same titles come back (a catalogue version). */
export function matcherFor(titles: readonly string[]): TitleMatcher {
  const key = titles.join('\n');
  const matcher = matchers.get(key) ?? new TitleMatcher(titles);
  if (matchers.size >= 8) matchers.clear();
  matchers.set(key, matcher);
  return matcher;
}

/** A catalogue's lookups (cheap, built per call) around its cached matcher. */
export function catalogueIndex(steps: BusinessStepCatalogue): CatalogueIndex {
  const byCode = new Map(steps.steps.map((s) => [s.code, s]));
  const resolve = (list: { code: string }[]) => list.map((s) => byCode.get(s.code)).filter((s) => !!s);
  const byTitle = new Map(formsOf(steps).map((f) => [f.title, resolve(f.steps)]));
  return { matcher: matcherFor([...byTitle.keys()]), byTitle, byCode };
}
