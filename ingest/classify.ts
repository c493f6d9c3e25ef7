import type {
  BusinessStep,
  BusinessStepCatalogue,
  RetentionTable,
} from '../server/core/catalogue/catalogue.schemas';
import { isRetentionPeriod, RETENTION_LABELS } from '../server/core/catalogue/retention.policy';
import type { Classification, Decision, Extraction, SeparatorHint } from '../server/core/ingest/ingest.model';
import { catalogueIndex, hanOnly, matcherFor, titleLines } from './title-match';
import type { CatalogueIndex, TitleMatch } from './title-match';

export { formsOf } from './title-match';

/**
 * The classify stage: which business step a draft belongs to, what follows from the step (class, insurance
 * type, retention row and period), and the draft's year and date. Every decision carries a confidence and
 * a reason. The rule that matters most: a wrong step never comes with confidence ≥ CONFIDENT.
 */

/** A decision at or above this confidence needs no review. */
export const CONFIDENT = 0.85;
/** Below this title score nothing is proposed. */
const MIN_SCORE = 0.6;
/** Bonus for each distinctive other form of the step found in the text (at most two), and for its name. */
const FORM_BONUS = 0.15;
const NAME_BONUS = 0.05;

export interface ClassifyInput {
  text: string;
  extraction: Extraction;
  hint: SeparatorHint | null;
  steps: BusinessStepCatalogue;
  retention: RetentionTable;
  /** Titles clerks corrected earlier, each with the step they chose. */
  variants: { businessStep: string; variant: string }[];
}
/** A step whose form title (or learned variant) matched, with its context bonus added in `total`. */
type Candidate = {
  step: BusinessStep;
  match: TitleMatch;
  variant: boolean;
  context: string[];
  total: number;
};
/** How sure a field is, with a note when it is not sure: [confidence, note]. */
type Judge = (field: (s: BusinessStep) => unknown) => [number, string];

/** Confidence from a title match: exact ≈ 0.98, one wrong character in ten ≈ CONFIDENT; short titles capped. */
function calibrate(m: TitleMatch, variant: boolean): number {
  if (variant && m.score >= 0.999) return 0.95;
  const n = hanOnly(m.title).length;
  return Math.min(n <= 3 ? 0.7 : n <= 4 ? 0.8 : 0.98, m.score ** 1.5);
}
/** Confidence allowed by a lead over the best rival: a tie gives 0.55, a lead of 0.12 gives CONFIDENT. */
const marginConf = (lead: number) => Math.min(1, 0.55 + 2.5 * lead);
const fmt = (n: number) => n.toFixed(2);
const stepName = (s: BusinessStep) => `${s.code}（${s.name}）`;

/** Proposes the business step, its class, insurance type and retention, and the year and date of a draft. */
export function classifyDraft(input: ClassifyInput): Classification {
  const index = catalogueIndex(input.steps);
  const hinted = input.hint ? index.byCode.get(input.hint.businessStep) : undefined;
  const lines = titleLines(input.text);
  const title = hanOnly(input.extraction.title ?? '');
  if (title && !lines.includes(title)) lines.push(title);
  const candidates = rank(index, lines, input);
  const dates = decideDates(input.extraction);
  if (hinted) {
    const steps = fromStep(hinted, () => [1, ''], `分隔页指定业务环节 ${stepName(hinted)}`, input);
    return { ...steps, formTitle: hintedTitle(hinted, candidates), ...dates };
  }
  const unknown = input.hint ? `分隔页的业务环节代码“${input.hint.businessStep}”不在目录中，已忽略；` : '';
  const top = candidates[0];
  if (top && top.match.score >= MIN_SCORE) return { ...fromTitle(top, candidates, unknown, input), ...dates };
  const none = { value: null, confidence: 0, reason: `${unknown}未能在文本中识别出已知的表单标题` };
  const [businessStep, formTitle, classCode, insuranceType, retentionRowId, retention] = Array(6).fill(none);
  return { businessStep, formTitle, classCode, insuranceType, retentionRowId, retention, ...dates };
}

