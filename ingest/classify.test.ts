import { seedBusinessSteps, seedRetentionTable } from '../server/core/catalogue/catalogue-seed';
import type { Decision } from '../server/core/ingest/ingest.model';
import { classifyDraft, CONFIDENT, formsOf, reviewReasons, type ClassifyInput } from './classify';
import { extractFields } from './extract';
import { hanOnly } from './title-match';

const steps = seedBusinessSteps();
const retention = seedRetentionTable();
const ID = '500102199001014517';

const base = { hint: null, steps, retention, variants: [] };
const input = (text: string): ClassifyInput => ({ ...base, text, extraction: extractFields(text) });
function classify(text: string, options: Partial<ClassifyInput> = {}) {
  const c = classifyDraft({ ...input(text), ...options });
  return { c, reasons: reviewReasons(c, extractFields(text)) };
}
/** A decision's value and whether it is confident, for one-line expectations. */
const sure = <T>(d: Decision<T>) => [d.value, d.confidence >= CONFIDENT] as const;

/** A page's text layer as `layoutForm` writes it (agency, title, one `label value` per line, signatures). */
const page = (title: string, agency = '重庆市社会保险事业管理局') =>
  `${agency}\n${title}\n姓名 张三\n公民身份号码 ${ID}\n经办人：李四\n经办日期：2015年03月02日\n办结日期：2015年03月05日`;

/** A small deterministic PRNG (tests must not flake). */
const prng = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

describe('formsOf', () => {
  it('lists every distinct form title with the steps that file it', () => {
    const forms = formsOf(steps);
    expect(forms).toHaveLength(152);
    expect(forms.reduce((n, f) => n + f.steps.length, 0)).toBe(195);
    const shared = forms.find((f) => f.title === '养老保险待遇申领表')?.steps.map((s) => s.code);
    expect(shared).toEqual(['YLDY-01', 'YLDY-02', 'YLDY-07']);
  });
});

