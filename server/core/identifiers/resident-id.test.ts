import {
  findResidentIds,
  isResidentId,
  maskResidentId,
  parseResidentId,
  residentIdCheckChar,
  upgradeLegacyResidentId,
} from './resident-id';

// Both examples are printed in GB 11643-1999 itself.
const STD_X = '11010519491231002X';
const STD_1880 = '440524188001010014';
// Chongqing 涪陵区, 1990-01-01, sequence 451 (male); check char is 7.
const CQ = '500102199001014517';

describe('residentIdCheckChar', () => {
  it('computes MOD 11-2 check characters for known IDs', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(residentIdCheckChar('50010219900101451')).toBe('7');
  });

  it('satisfies the ISO 7064 MOD 11-2 definition for all eleven check characters', () => {
    // Definition: sum of a_i * 2^(18-i) over all 18 positions (X = 10) is ≡ 1 (mod 11).
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) {
      const first17 = `50010219900101${String(seq).padStart(3, '0')}`;
      const check = residentIdCheckChar(first17);
      const digits = [...first17].map(Number).concat(check === 'X' ? 10 : Number(check));
      const sum = digits.reduce((acc, d, i) => acc + d * 2 ** (17 - i), 0);
      expect(sum % 11).toBe(1);
      seen.add(check);
    }
    expect([...seen].sort()).toEqual([...'0123456789X']);
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError);
    expect(() => residentIdCheckChar('1101051949123100X')).toThrow(RangeError);
  });
});

