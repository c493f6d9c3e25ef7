import {
  USCC_ALPHABET,
  findUnifiedCreditCodes,
  isUnifiedCreditCode,
  organizationCodeCheckChar,
  parseUnifiedCreditCode,
  unifiedCreditCodeCheckChar,
} from './unified-credit-code';

/** Real, published codes (check characters verified independently). */
const REAL_CODES = [
  '91350100M000100Y43', // widely cited GB 32100 example (福州)
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '9144030071526726XG', // 腾讯科技（深圳）有限公司 — org code check char X
  '914403001922038216', // 华为技术有限公司
  '91110000802100433B', // 北京百度网讯科技有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91330100799655058B', // 阿里巴巴（中国）有限公司
  '112302070019030687', // 机构编制 / 事业单位 (dept 1, type 1)
  '51610700305332460K', // 民政 / 社会团体 (dept 5)
];

describe('USCC_ALPHABET', () => {
  it('has 31 characters and excludes I, O, Z, S, V', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const c of 'IOZSV') expect(USCC_ALPHABET).not.toContain(c);
  });
});

describe('unifiedCreditCodeCheckChar', () => {
  it.each(REAL_CODES)('reproduces the check character of %s', (code) => {
    expect(unifiedCreditCodeCheckChar(code.slice(0, 17))).toBe(code.charAt(17));
  });

  it('maps a remainder of 0 to check character 0, not 31', () => {
    // 17 zeros: weighted sum 0 → 31 - 0 = 31 → '0'.
    expect(unifiedCreditCodeCheckChar('0'.repeat(17))).toBe('0');
  });

  it('rejects bad input', () => {
    expect(() => unifiedCreditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => unifiedCreditCodeCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});

describe('organizationCodeCheckChar', () => {
  it('reproduces the GB 11714 check char embedded in real codes', () => {
    for (const code of REAL_CODES) {
      expect(organizationCodeCheckChar(code.slice(8, 16))).toBe(code.charAt(16));
    }
  });
});

describe('parseUnifiedCreditCode', () => {
  it.each(REAL_CODES)('accepts %s', (code) => {
    expect(parseUnifiedCreditCode(code)).toMatchObject({ ok: true, value: code });
  });

  it('splits a code into its parts', () => {
    expect(parseUnifiedCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      departmentCode: '9',
      typeCode: '1',
      regionCode: '350100',
      organizationCode: 'M000100Y4',
    });
  });

  it('trims and upper-cases', () => {
    expect(parseUnifiedCreditCode('  9144030071526726xg\n')).toMatchObject({
      ok: true,
      value: '9144030071526726XG',
    });
  });

  it('rejects a wrong check character', () => {
    expect(parseUnifiedCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'checksum' });
    expect(parseUnifiedCreditCode('914403001922038217')).toEqual({ ok: false, reason: 'checksum' });
    // transposed digits in the organisation code
    expect(parseUnifiedCreditCode('91440300078461136T')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects letters outside the alphabet', () => {
    for (const bad of [
      '91350100M000100Y4I',
      '91350100O000100Y43',
      '9135010ZM000100Y43',
      '91350100M00010SY43',
      '91350100M000100V43',
      '91350100M000-00Y43',
    ]) {
      expect(parseUnifiedCreditCode(bad)).toEqual({ ok: false, reason: 'illegal_char' });
    }
  });

  it('rejects wrong lengths and a non-numeric region code', () => {
    expect(parseUnifiedCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'format' });
    expect(parseUnifiedCreditCode('91350100M000100Y431')).toEqual({ ok: false, reason: 'format' });
    expect(parseUnifiedCreditCode('')).toEqual({ ok: false, reason: 'format' });
    const first17 = '913501A0M000100Y4';
    expect(parseUnifiedCreditCode(first17 + unifiedCreditCodeCheckChar(first17))).toEqual({
      ok: false,
      reason: 'format',
    });
  });
});

describe('isUnifiedCreditCode', () => {
  it('accepts only normalised valid codes', () => {
    expect(isUnifiedCreditCode('91110108551385082Q')).toBe(true);
    expect(isUnifiedCreditCode('91110108551385082q')).toBe(false);
    expect(isUnifiedCreditCode('91110108551385082R')).toBe(false);
  });
});

describe('findUnifiedCreditCodes', () => {
  it('finds codes in Chinese text and ignores invalid ones', () => {
    const text =
      '单位名称：华为技术有限公司 统一社会信用代码：914403001922038216；另见(91350100M000100Y44)与91350100M000100Y43。';
    expect(findUnifiedCreditCodes(text)).toEqual(['914403001922038216', '91350100M000100Y43']);
  });

  it('normalises full-width characters and de-duplicates', () => {
    const text = '代码 ９１１１０１０８５５１３８５０８２Ｑ 复核 91110108551385082Q';
    expect(findUnifiedCreditCodes(text)).toEqual(['91110108551385082Q']);
  });

  it('does not match inside longer alphanumeric runs', () => {
    expect(findUnifiedCreditCodes('A91350100M000100Y43')).toEqual([]);
    expect(findUnifiedCreditCodes('91350100M000100Y430')).toEqual([]);
    expect(findUnifiedCreditCodes('991350100M000100Y43')).toEqual([]);
  });
});