describe('classifyDraft: the title path', () => {
  it('files a perfect text layer without review', () => {
    const { c, reasons } = classify(page('社会保险登记表'));
    expect(c.businessStep).toMatchObject({ value: 'DJ-01' });
    expect(c.businessStep.reason).toBe('标题“社会保险登记表”与表单“社会保险登记表”一致（相似度 1.00）');
    const fields = ['formTitle', 'classCode', 'insuranceType', 'retentionRowId', 'retention', 'year', 'date'];
    const values = fields.map((k) => c[k as keyof typeof c].value);
    expect(values).toEqual(['社会保险登记表', 'GL', 'ZH', 'GL-01', 'Y', 2015, '20150305']);
    for (const d of Object.values(c)) expect(d.confidence).toBeGreaterThanOrEqual(CONFIDENT);
    expect(reasons).toEqual([]);
  });

  it('is confident when noise or the agency name is glued to the title', () => {
    const texts = [
      page('|社会保险登记表_'),
      page('社会保险登记表 (一)'),
      page('', '重庆市社会保险局社会保险登记表'),
    ];
    for (const text of texts) expect(sure(classify(text).c.businessStep)).toEqual(['DJ-01', true]);
  });

  it('matches a title with a wrong character but asks for review', () => {
    const { c, reasons } = classify(page('社会保俭登记表'));
    expect(sure(c.businessStep)).toEqual(['DJ-01', false]);
    expect(c.businessStep.reason).toContain('相近（相似度 0.86）');
    expect(reasons[0]).toMatch(/^业务环节：/);
    expect(reasons.some((r) => r.startsWith('保管期限：'))).toBe(true);
  });

  it('is confident when one character of a long title is wrong and no other title is near', () => {
    const { c } = classify(page('基本医疗保险参保人员门诊特定项目申请衣'));
    expect(sure(c.businessStep)).toEqual(['YBDY-04', true]);
  });

  it('keeps an exact title confident when another title differs by one character', () => {
    expect(sure(classify(page('在职职工增员申报表')).c.businessStep)).toEqual(['GX-01', true]);
    // One character between the two: a tie, never a confident guess.
    expect(sure(classify(page('在职职工曾员申报表')).c.businessStep)[1]).toBe(false);
  });

  it('names the competing steps of a shared title, yet is sure of what they agree on', () => {
    const { c } = classify(page('养老保险待遇申领表'));
    expect(sure(c.businessStep)).toEqual(['YLDY-01', false]);
    expect(c.businessStep.reason).toContain('YLDY-02、YLDY-07');
    expect(sure(c.insuranceType)).toEqual(['YL', true]);
    expect(sure(c.classCode)).toEqual(['YL', false]); // YLDY-02 is GL (short-term)
    expect(sure(c.formTitle)).toEqual(['养老保险待遇申领表', true]);
  });

  it('settles a shared title with the other forms of the item', () => {
    const notice = classify(`${page('养老保险待遇申领表')}\n${page('不予核定养老保险待遇告知书')}`);
    expect(notice.c.businessStep.value).toBe('YLDY-02');
    const review = classify(`${page('重核申请书')}\n${page('养老待遇重核对帐单')}`);
    expect(sure(review.c.businessStep)).toEqual(['YLDY-11', true]);
    expect(review.c.businessStep.reason).toContain('文中另有该环节的“养老待遇重核对帐单”');
  });

  it('prefers a whole title to a shorter one nested in it, and doubts a nested match in damage', () => {
    expect(sure(classify(page('年末社会保险基金资产负债表')).c.businessStep)).toEqual(['CW-08', true]);
    const damaged = classify(page('失意员死亡待遇核定表')).c;
    expect(sure(damaged.businessStep)).toEqual(['YLDY-09', false]);
    expect(damaged.businessStep.reason).toContain('失业人员死亡待遇核定表');
  });

  it('doubts a match when the first title-like line says something else', () => {
    const { c } = classify('社支人员信息变治核定表\n姓名 张三\n书面意见或说明');
    expect(c.businessStep.confidence).toBeLessThan(CONFIDENT);
    expect(c.businessStep.reason).toContain('首个标题行');
  });

  it('proposes nothing for a text with no title', () => {
    const { c, reasons } = classify('姓名 张三\n经办日期：2015-03-02\n请于十日内办理');
    expect(c.businessStep).toEqual({
      value: null,
      confidence: 0,
      reason: '未能在文本中识别出已知的表单标题',
    });
    expect(c.retention.value).toBeNull();
    expect(c.year).toMatchObject({ value: 2015 });
    expect(reasons).toHaveLength(7);
    expect(reasons).toContain('有参保人姓名，但未识别出有效的公民身份号码');
  });

  it('reads class and retention from the catalogue given, asking when a row has no period', () => {
    expect(classify(page('记帐凭证')).c.retention.reason).toContain('《会计档案管理办法》');
    const notice = classify(page('不予核定养老保险待遇告知书')).c;
    expect([notice.businessStep.value, notice.retention.value]).toEqual(['YLDY-02', null]);
    expect(notice.retention.reason).toContain('短期保存');
    const qt = steps.steps.map((s) => (s.code === 'DJ-01' ? { ...s, classCode: 'QT' } : s));
    const moved = { ...steps, steps: qt };
    expect(classifyDraft({ ...input(page('社会保险登记表')), steps: moved }).classCode.value).toBe('QT');
    const edited = { ...retention, rows: retention.rows.filter((r) => r.id !== 'GL-01') };
    const { c } = classify(page('社会保险登记表'), { retention: edited });
    expect(c.retention).toMatchObject({ value: null, reason: '保管期限表中没有条目 GL-01，需人工确定期限' });
  });
});

describe('classifyDraft: hints and learned variants', () => {
  it('takes the step a separator sheet names', () => {
    const { c, reasons } = classify(page('养老保险待遇申领表'), { hint: { businessStep: 'YLDY-07' } });
    expect(c.businessStep).toMatchObject({ value: 'YLDY-07', confidence: 1 });
    expect(c.businessStep.reason).toBe('分隔页指定业务环节 YLDY-07（一次性老年津贴核发）');
    expect(c.formTitle).toMatchObject({ value: '养老保险待遇申领表' });
    expect(reasons).toEqual([]);
  });

  it('flags a title that belongs to another step than the hint', () => {
    const { c } = classify(page('社会保险登记表'), { hint: { businessStep: 'YLDY-07' } });
    expect(c.businessStep).toMatchObject({ value: 'YLDY-07', confidence: 1 });
    expect(sure(c.formTitle)).toEqual(['社会保险登记表', false]);
    expect(c.formTitle.reason).toContain('与分隔页指定的 YLDY-07 不一致');
  });

  it('ignores an unknown step code in a hint, saying so', () => {
    const { c } = classify(page('社会保险登记表'), { hint: { businessStep: 'XX-99' } });
    expect(c.businessStep.value).toBe('DJ-01');
    expect(c.businessStep.reason).toMatch(/^分隔页的业务环节代码“XX-99”不在目录中，已忽略；/);
  });

  it('is confident on an exact learned variant, and ignores variants of unknown steps', () => {
    const variants = [
      { businessStep: 'DJ-01', variant: '参保单位社会保险登记申请表' },
      { businessStep: 'NOPE-1', variant: '某某奇怪的表' },
    ];
    const { c } = classify(page('参保单位社会保险登记申请表'), { variants });
    expect(sure(c.businessStep)).toEqual(['DJ-01', true]);
    expect(c.businessStep.reason).toContain('已学习的标题变体');
    expect(classify(page('某某奇怪的表'), { variants }).c.businessStep.value).toBeNull();
  });
});