describe('parseResidentId', () => {
  it('decodes a valid 18-digit ID', () => {
    expect(parseResidentId(CQ)).toEqual({
      ok: true,
      value: CQ,
      legacy: false,
      birthDate: '1990-01-01',
      sex: 'M',
      regionCode: '500102',
    });
  });

  it('accepts an X check character, lower-case x, and surrounding whitespace', () => {
    const upper = parseResidentId(STD_X);
    expect(upper).toMatchObject({ ok: true, value: STD_X, sex: 'F', birthDate: '1949-12-31' });
    const lower = parseResidentId('  11010519491231002x\t');
    expect(lower).toMatchObject({ ok: true, value: STD_X });
  });

  it('accepts birth years before 1900', () => {
    expect(parseResidentId(STD_1880)).toMatchObject({ ok: true, birthDate: '1880-01-01', sex: 'M' });
  });

  it('rejects a wrong check digit', () => {
    expect(parseResidentId('500102199001014518')).toEqual({ ok: false, reason: 'checksum' });
    expect(parseResidentId('110105194912310020')).toEqual({ ok: false, reason: 'checksum' });
    expect(parseResidentId('44052418800101001X')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects impossible dates even with a correct check character', () => {
    for (const date of ['19900230', '20230229', '19901301', '19900100', '17991231']) {
      const first17 = `500102${date}451`;
      const id = first17 + residentIdCheckChar(first17);
      expect(parseResidentId(id)).toEqual({ ok: false, reason: 'birth_date' });
    }
  });

  it('accepts leap days in leap years', () => {
    for (const date of ['20240229', '20000229']) {
      const first17 = `500102${date}452`;
      const parsed = parseResidentId(first17 + residentIdCheckChar(first17));
      expect(parsed).toMatchObject({ ok: true, sex: 'F' });
    }
  });

  it('rejects malformed input', () => {
    for (const bad of [
      '',
      '50010219900101451',
      '5001021990010145171',
      '50010219900101451Y',
      '0001021990010145',
      'X00102199001014517',
      '500102 199001014517',
    ]) {
      expect(parseResidentId(bad)).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('decodes a legacy 15-digit ID as a 19xx birth date', () => {
    expect(parseResidentId('500102900101452')).toEqual({
      ok: true,
      value: '500102900101452',
      legacy: true,
      birthDate: '1990-01-01',
      sex: 'F',
      regionCode: '500102',
    });
  });

  it('validates the legacy birth date (1900 was not a leap year)', () => {
    expect(parseResidentId('500102000229451')).toEqual({ ok: false, reason: 'birth_date' });
    expect(parseResidentId('500102960229451')).toMatchObject({ ok: true, birthDate: '1996-02-29' });
  });
});

describe('isResidentId / upgradeLegacyResidentId', () => {
  it('accepts only normalised valid IDs', () => {
    expect(isResidentId(CQ)).toBe(true);
    expect(isResidentId('500102900101451')).toBe(true);
    expect(isResidentId('11010519491231002x')).toBe(false);
    expect(isResidentId(` ${CQ}`)).toBe(false);
    expect(isResidentId('500102199001014518')).toBe(false);
  });

  it('upgrades a legacy ID to 18 digits', () => {
    expect(upgradeLegacyResidentId('500102900101451')).toBe(CQ);
    expect(upgradeLegacyResidentId(CQ)).toBeUndefined();
    expect(upgradeLegacyResidentId('500102000229451')).toBeUndefined();
  });
});

describe('maskResidentId', () => {
  it('keeps the first 6 and last 4 of an 18-character ID', () => {
    expect(maskResidentId('500102199001014518')).toBe('500102********4518');
    expect(maskResidentId(' 11010519491231002x ')).toBe('110105********002X');
  });

  it('keeps the first 6 and last 3 of a 15-digit ID', () => {
    expect(maskResidentId('500102900101451')).toBe('500102******451');
  });

  it('masks everything for other lengths', () => {
    expect(maskResidentId('12345')).toBe('*****');
    expect(maskResidentId('')).toBe('');
  });
});

describe('findResidentIds', () => {
  it('finds IDs surrounded by Chinese text and punctuation', () => {
    const text = `参保人：张三，公民身份号码${CQ}；配偶身份证号:${STD_X.toLowerCase()}。`;
    expect(findResidentIds(text)).toEqual([CQ, STD_X]);
  });

  it('tolerates single spaces, full-width digits and ideographic spaces from OCR', () => {
    expect(findResidentIds('身份证 500102 19900101 4517 号')).toEqual([CQ]);
    expect(findResidentIds('号码：１１０１０５１９４９１２３１００２Ｘ')).toEqual([STD_X]);
    expect(findResidentIds('证号\u3000500102\u300019900101\u30004517')).toEqual([CQ]);
  });

  it('does not match inside longer digit runs', () => {
    expect(findResidentIds(`流水号${CQ}1`)).toEqual([]);
    expect(findResidentIds(`流水号9${CQ}`)).toEqual([]);
    expect(findResidentIds(`${CQ}X`)).toEqual([]);
  });

  it('never lets two IDs share digits', () => {
    const overlapping = `45171219850615123${residentIdCheckChar('45171219850615123')}`;
    expect(findResidentIds(`号码 ${overlapping.slice(0, 4)} ${overlapping.slice(4)}`)).toEqual([overlapping]);
    // The same last four digits also complete the spaced CQ ID that starts earlier; first match wins.
    expect(findResidentIds(`500102 19900101 4517 ${overlapping.slice(4)}`)).toEqual([CQ]);
  });

  it('skips checksum failures and impossible dates', () => {
    expect(findResidentIds('身份证号 500102199001014518')).toEqual([]);
    expect(findResidentIds('单号 500102199002304513 500102199002304514')).toEqual([]);
  });

  it('finds legacy 15-digit IDs only after a label', () => {
    expect(findResidentIds('身份证号：500102900101451')).toEqual(['500102900101451']);
    expect(findResidentIds('公民身份号码 (旧) 500102900101452')).toEqual(['500102900101452']);
    expect(findResidentIds('电话 500102900101451')).toEqual([]);
    expect(findResidentIds('身份证号：5001029001014510')).toEqual([]);
  });

  it('returns distinct IDs in order of appearance, mixing forms', () => {
    const text = `${STD_1880} 身份证:500102900101451 ${CQ} 复印件 ${STD_1880}`;
    expect(findResidentIds(text)).toEqual([STD_1880, '500102900101451', CQ]);
  });
});
