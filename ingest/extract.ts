import {
  findResidentIds,
  findUnifiedCreditCodes,
  parseResidentId,
  parseUnifiedCreditCode,
  upgradeLegacyResidentId,
} from '../server/core/identifiers';
import type { ExtractedPerson, ExtractedUnit, Extraction } from '../server/core/ingest/ingest.model';

/**
 * The extract stage: reads identifiers, names, unit names, dates and the form title out of OCR text or a
 * PDF text layer. Pure and total: any input gives an `Extraction`, never an exception.
 *
 * Text is NFKC-normalised (full-width digits, letters and `：` become ASCII) and `O`/`o`, `I`/`l` inside
 * digit runs are read as 0 and 1. Labels are found line by line, longest first, tolerating a space between
 * their characters (`姓 名`); a label's value runs to the next label or the end of the line.
 */

type Kind = 'person' | 'handler' | Link['kind'] | 'unit' | 'date' | 'otherDate' | 'stop';

const LABELS: Record<Kind, string[]> = {
  person: ['姓名', '参保人姓名', '参保人', '申请人', '申请人姓名', '职工姓名'],
  handler: ['经办人', '复核人'],
  residentId: ['公民身份号码', '身份证号码', '身份证号', '证件号码'],
  si: ['社会保险编码', '社保编码'],
  siPerson: ['个人编号'],
  siUnit: ['单位编号'],
  credit: ['统一社会信用代码', '信用代码'],
  unit: ['单位名称', '参保单位', '用人单位', '参保单位名称', '用人单位名称'],
  date: ['经办日期', '办结日期', '申请日期', '填表日期', '受理日期', '审核日期', '复核日期', '日期'],
  // Dates that are not the record's own: read (so they are not taken as unlabelled) and dropped.
  otherDate: ['出生日期', '出生年月', '参保日期', '参加工作日期', '参加工作时间', '退休日期', '死亡日期'],
  stop: ['性别', '民族', '联系电话', '电话', '联系地址', '地址', '法定代表人', '备注', '邮政编码', '户籍'],
};
const KIND_OF = new Map<string, Kind>(
  (Object.entries(LABELS) as [Kind, string[]][]).flatMap(([k, ls]) => ls.map((l) => [l, k] as const)),
);
const LABEL_RE = new RegExp(
  [...KIND_OF.keys()]
    .sort((a, b) => b.length - a.length)
    .map((l) => Array.from(l).join(' ?'))
    .join('|'),
  'g',
);

const HAN = /\p{Script=Han}/u;
const NAME = /^\p{Script=Han}{2,4}$/u;
const NOT_NAMES = new Set(['签字', '签名', '签章', '盖章', '本人', '填写', '本人签字', '单位盖章']);
const UNIT_END = /(公司|厂|局|中心|学校|医院|店|社|所|院|委员会|站|部|处|办|协会|银行|集团)$/;
const TITLE_END = /(表|单|书|证明|通知|名册|清册|报告|函|凭证|台帐|台账|记录|方案|协议|证|清单|笔录|说明)$/;
const DATE_IN_VALUE = /(\d{4}) ?[年.\-/] ?(\d{1,2}) ?[月.\-/] ?(\d{1,2})|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/;
const DATE_FREE =
  /(?<!\d)(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日|(?<![\d.])(\d{4})([-./])(\d{2})\5(\d{2})(?![\d.])/g;
/** A run of digits and look-alikes, possibly split by date punctuation. */
const DIGITISH = /[0-9OoIl](?:[ .\-/年月日]?[0-9OoIl])*/g;

type Hit<T> = { at: number; value: T };

/** Reads the fields of a form out of `text`. Never throws. */
export function extractFields(text: string): Extraction {
  try {
    return extract(typeof text === 'string' ? repairDigits(text.slice(0, 200_000).normalize('NFKC')) : '');
  } catch {
    return extract(''); // the empty extraction
  }
}

/** Reads O/o as 0 and I/l as 1 inside runs that are mostly digits (never at a run's ends: table rules). */
function repairDigits(text: string): string {
  return text.replace(DIGITISH, (run) => {
    const digits = run.replace(/\D/g, '').length;
    const letters = run.replace(/[^OoIl]/g, '').length;
    if (letters === 0 || digits < 4 || letters * 2 > digits + 2 || run.length < 3) return run;
    const inner = run.slice(1, -1).replace(/[Oo]/g, '0').replace(/[Il]/g, '1');
    return run.charAt(0) + inner + run.charAt(run.length - 1);
  });
}

/** A valid calendar date as 8 digits, or null. */
function toDate8(y: string, m: string, d: string): string | null {
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  const date = new Date(Date.UTC(year, month - 1, day));
  const ok = year >= 1900 && year <= 2099 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return ok ? `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}` : null;
}

/** The date of a DATE_IN_VALUE or DATE_FREE match: its first three numeric groups. */
function dateOf(m: RegExpMatchArray): string | null {
  const [y, mo, d] = m.slice(1).filter((g): g is string => g !== undefined && /^\d+$/.test(g));
  return y && mo && d ? toDate8(y, mo, d) : null;
}

type Link = { at: number; kind: 'residentId' | 'credit' | 'si' | 'siPerson' | 'siUnit'; value: string };
const ID_IN_VALUE = /(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])/;

