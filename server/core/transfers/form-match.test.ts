import { approxIncludes, containsForm, normaliseForMatch } from './form-match';

describe('finding a form title in OCR text', () => {
  it('normalises spaces, punctuation, full-width characters and 账/帐', () => {
    expect(normaliseForMatch('《在职职工 增员申报表》（一）')).toBe('在职职工增员申报表一');
    expect(normaliseForMatch('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseForMatch('个人账户对账单')).toBe('个人帐户对帐单');
  });

  it('finds a title exactly, across line breaks and spaces', () => {
    const text = normaliseForMatch('重庆市社会保险\n在职职工 增员\n申报表\n单位名称：……');
    expect(containsForm(text, '在职职工增员申报表')).toBe(true);
  });

  it('tolerates one OCR error per six characters and no more', () => {
    // 新增参保人员信息核对表 (11 characters): one error allowed.
    expect(containsForm(normaliseForMatch('新增参保人贝信息核对表'), '新增参保人员信息核对表')).toBe(true);
    expect(containsForm(normaliseForMatch('新增参保人信息核对表'), '新增参保人员信息核对表')).toBe(true);
    expect(containsForm(normaliseForMatch('新增参保人贝信息核刈表'), '新增参保人员信息核对表')).toBe(false);
    // 单位申请函 (5 characters): exact only.
    expect(containsForm(normaliseForMatch('单位申请画'), '单位申请函')).toBe(false);
  });

  it('does not find a title that is absent', () => {
    expect(containsForm(normaliseForMatch('养老保险待遇申领表'), '养老保险待遇核定表')).toBe(false);
    expect(approxIncludes('abc', '', 0)).toBe(true);
    expect(approxIncludes('', 'abc', 1)).toBe(false);
  });
});
