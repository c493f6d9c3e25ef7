import { invalid } from '../shared/errors';

/**
 * 档号 templates. Placeholders: {全宗号} {年度} {类别代码} {保管期限代码} {险种代码} {业务环节代码} and
 * {件号:N} (the item number, zero-padded to N digits). Every other character is literal.
 * The default follows the sources' example `160-2013-GL-D100-0001`.
 */
export const DEFAULT_ARCHIVAL_CODE_TEMPLATE = '{全宗号}-{年度}-{类别代码}-{保管期限代码}-{件号:4}';

export interface ArchivalCodeFields {
  fondsCode: string;
  year: number;
  classCode: string;
  retention: string;
  insuranceType: string;
  businessStep: string;
}

const FIELD_OF: Record<string, keyof ArchivalCodeFields> = {
  全宗号: 'fondsCode',
  年度: 'year',
  类别代码: 'classCode',
  保管期限代码: 'retention',
  险种代码: 'insuranceType',
  业务环节代码: 'businessStep',
};

const PLACEHOLDER = /\{([^{}:]+)(?::(\d+))?\}/g;

/** Checks a template: known placeholders only, exactly one {件号:N} with 1 ≤ N ≤ 8. */
export function validateArchivalCodeTemplate(template: string): void {
  let itemNumbers = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (name === '件号') {
      itemNumbers++;
      const width = Number(m[2] ?? '0');
      if (!(width >= 1 && width <= 8))
        throw invalid('archival_code.bad_template', '{件号:N} needs a width N between 1 and 8.');
    } else if (!(name in FIELD_OF)) {
      throw invalid('archival_code.bad_template', `Unknown placeholder {${name}} in the 档号 template.`, {
        placeholder: name,
      });
    }
  }
  if (itemNumbers !== 1)
    throw invalid('archival_code.bad_template', 'The 档号 template must contain {件号:N} exactly once.');
  if (/[{}]/.test(template.replace(PLACEHOLDER, '')))
    throw invalid('archival_code.bad_template', 'Unbalanced braces in the 档号 template.');
}

function render(template: string, fields: ArchivalCodeFields, itemNumber: string): string {
  return template.replace(PLACEHOLDER, (_all, name: string) => {
    if (name === '件号') return itemNumber;
    const key = FIELD_OF[name];
    return key ? String(fields[key]) : '';
  });
}

/**
 * The numbering group: the code with the item number left out. Item numbers are unique and gap-free
 * within a group (e.g. every `160-2013-GL-D100-…`).
 */
export function archivalCodeGroup(template: string, fields: ArchivalCodeFields): string {
  return render(template, fields, '#');
}

/** The full 档号 for item number `n` (1-based). Refuses numbers wider than the template allows. */
export function renderArchivalCode(template: string, fields: ArchivalCodeFields, n: number): string {
  const width = Number(/\{件号:(\d+)\}/.exec(template)?.[1] ?? '4');
  const digits = String(n);
  if (!Number.isInteger(n) || n < 1 || digits.length > width) {
    throw invalid(
      'archival_code.exhausted',
      `Item number ${n} does not fit the ${width}-digit 件号 of the template.`,
    );
  }
  return render(template, fields, digits.padStart(width, '0'));
}