function extract(text: string): Extraction {
  const persons: Hit<ExtractedPerson>[] = [];
  const units: Hit<ExtractedUnit>[] = [];
  const links: Link[] = [];
  const handlers: Extraction['handlers'] = [];
  const dates: Extraction['dates'] = [];
  const free: Extraction['dates'] = [];
  let offset = 0;
  for (const line of text.split(/\r\n|[\r\n\f\v]/)) {
    const used: [number, number][] = [];
    const labels = [...line.matchAll(LABEL_RE)];
    labels.forEach((m, i) => {
      const label = m[0].replace(/ /g, '');
      const kind = KIND_OF.get(label) ?? 'stop';
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const raw = line.slice(end, labels[i + 1]?.index ?? line.length);
      const separated = /^[ \t]*[:|]|^[ \t]/.test(raw);
      const bounded = start === 0 || !HAN.test(line.charAt(start - 1));
      const value = raw.replace(/^[\s:|]+/, '').replace(/[\s|]+$/, '');
      const compact = value.replace(/\s/g, '').slice(0, 24);
      const at = offset + start;
      if (kind === 'person' || kind === 'handler') {
        const name = /^\p{Script=Han}+/u.exec(value)?.[0] ?? '';
        if (!(separated || bounded) || !NAME.test(name) || NOT_NAMES.has(name)) return;
        if (kind === 'handler') handlers.push({ role: label === '复核人' ? '复核人' : '经办人', name });
        else persons.push({ at, value: { name, residentId: null, socialInsuranceNo: null } });
      } else if (kind === 'residentId') {
        const parsed = parseResidentId(ID_IN_VALUE.exec(compact)?.[1] ?? '');
        if (parsed.ok) links.push({ at, kind, value: upgradeLegacyResidentId(parsed.value) ?? parsed.value });
      } else if (kind === 'credit') {
        const upper = compact.toUpperCase();
        const code = [0, 1, 2].map((k) => parseUnifiedCreditCode(upper.slice(k, k + 18))).find((c) => c.ok);
        if (code?.ok) links.push({ at, kind, value: code.value });
      } else if (kind === 'si' || kind === 'siPerson' || kind === 'siUnit') {
        const no = /^[0-9A-Za-z-]{4,30}/.exec(value.split(/\s{2,}/)[0]?.replace(/\s/g, '') ?? '')?.[0];
        const before = line.slice(Math.max(0, start - 2), start);
        const to =
          kind !== 'si' ? kind : before === '单位' ? 'siUnit' : before === '个人' ? 'siPerson' : kind;
        if (no && /\d{4}/.test(no)) links.push({ at, kind: to, value: no });
      } else if (kind === 'unit') {
        const name = unitName(value);
        if (name && (separated || (bounded && UNIT_END.test(name))))
          units.push({ at, value: { name, creditCode: null, socialInsuranceCode: null } });
      } else if (kind === 'date' || kind === 'otherDate') {
        const d = DATE_IN_VALUE.exec(value.slice(0, 24));
        const date = d ? dateOf(d) : null;
        if (!d || !date || (label === '日期' && !bounded)) return;
        const from = end + raw.indexOf(value) + d.index;
        used.push([from, from + d[0].length]);
        if (kind === 'date') dates.push({ label, date });
      }
    });
    for (const m of line.matchAll(DATE_FREE)) {
      const [date, at] = [dateOf(m), m.index ?? 0];
      if (date && !used.some(([a, b]) => at < b && at + m[0].length > a)) free.push({ label: '', date });
    }
    offset += line.length + 1;
  }
  associate(persons, units, links);

  const residentIds = findResidentIds(text).map((id) => upgradeLegacyResidentId(id) ?? id);
  const creditCodes = findUnifiedCreditCodes(text);
  for (const l of links) if (l.kind === 'residentId') residentIds.push(l.value);
  for (const l of links) if (l.kind === 'credit') creditCodes.push(l.value);
  // One unit and one credit code in the whole text: the code is the unit's.
  const codes = [...new Set(creditCodes)];
  if (units.length === 1 && units[0]?.value.creditCode === null && codes.length === 1)
    units[0].value.creditCode = codes[0] ?? null;
  const unique = <T>(list: T[], key: (t: T) => string) => [...new Map(list.map((t) => [key(t), t])).values()];
  return {
    title: findTitle(text),
    persons: mergePersons(persons.map((p) => p.value)),
    units: units.map((u) => u.value),
    handlers: unique(handlers, (h) => h.role + h.name),
    dates: unique([...dates, ...free], (d) => d.label + d.date),
    residentIds: [...new Set(residentIds)],
    creditCodes: codes,
  };
}

