import QRCode from 'qrcode';
import { A4 } from '../../server/core/ingest/form-layout';
import type { SeparatorSheet } from '../../server/core/ingest/ingest-ports';
import type { Drawable } from './layout-drawing';
import { textWidth } from './project-font';

/** Side of the QR code on the sheet, in millimetres (a phone or a 150-dpi scan reads it at a glance). */
export const SEPARATOR_QR_MM = 60;

const MARGIN = 20;
const QR_TOP = 62;
/** Font sizes in millimetres. */
const SIZE = { heading: 16, caption: 9, hint: 4.2 } as const;

/**
 * Lays out a separator sheet (分隔页) on A4: the heading, a rule, the QR code of `sheet.code` centred,
 * the caption lines in large text (shrunk to fit the width) and, at the foot, a dashed line with the hint
 * of where the sheet goes in the stack.
 */
export function layoutSeparator(sheet: SeparatorSheet): Drawable[] {
  const centre = A4.width / 2;
  const room = A4.width - 2 * MARGIN;
  const elements: Drawable[] = [
    { kind: 'text', x: centre, y: 38, size: SIZE.heading, text: '分隔页', bold: true, align: 'center' },
    { kind: 'line', x1: MARGIN, y1: 48, x2: A4.width - MARGIN, y2: 48, width: 0.8 },
    qrModules(sheet.code, centre - SEPARATOR_QR_MM / 2, QR_TOP, SEPARATOR_QR_MM),
  ];
  let y = QR_TOP + SEPARATOR_QR_MM + 22;
  for (const line of sheet.caption) {
    if (!line.trim()) continue;
    const natural = textWidth(line, SIZE.caption, 'bold');
    const size = natural > room ? (SIZE.caption * room) / natural : SIZE.caption;
    elements.push({ kind: 'text', x: centre, y, size, text: line, bold: true, align: 'center' });
    y += Math.max(size * 1.6, 8);
  }
  const foot = A4.height - 32;
  elements.push(
    { kind: 'dash', x1: MARGIN, y1: foot, x2: A4.width - MARGIN, y2: foot, width: 0.3, dash: 2.5 },
    {
      kind: 'text',
      x: centre,
      y: foot + 9,
      size: SIZE.hint,
      text: '请将本页插在该笔业务材料的第一页之前，随材料一起扫描；本页不归档。',
      bold: false,
      align: 'center',
    },
    {
      kind: 'text',
      x: centre,
      y: foot + 16,
      size: SIZE.hint * 0.8,
      text: '社保业务档案系统生成 · 请勿折叠或遮挡二维码',
      bold: false,
      align: 'center',
    },
  );
  return elements;
}

/** The QR code's dark modules (error correction M) as one rectangle per horizontal run. */
export function qrModules(code: string, x: number, y: number, side: number): Drawable {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const cell = side / n;
  const rects: [number, number, number, number][] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      // Edges rounded once, so that neighbouring runs meet exactly.
      const left = round(x + start * cell);
      const top = round(y + row * cell);
      rects.push([left, top, round(round(x + col * cell) - left), round(round(y + (row + 1) * cell) - top)]);
    }
  }
  return { kind: 'rects', rects };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