/** The step of the best title match, each field as sure as the lead over rivals that give it another value. */
function fromTitle(top: Candidate, candidates: Candidate[], prefix: string, input: ClassifyInput) {
  // Doubts whatever the scores: the first title-like line says something else, or the match sits inside a
  // longer title that fits the same line less well (死亡待遇核定表 in a damaged 失业人员死亡待遇核定表).
  const [title, line] = [hanOnly(input.extraction.title ?? ''), top.match.text];
  const first = title && !line.includes(title) && !title.includes(line) ? title : '';
  const outer = candidates.find(
    (c) => c.match.line === top.match.line && contains(c.match.title, top.match.title),
  );
  const cap = first || outer ? 0.7 : 0.99;
  const base = Math.min(cap, calibrate(top.match, top.variant) + (top.total - top.match.score) / 2);
  const otherLine = (c: Candidate) => c.match.line !== top.match.line && c.match.score >= 0.8;
  const lead = (rival: Candidate | undefined, score: (c: Candidate) => number) => {
    if (!rival) return base;
    if (otherLine(rival)) return Math.min(base, 0.7); // another line looks like another title
    // A title alone and exact on its line beats a merely similar one (在职职工增员/减员申报表).
    const exact = top.match.score >= 0.999 && rival.match.distance > 0 && top.total > rival.total;
    return Math.min(base, Math.max(marginConf(score(top) - score(rival)), exact ? 0.86 : 0));
  };
  const judge: Judge = (field) => {
    const rival = candidates.find((c) => c !== top && field(c.step) !== field(top.step));
    const confidence = lead(rival, (c) => c.total);
    const why = rival && confidence < base ? `；候选 ${rival.step.code} 的该项不同` : '；标题识别不够确定';
    return [confidence, confidence >= CONFIDENT ? '' : why];
  };
  const tied = candidates.filter((c) => c !== top && c.total >= top.total - 0.001).map((c) => c.step.code);
  const close = candidates.find(
    (c) => c !== top && top.total - c.total < 0.12 && !tied.includes(c.step.code),
  );
  const conflict = candidates.find((c) => c.step.code !== top.step.code && otherLine(c));
  const reason = [
    prefix + matchReason(top),
    top.context.length ? `文中另有该环节的“${top.context.join('”“')}”` : '',
    tied.length ? `并列候选 ${tied.join('、')}，无法区分` : '',
    close ? `次优候选 ${stepName(close.step)}（${fmt(close.total)}）接近` : '',
    first ? `首个标题行“${first}”与之不符` : '',
    outer ? `也可能是更长的表单“${outer.match.title}”` : '',
    conflict ? `另一行“${conflict.match.text}”像 ${stepName(conflict.step)} 的表单` : '',
  ];
  const otherTitle = candidates.find((c) => c.match.title !== top.match.title);
  const confidence = lead(otherTitle, (c) => c.match.score);
  const formTitle = { value: top.match.title, confidence, reason: matchReason(top) };
  return { ...fromStep(top.step, judge, reason.filter(Boolean).join('；'), input), formTitle };
}

/** Steps whose forms (or learned variants) match a title line, best first, with context bonuses. */
function rank(index: CatalogueIndex, lines: string[], input: ClassifyInput): Candidate[] {
  const byStep = new Map<string, Candidate>();
  const offer = (step: BusinessStep | undefined, match: TitleMatch, variant: boolean) => {
    const prev = step && byStep.get(step.code);
    if (step && (!prev || match.score > prev.match.score))
      byStep.set(step.code, { step, match, variant, context: [], total: match.score });
  };
  const matches = index.matcher.match(lines);
  for (const m of matches) {
    // A title inside a longer one that matched at least as well is explained by it (资产负债表).
    if (matches.some((o) => contains(o.title, m.title) && o.score >= m.score)) continue;
    for (const step of index.byTitle.get(m.title) ?? []) offer(step, m, false);
  }
  for (const m of input.variants.length ? matcherFor(input.variants.map((v) => v.variant)).match(lines) : [])
    for (const v of input.variants)
      if (v.variant === m.title) offer(index.byCode.get(v.businessStep), m, true);
  const list = [...byStep.values()].sort((a, b) => b.match.score - a.match.score);
  const text = hanOnly(input.text);
  const best = list[0]?.match.score ?? 0;
  for (const c of list.filter((c) => c.match.score >= best - 0.3)) {
    const own = hanOnly(c.match.title);
    const found = (t: string) => t.length >= 4 && !own.includes(t) && text.includes(t);
    c.context = c.step.forms.map((f) => f.title).filter((t) => found(hanOnly(t)));
    const named = found(hanOnly(c.step.name.replace(/[（(].*?[)）]/g, '')));
    c.total = c.match.score + FORM_BONUS * Math.min(2, c.context.length) + (named ? NAME_BONUS : 0);
  }
  return list.sort((a, b) => b.total - a.total);
}

/** Whether title `outer` strictly contains title `inner`. */
const contains = (outer: string, inner: string) => outer !== inner && hanOnly(outer).includes(hanOnly(inner));

function matchReason(c: Candidate): string {
  const kind = c.variant ? '已学习的标题变体' : '表单';
  const how = c.match.distance === 0 ? '一致' : '相近';
  return `标题“${c.match.text}”与${kind}“${c.match.title}”${how}（相似度 ${fmt(c.match.score)}）`;
}

/** The form title when a separator sheet named the step: one of its forms, or a warning when another fits. */
function hintedTitle(step: BusinessStep, candidates: Candidate[]): Decision<string> {
  const own = candidates.find((c) => c.step.code === step.code && c.match.score >= MIN_SCORE);
  const other = candidates.find((c) => c.step !== step && !step.forms.some((f) => f.title === c.match.title));
  if (other && other.match.score >= 0.9 && (!own || other.match.score > own.match.score)) {
    const reason = `标题“${other.match.text}”属于 ${stepName(other.step)}，与分隔页指定的 ${step.code} 不一致`;
    return { value: other.match.title, confidence: 0.3, reason };
  }
  if (!own) {
    const reason = `分隔页已指定业务环节 ${stepName(step)}；未识别出该环节的表单标题（不影响归档）`;
    return { value: null, confidence: 0.9, reason };
  }
  const confidence = Math.max(calibrate(own.match, own.variant), own.match.score >= 0.75 ? 0.9 : 0);
  return { value: own.match.title, confidence, reason: `${matchReason(own)}（分隔页指定 ${step.code}）` };
}

