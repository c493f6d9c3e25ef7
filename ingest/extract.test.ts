import { residentIdCheckChar, unifiedCreditCodeCheckChar } from '../server/core/identifiers';
import { layoutForm } from '../server/core/ingest/form-layout';
import { extractFields } from './extract';

const ID = '500102199001014517';
const ID_X = '11010519491231002X';
const USCC = `91500112MA5U7A1B2${unifiedCreditCodeCheckChar('91500112MA5U7A1B2')}`;

/** The text layer of a generated form: what a perfect OCR would read. */
const form = layoutForm({
  agency: '重庆市社会保险事业管理局',
  title: '社会保险登记表',
  reference: '业务编号：DJ2015000123',
  fields: [
    { label: '单位名称', value: '重庆山城机械有限公司' },
    { label: '统一社会信用代码', value: USCC },
    { label: '单位编号', value: '50010012345' },
    { label: '联系电话', value: '023-67890123' },
    { label: '姓名', value: '张三' },
    { label: '公民身份号码', value: ID },
    { label: '个人编号', value: '1000123456' },
  ],
  signatures: [
    { label: '经办人', value: '李四' },
    { label: '复核人', value: '王五' },
    { label: '经办日期', value: '2015年03月02日' },
    { label: '办结日期', value: '2015-03-05' },
  ],
}).text;

describe('extractFields on a text layer', () => {
  it('reads every field of a generated form', () => {
    expect(extractFields(form)).toEqual({
      title: '社会保险登记表',
      persons: [{ name: '张三', residentId: ID, socialInsuranceNo: '1000123456' }],
      units: [{ name: '重庆山城机械有限公司', creditCode: USCC, socialInsuranceCode: '50010012345' }],
      handlers: [
        { role: '经办人', name: '李四' },
        { role: '复核人', name: '王五' },
      ],
      dates: [
        { label: '经办日期', date: '20150302' },
        { label: '办结日期', date: '20150305' },
      ],
      residentIds: [ID],
      creditCodes: [USCC],
    });
  });
});

