import { seedBusinessSteps } from '../server/core/catalogue/catalogue-seed';
import { approximateSearch, hanOnly, TitleMatcher, titleLines } from './title-match';

const TITLES = [...new Set(seedBusinessSteps().steps.flatMap((s) => s.forms.map((f) => f.title)))];
const matcher = new TitleMatcher(TITLES);
const top = (lines: string | string[]) => matcher.match(lines)[0];

/** A small deterministic PRNG (tests must not flake). */
function prng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('hanOnly / titleLines', () => {
  it('keeps Han characters only, after NFKC', () => {
    expect(hanOnly('|社会 保险_登记表 (一) 2015')).toBe('社会保险登记表一');
    expect(hanOnly('社会保险稽核案件转办（督办）函')).toBe('社会保险稽核案件转办督办函');
  });

  it('takes the first lines that could hold a title, skipping sentences and noise', () => {
    const text = '重庆市社会保险局\n\n|||\n根据《社会保险法》，请如实填写。\n社会保险登记表,\n编号：123\nA\n';
    expect(titleLines(text)).toEqual(['重庆市社会保险局', '社会保险登记表', '编号']);
    expect(titleLines('一行\n二行\n三行\n四行', 2)).toEqual(['一行', '二行']);
  });
});

describe('TitleMatcher', () => {
  it('scores an exact title alone on its line 1', () => {
    expect(top('社会保险登记表')).toMatchObject({ title: '社会保险登记表', score: 1, distance: 0 });
  });

  it('still finds a title with a character wrong, missing or extra', () => {
    for (const damaged of ['社会保俭登记表', '社会保险登表', '社会保险登记记表', '社会保险登記表']) {
      const m = top(damaged);
      expect(m?.title).toBe('社会保险登记表');
      expect(m?.distance).toBe(1);
      expect(m?.score).toBeGreaterThan(0.8);
    }
    expect(top('基本医疗保险参保人员门诊特定项目申请衣')?.title).toBe(
      '基本医疗保险参保人员门诊特定项目申请表',
    );
    expect(top('不予核定养老保验待遇吿知书')).toMatchObject({
      title: '不予核定养老保险待遇告知书',
      distance: 2,
    });
  });

  it('finds a title glued to noise or to the agency name', () => {
    expect(top('|社会保险登记表_')).toMatchObject({ title: '社会保险登记表', score: 1 });
    const glued = top('重庆市渝北区社会保险事业管理局社会保险登记表');
    expect(glued).toMatchObject({ title: '社会保险登记表', distance: 0 });
    expect(glued?.score).toBeGreaterThan(0.9);
    expect(glued?.score).toBeLessThan(1);
  });

  it('prefers the whole longer title to a title nested in it', () => {
    const [first, second] = matcher.match('年末社会保险基金资产负债表');
    expect(first).toMatchObject({ title: '年末社会保险基金资产负债表', score: 1 });
    expect(second?.title).toBe('资产负债表');
    expect(second?.score).toBeLessThan(1);
  });

  it('reports the best line for each title, best first, and leaves out weak ones', () => {
    const found = matcher.match(['重庆市社会保险局', '失业保险待遇申领表', '姓名张三']);
    expect(found[0]).toMatchObject({ title: '失业保险待遇申领表', line: 1, text: '失业保险待遇申领表' });
    expect(found.every((m, i) => i === 0 || m.score <= (found[i - 1]?.score ?? 1))).toBe(true);
    expect(found.every((m) => m.score >= 0.5)).toBe(true);
    expect(matcher.match(['', '   ', '12345'])).toEqual([]);
    expect(matcher.match('天气很好')).toEqual([]);
  });

  it('computes the same distances as a plain dynamic programme', () => {
    const rnd = prng(11);
    const alphabet = '社会保险登记表变更注销核定申请书';
    const word = (max: number) =>
      Array.from(
        { length: Math.floor(rnd() * max) + 1 },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
    for (let i = 0; i < 1500; i++) {
      const [title, line] = [word(14), word(24)];
      const m = new TitleMatcher([title]).match(line, 0)[0];
      expect(m?.distance).toBe(approximateSearch(title, line).distance);
    }
  });

  it('handles titles longer than a machine word', () => {
    const long = '某某市城乡居民基本养老保险与被征地农民养老保险衔接转换待遇核定审批登记表';
    const m = new TitleMatcher([long, '社会保险登记表']).match(`附件${long.replace('核定', '核走')}`)[0];
    expect(m).toMatchObject({ title: long, distance: 1 });
  });

  it('matches a document in well under a millisecond', () => {
    const lines = titleLines(
      '重庆市渝北区社会保险事业管理局\n|社会保俭登记表_\n业务编号：DJ2015000123\n单位名称 重庆山城机械有限公司\n' +
        '姓名 张三 公民身份号码 500102199001014517\n社会保险编码 5001000123\n经办人：李四\n经办日期：2015年03月02日',
    );
    for (let i = 0; i < 100; i++) matcher.match(lines);
    const runs = 500;
    const start = performance.now();
    for (let i = 0; i < runs; i++) matcher.match(lines);
    expect((performance.now() - start) / runs).toBeLessThan(1);
  });
});
