/**
 * The layout of a social-insurance form (登记表, 核定表, 申报表 …) as drawing instructions in millimetres
 * on an A4 page, origin top-left. Pure: the PDF renderer draws it with pdf-lib, the fixture generator draws
 * it as an image, so a generated form and a scan of the same form look alike.
 */

export const A4 = { width: 210, height: 297 } as const;

export interface FormField {
  label: string;
  value: string;
}

/** What goes on a form: who issued it, its title, the field table and the signature line. */
export interface FormContent {
  agency: string;
  title: string;
  /** 业务编号 or similar, printed under the title. */
  reference?: string;
  fields: FormField[];
  /** 经办人, 复核人, 经办日期, 办结日期 … printed below the table. */
  signatures: FormField[];
}

export type LayoutElement =
  | {
      kind: 'text';
      x: number;
      y: number;
      size: number;
      text: string;
      bold: boolean;
      align: 'left' | 'center';
    }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number };

export interface FormLayout {
  width: number;
  height: number;
  /** The form's words in reading order (the generated form's text layer and search text). */
  text: string;
  elements: LayoutElement[];
}

const MARGIN = 18;
const ROW = 11;
const LABEL_WIDTH = 35;
/** Font sizes in millimetres (cap height ≈ 0.7 × size). */
const SIZE = { agency: 4.2, title: 7, body: 3.9 } as const;

/** Lays out a form: title, then a ruled two-column table of label/value cells, then the signatures. */
export function layoutForm(form: FormContent): FormLayout {
  const elements: LayoutElement[] = [];
  const text: string[] = [form.agency, form.title];
  const centre = A4.width / 2;
  elements.push({
    kind: 'text',
    x: centre,
    y: 24,
    size: SIZE.agency,
    text: form.agency,
    bold: false,
    align: 'center',
  });
  elements.push({
    kind: 'text',
    x: centre,
    y: 38,
    size: SIZE.title,
    text: form.title,
    bold: true,
    align: 'center',
  });
  let y = 48;
  if (form.reference) {
    elements.push({
      kind: 'text',
      x: MARGIN,
      y,
      size: SIZE.body,
      text: form.reference,
      bold: false,
      align: 'left',
    });
    text.push(form.reference);
    y += 5;
  }
  const left = MARGIN;
  const right = A4.width - MARGIN;
  const half = (right - left) / 2;
  const rows = chunk(form.fields, 2);
  for (const row of rows) {
    elements.push(hline(left, right, y));
    // Cell borders: a row with one field spans the table (no middle rules through it).
    const xs =
      row.length === 1
        ? [left, left + LABEL_WIDTH, right]
        : [left, left + LABEL_WIDTH, left + half, left + half + LABEL_WIDTH, right];
    for (const x of xs) elements.push({ kind: 'line', x1: x, y1: y, x2: x, y2: y + ROW, width: 0.35 });
    row.forEach((field, i) => {
      const x = left + i * half;
      const wide = row.length === 1;
      elements.push(cellText(x + 2, y + ROW * 0.65, field.label));
      elements.push(cellText(x + LABEL_WIDTH + 2, y + ROW * 0.65, fit(field.value, wide ? 2 * half : half)));
      text.push(`${field.label} ${field.value}`);
    });
    y += ROW;
  }
  elements.push(hline(left, right, y));
  y += 14;
  const perLine = 2;
  for (const pair of chunk(form.signatures, perLine)) {
    pair.forEach((s, i) => {
      elements.push(cellText(left + i * half, y, `${s.label}：${s.value}`));
      text.push(`${s.label}：${s.value}`);
    });
    y += 9;
  }
  return { width: A4.width, height: A4.height, text: text.join('\n'), elements };
}

function cellText(x: number, y: number, text: string): LayoutElement {
  return { kind: 'text', x, y, size: SIZE.body, text, bold: false, align: 'left' };
}

function hline(x1: number, x2: number, y: number): LayoutElement {
  return { kind: 'line', x1, y1: y, x2, y2: y, width: 0.35 };
}

/** Shortens a value that would overflow its cell (a CJK character is about one font size wide). */
function fit(value: string, cellWidth: number): string {
  // A CJK glyph is one em wide, Latin digits and letters about half of one.
  const room = Math.floor((cellWidth - LABEL_WIDTH - 4) / SIZE.body);
  let width = 0;
  let out = '';
  for (const ch of value) {
    width += ch.charCodeAt(0) < 0x100 ? 0.55 : 1;
    if (width > room) return `${out}…`;
    out += ch;
  }
  return out;
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