describe('extractFields on OCR text', () => {
  it('tolerates full-width colons, spaced labels, O/l for 0/1 and spaced digits', () => {
    const text =
      '|社 会 保 险 登 记 表_\n姓 名：张三   身份证号：50O102 l990010l 4517\n' +
      '经 办 人：李四 经办日期：2O15年O3月O2日\n复核人:王五　办结日期 2015.03.05';
    const e = extractFields(text);
    expect(e.title).toBe('社会保险登记表');
    expect(e.persons).toEqual([{ name: '张三', residentId: ID, socialInsuranceNo: null }]);
    expect(e.handlers.map((h) => h.name)).toEqual(['李四', '王五']);
    expect(e.dates).toEqual([
      { label: '经办日期', date: '20150302' },
      { label: '办结日期', date: '20150305' },
    ]);
  });

  it('ignores table rules read as l or | around an ID and accepts a lower-case x', () => {
    const e = extractFields(`姓名 张三 公民身份号码 l${ID}l\n姓名 李四 身份证号码 |${ID_X.toLowerCase()}|`);
    expect(e.persons).toEqual([
      { name: '张三', residentId: ID, socialInsuranceNo: null },
      { name: '李四', residentId: ID_X, socialInsuranceNo: null },
    ]);
    expect(e.residentIds).toEqual([ID, ID_X]);
  });

  it('upgrades a legacy 15-digit ID and drops IDs with a wrong check digit', () => {
    const e = extractFields('参保人姓名 赵钱孙李\n公民身份号码 500102900101451\n其他 500102199001014518');
    expect(e.persons).toEqual([{ name: '赵钱孙李', residentId: ID, socialInsuranceNo: null }]);
    expect(e.residentIds).toEqual([ID]);
  });

  it('keeps two people of the same name apart and merges a repeated one', () => {
    const e = extractFields(`姓名 张三 身份证号 ${ID}\n姓名 张三 身份证号 ${ID_X}\n申请人：张三`);
    expect(e.persons.map((p) => p.residentId)).toEqual([ID, ID_X]);
  });

  it('pairs each 姓名 with the nearest labelled ID, wherever it is', () => {
    const other = `44052418800101001${residentIdCheckChar('44052418800101001')}`;
    const e = extractFields(`身份证号 ${ID}\n姓名 张三\n姓名 李四\n身份证号 ${other}`);
    expect(e.persons.map((p) => [p.name, p.residentId])).toEqual([
      ['张三', ID],
      ['李四', other],
    ]);
  });

  it('stops a name at the next label or whitespace and rejects what is not a name', () => {
    const e = extractFields(
      '姓名张三性别男\n申请人（签字）：\n由申请人填写\n经办人 签字\n复核人：欧阳娜娜 2015',
    );
    expect(e.persons.map((p) => p.name)).toEqual(['张三']);
    expect(e.handlers).toEqual([{ role: '复核人', name: '欧阳娜娜' }]);
  });

  it('reads unit names to their usual ending, not titles that start with a unit label', () => {
    const e = extractFields(
      '参保单位基本信息核定表\n用人单位重庆市江北区人民医院\n单位名称：重庆 山城 机械有限公司  张三',
    );
    expect(e.units.map((u) => u.name)).toEqual(['重庆市江北区人民医院', '重庆山城机械有限公司']);
  });

  it('gives a lone credit code to the lone unit and 社会保险编码 to the nearer party', () => {
    const e = extractFields(
      `单位名称 重庆某某厂\n社会保险编码 5001001\n${USCC}\n\n\n姓名 张三\n社保编码 8800123`,
    );
    expect(e.units).toEqual([{ name: '重庆某某厂', creditCode: USCC, socialInsuranceCode: '5001001' }]);
    expect(e.persons).toEqual([{ name: '张三', residentId: null, socialInsuranceNo: '8800123' }]);
  });

  it('reads dates in every usual form and rejects impossible ones', () => {
    const text =
      '申请日期 20151231\n填表日期：2015/1/2\n受理日期 2015年2月30日\n日期：2015-13-01\n' +
      '出生日期 1990-01-01\n参保日期：2001年1月1日\n2016 年 1 月 5 日\n金额 2016.01.07';
    expect(extractFields(text).dates).toEqual([
      { label: '申请日期', date: '20151231' },
      { label: '填表日期', date: '20150102' },
      { label: '', date: '20160105' },
      { label: '', date: '20160107' },
    ]);
  });

  it('takes the first title-like line near the top, skipping labelled lines', () => {
    expect(extractFields('重庆市社会保险局\n备注 见附表\n失业保险待遇申领表\n核定表').title).toBe(
      '失业保险待遇申领表',
    );
    expect(extractFields('XX局 社会保险稽核案件转办（督办）函').title).toBe('社会保险稽核案件转办(督办)函');
    expect(extractFields('填表说明：请用黑色笔\n社会保险登记表  编号：123').title).toBe('社会保险登记表');
    expect(extractFields('姓名 张三\n身份证号码 无').title).toBeNull();
  });
});

describe('extractFields never throws', () => {
  it('returns an empty extraction for empty or non-string input', () => {
    const empty = extractFields('');
    expect(empty).toEqual({
      title: null,
      persons: [],
      units: [],
      handlers: [],
      dates: [],
      residentIds: [],
      creditCodes: [],
    });
    expect(extractFields(undefined as unknown as string)).toEqual(empty);
    expect(extractFields(42 as unknown as string)).toEqual(empty);
  });

  it('survives random text built from the characters forms are made of', () => {
    let seed = 5;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = [
      ...'姓名经办人日期年月日表单：: \n\t|lIOo0123456789Xx-./（）()',
      '身份证号',
      '单位名称',
      '\u0000',
      '😀',
    ];
    for (let i = 0; i < 400; i++) {
      const text = Array.from(
        { length: Math.floor(rnd() * 300) },
        () => pieces[Math.floor(rnd() * pieces.length)],
      ).join('');
      const e = extractFields(text);
      expect(Array.isArray(e.persons) && Array.isArray(e.dates)).toBe(true);
      for (const d of e.dates) expect(d.date).toMatch(/^\d{8}$/);
    }
  });

  it('is quick on long hostile input', () => {
    const start = performance.now();
    extractFields('1'.repeat(100_000));
    extractFields('姓名'.repeat(20_000));
    extractFields(`${'l0'.repeat(30_000)}\n${'日期：'.repeat(10_000)}`);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