describe('classifyDraft: year and date', () => {
  const dated = (lines: string) => classify(`社会保险登记表\n${lines}`).c;

  it('prefers 办结日期, then 经办日期, then other labels, then unlabelled dates', () => {
    expect(dated('经办日期 2015-03-02\n办结日期 2016-01-04').year).toMatchObject({ value: 2016 });
    expect(dated('申请日期 2014-11-30\n经办日期 2015-03-02').date).toMatchObject({ value: '20150302' });
    const applied = dated('申请日期 2014-11-30');
    expect(applied.year).toMatchObject({ value: 2014, confidence: 0.9 });
    expect(dated('申请日期 2014-12-30').year.confidence).toBeLessThan(CONFIDENT);
    expect(sure(dated('2013年5月6日').year)).toEqual([2013, false]);
  });

  it('lowers the confidence of conflicting dates', () => {
    expect(sure(dated('经办日期 2015-03-02\n经办日期 2017-03-02').year)).toEqual([2017, false]);
    const days = dated('经办日期 2015-03-02\n经办日期 2015-03-09');
    expect([...sure(days.year), ...sure(days.date)]).toEqual([2015, true, '20150309', false]);
    expect(dated('经办日期 2015-03-02\n申请日期 2009-01-01').year.confidence).toBeLessThan(CONFIDENT);
  });

  it('gives no year without a date', () => {
    const { year } = dated('姓名 张三');
    expect([year.value, year.confidence, year.reason]).toEqual([
      null,
      0,
      '未找到日期（办结日期、经办日期等）',
    ]);
  });
});

describe('classifyDraft is never confidently wrong', () => {
  const forms = formsOf(steps);
  const known = new Set(forms.map((f) => hanOnly(f.title)));
  const chars = [...new Set(forms.map((f) => f.title).join(''))].filter((ch) => hanOnly(ch));
  const rowOf = (code: string) => steps.steps.find((s) => s.code === code)?.retentionRowId;
  const periodOf = (code: string) => retention.rows.find((r) => r.id === rowOf(code))?.period;

  function check(truth: { title: string; steps: { code: string }[] }, damaged: string, agency: string) {
    if (known.has(hanOnly(damaged))) return 0; // damage that makes another real title cannot be caught
    const { c } = classify(page(damaged, agency));
    const right = (code: string | null) => truth.steps.some((s) => s.code === code);
    if (c.businessStep.confidence >= CONFIDENT)
      expect([damaged, right(c.businessStep.value)]).toEqual([damaged, true]);
    if (c.retention.confidence >= CONFIDENT)
      expect(truth.steps.map((s) => periodOf(s.code))).toContain(c.retention.value);
    return c.businessStep.confidence >= CONFIDENT ? 1 : 0;
  }

  it('for every title with one character dropped, replaced or added', () => {
    const rnd = prng(17);
    const pick = () => chars[Math.floor(rnd() * chars.length)] ?? '';
    let confident = 0;
    for (const f of forms) {
      const a = [...f.title];
      for (let i = 0; i < a.length; i++) {
        const edits = [a.toSpliced(i, 1), a.toSpliced(i, 1, pick()), a.toSpliced(i, 0, pick())];
        for (const e of edits) confident += check(f, e.join(''), i % 2 ? '重庆市社会保险事业管理局' : '');
      }
    }
    expect(confident).toBeGreaterThan(100); // and not merely by never being confident
  });

  it('for random damage of one to three characters, with noise and glued agency names', () => {
    const rnd = prng(29);
    const any = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
    for (let n = 0; n < 1500; n++) {
      const f = any(forms);
      const a = [...f.title];
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        const i = Math.floor(rnd() * a.length);
        const op = rnd();
        if (op < 0.6) a[i] = any(chars);
        else if (op < 0.8) a.splice(i, 1);
        else a.splice(i, 0, any(chars));
      }
      const title = `${any(['', '|', 'l ', '_'])}${a.join('')}${any(['', '_', '|', ' (一)'])}`;
      check(f, title, any(['重庆市社会保险事业管理局', '', '重庆市社会保险局社会保险事业管理中心']));
    }
  });
});