/** Gives each labelled identifier to the nearest person or unit still lacking one (or to a new one). */
function associate(persons: Hit<ExtractedPerson>[], units: Hit<ExtractedUnit>[], links: Link[]): void {
  const nearest = <T>(list: Hit<T>[], at: number, open: (v: T) => boolean) =>
    list.reduce<Hit<T> | undefined>((best, h) => {
      const closer = !best || Math.abs(h.at - at) < Math.abs(best.at - at);
      return open(h.value) && closer ? h : best;
    }, undefined);
  const person = (p: ExtractedPerson) => p.residentId === null;
  const personSi = (p: ExtractedPerson) => p.socialInsuranceNo === null;
  const unitSi = (u: ExtractedUnit) => u.socialInsuranceCode === null;
  for (const { at, kind, value } of links) {
    if (kind === 'residentId') {
      const p = nearest(persons, at, person);
      if (p) p.value.residentId = value;
      else persons.push({ at, value: { name: null, residentId: value, socialInsuranceNo: null } });
    } else if (kind === 'credit') {
      const u = nearest(units, at, (v) => v.creditCode === null);
      if (u) u.value.creditCode = value;
      else units.push({ at, value: { name: null, creditCode: value, socialInsuranceCode: null } });
    } else {
      // 社会保险编码 without 单位/个人 before it: whichever of a person or a unit is nearer.
      const p = kind === 'siUnit' ? undefined : nearest(persons, at, personSi);
      const u = kind === 'siPerson' ? undefined : nearest(units, at, unitSi);
      const toUnit = kind === 'siUnit' || (!!u && (!p || Math.abs(u.at - at) < Math.abs(p.at - at)));
      if (toUnit && u) u.value.socialInsuranceCode = value;
      else if (toUnit)
        units.push({ at, value: { name: null, creditCode: null, socialInsuranceCode: value } });
      else if (p) p.value.socialInsuranceNo = value;
      else persons.push({ at, value: { name: null, residentId: null, socialInsuranceNo: value } });
    }
  }
}

/** A unit name: the value up to its last whitespace-separated part that ends like a unit name. */
function unitName(value: string): string | null {
  const parts = value.split(/\s+/).filter(Boolean);
  const last = parts.findLastIndex((p) => UNIT_END.test(p));
  const name = parts.slice(0, last >= 0 ? last + 1 : parts.length).join('');
  return HAN.test(name) && name.length >= 2 && name.length <= 60 ? name : null;
}

/** Persons of the same name merged unless their IDs differ (two 张三 are two people); nameless kept. */
function mergePersons(list: ExtractedPerson[]): ExtractedPerson[] {
  const out: ExtractedPerson[] = [];
  const fits = (a: string | null, b: string | null) => a === null || b === null || a === b;
  for (const p of list) {
    const same = p.name ? out.find((o) => o.name === p.name && fits(o.residentId, p.residentId)) : undefined;
    if (!same) out.push(p);
    else {
      same.residentId ??= p.residentId;
      same.socialInsuranceNo ??= p.socialInsuranceNo;
    }
  }
  return out;
}

/** The first top line, or space-separated part of one, that reads like a title (ends with 表, 单, 书 …). */
function findTitle(text: string): string | null {
  const lines = text.split(/\r\n|[\r\n\f\v]/).filter((l) => l.trim());
  const clean = (s: string) => s.replace(/[^\p{Script=Han}()、]/gu, '').replace(/^[()、]+|[()、]+$/g, '');
  for (const line of lines.slice(0, 10)) {
    const [head = '', ...rest] = line.split(':');
    const parts = head.trim().split(/\s+/);
    if (rest.length) parts.pop(); // the label of the colon
    if (!parts.length || KIND_OF.has(parts[0] ?? '')) continue;
    const t = [...parts, parts.join('')]
      .map(clean)
      .find((p) => p.length >= 4 && p.length <= 30 && TITLE_END.test(p));
    if (t) return t;
  }
  return null;
}
