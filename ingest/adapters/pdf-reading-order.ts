/**
 * A PDF page's text runs put in reading order: lines from top to bottom (runs whose baselines are within
 * half a line of each other), runs within a line from left to right.
 */

/** What is needed of a pdf.js `TextItem`: its string, its transform `[a b c d e f]` and its width. */
export interface TextRun {
  str: string;
  transform: readonly number[];
  width: number;
  height: number;
}

const HAN = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
/** Whitespace between two CJK characters (or CJK punctuation), which Chinese text does not have. */
const SPACE_IN_CJK = new RegExp(`(?<=[${HAN}])\\s+(?=[${HAN}])`, 'gu');

/**
 * Joins the runs: runs on one line are joined directly when they touch (a generator that places glyphs
 * one by one) and with one space when there is a gap (a table's label and value cells); whitespace
 * inside a run between two CJK characters is removed (`姓 名` → `姓名`, ideographic spaces too), other whitespace collapsed.
 * Lines are separated by `\n`.
 */
export function textInReadingOrder(runs: readonly TextRun[]): string {
  const placed = runs
    .map((run) => {
      const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = run.transform;
      const size = Math.max(Math.hypot(c, d), Math.hypot(a, b), run.height, 1);
      const text = run.str.replace(SPACE_IN_CJK, '').replace(/\s+/g, ' ');
      return { text, x, y, size, end: x + run.width };
    })
    .filter((run) => run.text.trim() !== '')
    .sort((p, q) => q.y - p.y || p.x - q.x);

  const lines: (typeof placed)[] = [];
  for (const run of placed) {
    const line = lines[lines.length - 1];
    const first = line?.[0];
    if (line && first && Math.abs(first.y - run.y) <= 0.5 * Math.max(first.size, run.size)) line.push(run);
    else lines.push([run]);
  }

  return lines
    .map((line) => {
      line.sort((p, q) => p.x - q.x);
      let out = '';
      let end = -Infinity;
      for (const run of line) {
        const gap = run.x - end;
        if (out && gap > 0.25 * run.size && !out.endsWith(' ') && !run.text.startsWith(' ')) out += ' ';
        out += run.text;
        end = Math.max(end, run.end);
      }
      return out.trim();
    })
    .filter(Boolean)
    .join('\n');
}

/** Characters other than whitespace: what decides whether a page has a usable text layer. */
export function visibleCharacters(text: string): number {
  return text.replace(/\s/g, '').length;
}