const NO_PERIOD: Record<string, (id: string) => string> = {
  '': (id) => `保管期限表中没有条目 ${id}，需人工确定期限`,
  ACCOUNTING: (id) => `条目 ${id} 按《会计档案管理办法》确定期限，需人工确定`,
  SHORT: (id) => `条目 ${id} 为短期保存（不少于2年），不作归档，需人工处理`,
};

/** Class, insurance type, retention row and period, as `step` gives them; `judge` rates each field. */
function fromStep(step: BusinessStep, judge: Judge, reason: string, input: ClassifyInput) {
  const rows = input.retention.rows;
  const periodOf = (s: BusinessStep) => rows.find((r) => r.id === s.retentionRowId)?.period;
  const from = `来自业务环节 ${stepName(step)}`;
  const field = <T>(value: T, of: (s: BusinessStep) => unknown, why = from): Decision<T> => {
    const [confidence, note] = judge(of);
    return { value, confidence, reason: why + note };
  };
  const period = periodOf(step) ?? '';
  return {
    businessStep: { ...field(step.code, (s) => s.code), reason },
    classCode: field(step.classCode, (s) => s.classCode),
    insuranceType: field(step.insuranceType, (s) => s.insuranceType),
    retentionRowId: field(step.retentionRowId, (s) => s.retentionRowId),
    retention: isRetentionPeriod(period)
      ? field(period, periodOf, `${from}，条目 ${step.retentionRowId}：${RETENTION_LABELS[period]}`)
      : { value: null, confidence: 0, reason: NO_PERIOD[period]?.(step.retentionRowId) ?? '' },
  };
}

const PRIORITY: Record<string, number> = { 办结日期: 0, 经办日期: 1, '': 3 };
const BASE = [0.95, 0.95, 0.9, 0.6];

/** Date and year: 办结日期, then 经办日期, then other labelled dates, then unlabelled ones. */
function decideDates(e: Extraction): Pick<Classification, 'year' | 'date'> {
  const dates = e.dates.filter((d) => /^\d{8}$/.test(d.date) && +d.date.slice(0, 4) >= 1949);
  const rank = (label: string) => PRIORITY[label] ?? 2;
  const p = Math.min(...dates.map((d) => rank(d.label)));
  const group = dates.filter((d) => rank(d.label) === p);
  const pick = group.map((d) => d.date).sort()[group.length - 1];
  if (!pick) {
    const reason = '未找到日期（办结日期、经办日期等）';
    return { year: { value: null, confidence: 0, reason }, date: { value: null, confidence: 0, reason } };
  }
  const year = +pick.slice(0, 4);
  const label = group[0]?.label || '无标签的日期';
  let [yearConf, note] = [BASE[p] ?? 0.6, ''];
  if (p === 2 && pick.slice(4, 6) === '12')
    [yearConf, note] = [0.75, '；十二月的申请或填表日期，办结可能在次年'];
  const labelled = dates.filter((d) => rank(d.label) < 3).map((d) => +d.date.slice(0, 4));
  if (new Set(group.map((d) => d.date.slice(0, 4))).size > 1)
    [yearConf, note] = [0.5, `${note}；${label}年份不一致`];
  else if (labelled.some((y) => Math.abs(y - year) > 1))
    [yearConf, note] = [0.7, `${note}；其他日期的年份相差较大`];
  const distinct = new Set(group.map((d) => d.date)).size;
  const reason = `${label} ${pick}${distinct > 1 ? `（有 ${distinct} 个不同的${label}，取最晚）` : ''}${note}`;
  const date = { value: pick, confidence: distinct > 1 ? Math.min(yearConf, 0.6) : yearConf, reason };
  return { year: { value: year, confidence: yearConf, reason }, date };
}

const FIELD_NAMES = { businessStep: '业务环节', formTitle: '表单', classCode: '类别', insuranceType: '险种' };
const MORE_NAMES = { retentionRowId: '保管期限条目', retention: '保管期限', year: '年度', date: '日期' };

/** Why a draft needs review (empty: file it): each field below CONFIDENT, and a named person with no ID. */
export function reviewReasons(c: Classification, e: Extraction): string[] {
  const out = (Object.entries({ ...FIELD_NAMES, ...MORE_NAMES }) as [keyof Classification, string][])
    .filter(([k]) => c[k].confidence < CONFIDENT)
    .map(([k, name]) => `${name}：${c[k].reason}`);
  if (e.residentIds.length === 0 && e.persons.some((p) => p.name))
    out.push('有参保人姓名，但未识别出有效的公民身份号码');
  return out;
}
