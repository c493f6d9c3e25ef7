import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/**
 * The one Chinese tokenizer both search backends use, so the same query finds the same records.
 *
 * Index side: text is NFKC-normalised and lower-cased, then split into runs of Han characters and runs
 * of ASCII letters/digits. A Han run becomes its overlapping bigrams followed by its last character
 * (`养老保险` → `养老 老保 保险 险`); an ASCII run stays whole (a 公民身份号码 or 统一社会信用代码 is one
 * token). Everything else separates tokens.
 *
 * Query side: the user's text goes through the same normalisation; Han runs are cut into words by jieba
 * (`张三养老保险` → `张三`, `养老保险`), and each word must occur as a substring: a phrase of its bigrams,
 * or, for a single character, a prefix. ASCII runs must match a whole token. Every term must match (AND).
 * Terms are built from Han characters and [a-z0-9] only, so user text can never become query syntax.
 */

let jieba: Jieba | null = null;
const segmenter = (): Jieba => (jieba ??= Jieba.withDict(dict));

const RUNS = /[\p{Script=Han}]+|[a-z0-9]+/gu;
const HAN = /^\p{Script=Han}/u;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function hanRunTokens(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  out.push(chars[chars.length - 1]!);
  return out;
}

/** Index tokens of a text, in order (positions matter: phrases are consecutive bigrams). */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of normalize(text).match(RUNS) ?? []) {
    if (HAN.test(run)) out.push(...hanRunTokens(run));
    else out.push(run);
  }
  return out;
}

/** A query term: `tokens` must appear consecutively; `prefix` for a lone Han character. */
export interface QueryTerm {
  /** The normalised surface form (what highlighting looks for). */
  surface: string;
  tokens: string[];
  prefix: boolean;
}

const MAX_TERMS = 16;

/**
 * Jieba cuts many names and rarer words into single characters (胡泽庆 → 胡/泽/庆). A lone character would
 * become a loose prefix term, so within one run it is joined to the word before it (or, at the start,
 * to the word after): 胡泽庆 stays one phrase, 在职职工增员 becomes 在职 + 职工增员.
 */
function joinSingles(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const last = out[out.length - 1];
    if (last !== undefined && (Array.from(w).length === 1 || Array.from(last).length === 1))
      out[out.length - 1] = last + w;
    else out.push(w);
  }
  return out;
}

/** Turns what the user typed into terms that must all match. At most 16 terms; duplicates dropped. */
export function queryTerms(q: string): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const run of normalize(q).match(RUNS) ?? []) {
    const words = HAN.test(run)
      ? Array.from(run).length <= 2
        ? [run]
        : joinSingles(segmenter().cut(run, false))
      : [run];
    for (const word of words) {
      const w = word.trim();
      if (!w || terms.has(w)) continue;
      if (!HAN.test(w)) terms.set(w, { surface: w, tokens: [w], prefix: false });
      else {
        const chars = Array.from(w);
        terms.set(
          w,
          chars.length === 1
            ? { surface: w, tokens: [w], prefix: true }
            : { surface: w, tokens: hanRunTokens(w).slice(0, -1), prefix: false },
        );
      }
    }
  }
  return [...terms.values()].slice(0, MAX_TERMS);
}
