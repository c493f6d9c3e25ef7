import type { BusinessStep } from '../../server/core/catalogue/catalogue.schemas';
import type { SyntheticPerson } from './synthetic';

/**
 * The vocabulary of synthetic items, shared by the demo fonds and the benchmark: whom each business step
 * concerns, how often each step happens, readable form titles, and who plausibly appears in it.
 */

/** Whom an item concerns, which decides its title, its 责任者 and its persons/units. */
export type Subject = 'person' | 'person+unit' | 'unit' | 'institution' | 'month' | 'quarter' | 'year';

export const LINK_SUBJECT: Record<string, Subject> = {
  DJ: 'unit',
  GX: 'person',
  YLDY: 'person',
  SYDY: 'person',
  YBDY: 'person',
  GSDY: 'person',
  SHYDY: 'person',
  CW: 'month',
  TJHJ: 'year',
  JHHJ: 'unit',
  FC: 'person',
  NS: 'year',
  ZX: 'person',
  DA: 'year',
};

export const STEP_SUBJECT: Record<string, Subject> = {
  'GX-01': 'person+unit',
  'GX-02': 'person+unit',
  'GX-09': 'person+unit',
  'GX-10': 'unit',
  'GX-11': 'unit',
  'YLDY-13': 'month',
  'SYDY-05': 'person+unit',
  'SYDY-10': 'month',
  'YBDY-08': 'institution',
  'YBDY-09': 'month',
  'YBDY-10': 'institution',
  'YBDY-11': 'institution',
  'GSDY-01': 'person+unit',
  'GSDY-07': 'institution',
  'GSDY-09': 'person+unit',
  'GSDY-10': 'person+unit',
  'GSDY-14': 'institution',
  'GSDY-15': 'month',
  'SHYDY-05': 'month',
  'CW-02': 'unit',
  'CW-05': 'person',
  'CW-06': 'person',
  'CW-08': 'year',
  'CW-09': 'year',
  'TJHJ-01': 'month',
  'TJHJ-02': 'quarter',
  'JHHJ-03': 'year',
};

/** Relative volume of each business link (per link, shared among its steps). */
export const LINK_WEIGHT: Record<string, number> = {
  DJ: 5,
  GX: 22,
  YLDY: 16,
  YBDY: 12,
  SYDY: 7,
  GSDY: 8,
  SHYDY: 5,
  CW: 8,
  TJHJ: 3,
  JHHJ: 4,
  FC: 1.5,
  NS: 0.8,
  ZX: 1.5,
};

/** Steps that are much commoner than their neighbours. */
export const STEP_BOOST: Record<string, number> = {
  'DJ-01': 2.5,
  'DJ-02': 2,
  'GX-01': 4,
  'GX-02': 3,
  'GX-06': 1.5,
  'GX-07': 1.5,
  'YLDY-01': 4,
  'YLDY-06': 1.5,
  'YBDY-07': 4,
  'YBDY-05': 2,
  'SYDY-02': 4,
  'SYDY-01': 2,
  'GSDY-06': 2.5,
  'GSDY-09': 2,
  'SHYDY-01': 4,
  'CW-01': 2,
  'CW-03': 1.5,
  'JHHJ-04': 2,
};

/** Steps the catalogue lists without forms: the material their items hold. */
export const FALLBACK_FORM: Record<string, string> = {
  'DJ-05': '补办社会保险登记证申请表',
  'YLDY-05': '养老金领取资格认证表',
  'SYDY-04': '恢复发放失业保险金申请表',
  'YBDY-01': '社会保障卡申领登记表',
  'YBDY-02': '住院医疗费用记帐单',
  'YBDY-11': '医疗保险监督检查记录',
  'GSDY-01': '工伤保险待遇资格审核表',
  'GSDY-03': '工伤职工转诊转院申请表',
  'GSDY-04': '工伤职工康复申请表',
  'GSDY-05': '工伤职工旧伤复发治疗申请表',
  'GSDY-07': '工伤医疗费用直接结算单',
};

/** Form titles that read badly after a name. */
export const FORM_RENAME: Record<string, string> = {
  笔录: '稽核询问笔录',
  本人书面申请: '一次性住院医疗补贴申请书',
  单位申请函: '人员流动申请函',
  便函: '来信答复函',
  半年报表: '社会保险统计半年报表',
};

export const REMARKS = [
  '附身份证复印件一份',
  '原件存业务经办系统影像库',
  '材料有涂改处，已由经办人签字确认',
  '补充材料于次月归入',
  '复印件，原件退还申请人',
];

/** The forms a step files, with readable titles; a made-up one for steps that name none. */
export function formsOf(step: BusinessStep): { title: string; kind: string }[] {
  const usable = step.forms.filter((f) => !/x{3,}/i.test(f.title));
  if (usable.length > 0) return usable.map((f) => ({ title: FORM_RENAME[f.title] ?? f.title, kind: f.kind }));
  const fallback = FALLBACK_FORM[step.code] ?? `${step.name.replace(/（[^）]*）/g, '')}材料`;
  return [{ title: fallback, kind: 'application' }];
}

/** Who may plausibly be the subject of a step in a year: pensioners are old, maternity claimants young women. */
/** Whether a synthetic person is plausible for a step in a year (pensioners ≥ 50, maternity: women 20-45). */
export function personFits(step: BusinessStep, year: number, p: SyntheticPerson): boolean {
  const age = year - Number(p.residentId.slice(6, 10));
  if (step.code === 'YLDY-08') return age >= 35 && age < 60;
  if (step.linkCode === 'YLDY') return age >= 50 && age <= 95;
  if (step.linkCode === 'SHYDY') return p.sex === 'F' && age >= 20 && age <= 45;
  return age >= 16 && age <= 62;
}
