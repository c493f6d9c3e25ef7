import {
  DEFAULT_ARCHIVAL_CODE_TEMPLATE,
  archivalCodeGroup,
  renderArchivalCode,
  validateArchivalCodeTemplate,
} from './archival-code';

const fields = {
  fondsCode: '160',
  year: 2013,
  classCode: 'GL',
  retention: 'D100',
  insuranceType: 'YL',
  businessStep: 'DJ-01',
};

describe('档号 template', () => {
  it('renders the sources example with the default template', () => {
    expect(renderArchivalCode(DEFAULT_ARCHIVAL_CODE_TEMPLATE, fields, 1)).toBe('160-2013-GL-D100-0001');
    expect(renderArchivalCode(DEFAULT_ARCHIVAL_CODE_TEMPLATE, fields, 123)).toBe('160-2013-GL-D100-0123');
  });

  it('groups by every field but the item number', () => {
    expect(archivalCodeGroup(DEFAULT_ARCHIVAL_CODE_TEMPLATE, fields)).toBe('160-2013-GL-D100-#');
    expect(archivalCodeGroup(DEFAULT_ARCHIVAL_CODE_TEMPLATE, { ...fields, retention: 'D10' })).not.toBe(
      archivalCodeGroup(DEFAULT_ARCHIVAL_CODE_TEMPLATE, fields),
    );
  });

  it('supports other orders and separators', () => {
    const t = '{全宗号}·{年度}·{险种代码}·{类别代码}·{件号:5}';
    validateArchivalCodeTemplate(t);
    expect(renderArchivalCode(t, fields, 7)).toBe('160·2013·YL·GL·00007');
  });

  it('refuses numbers that overflow the width', () => {
    expect(() => renderArchivalCode(DEFAULT_ARCHIVAL_CODE_TEMPLATE, fields, 10000)).toThrow(
      expect.objectContaining({ code: 'archival_code.exhausted' }),
    );
    expect(() => renderArchivalCode(DEFAULT_ARCHIVAL_CODE_TEMPLATE, fields, 0)).toThrow();
  });

  it('refuses bad templates', () => {
    for (const t of [
      '{全宗号}-{年度}',
      '{全宗号}-{件号:4}-{件号:4}',
      '{全宗号}-{密级}-{件号:4}',
      '{全宗号-{件号:4}',
      '{件号:0}',
      '{件号:9}',
    ]) {
      expect(() => validateArchivalCodeTemplate(t)).toThrow(
        expect.objectContaining({ code: 'archival_code.bad_template' }),
      );
    }
  });
});
