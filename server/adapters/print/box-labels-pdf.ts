import { PDFDocument } from 'pdf-lib';
import type { BoxLabel } from '../../core/documents/printer.port';
import { drawOnPdfPage, type Drawable } from '../../../ingest/adapters/layout-drawing';
import { embedProjectFont, MM } from '../../../ingest/adapters/pdf-fonts';
import { textWidth } from '../../../ingest/adapters/project-font';
import { qrModules } from '../../../ingest/adapters/separator-layout';

/**
 * 档案盒 cover (封面) and spine (盒脊) labels, one A4 page each per box, drawn from the box type's size:
 *
 * - the cover is the box's face (宽 × 长), scaled down to fit A4 when it is larger (310×220 mm is);
 * - the spine is exactly as wide as the box is thick, and as tall as the box — or, for boxes taller than
 *   an A4 page can print (both of the sources' types are), as tall as the page allows, centred on the box.
 *
 * Both carry 全宗号、年度、类别、保管期限、起止件号、盒号 and the agency [001:296]; the cover also carries a QR
 * code of the link that opens the box in the system (and the spine too when it is at least 30 mm thick).
 * Millimetres, origin top-left, drawn with the same primitives as generated forms and separator sheets.
 */
const A4 = { width: 210, height: 297 } as const;
const MARGIN = 8;
/** Room under the label for its caption (what it is, at what scale). */
const CAPTION = 12;
const AREA = { width: A4.width - 2 * MARGIN, height: A4.height - 2 * MARGIN - CAPTION };

type Weight = 'regular' | 'bold';

/** The largest size ≤ `max` (mm) at which `text` fits `width`. */
function fitSize(text: string, width: number, max: number, weight: Weight = 'regular'): number {
  const natural = textWidth(text, max, weight);
  return natural <= width ? max : (max * width) / natural;
}

function text(x: number, y: number, size: number, value: string, bold = false): Drawable {
  return { kind: 'text', x, y, size, text: value, bold, align: 'center' };
}

function line(x1: number, y1: number, x2: number, y2: number, width = 0.3): Drawable {
  return { kind: 'line', x1, y1, x2, y2, width };
}

function frame(x: number, y: number, w: number, h: number, width = 0.4): Drawable[] {
  return [
    line(x, y, x + w, y, width),
    line(x + w, y, x + w, y + h, width),
    line(x + w, y + h, x, y + h, width),
    line(x, y + h, x, y, width),
  ];
}

/**
 * `value` centred in a cell on one line, or on two (split before a bracket, or in the middle) when one
 * line would be smaller than `min` and two lines are larger (long class names, 起止件号 on a thin spine).
 */
function centredValue(
  value: string,
  cx: number,
  top: number,
  w: number,
  h: number,
  max: number,
  min: number,
): Drawable[] {
  const one = Math.min(fitSize(value, w, max, 'bold'), h * 0.7);
  const cut = splitPoint(value);
  const lines = [value.slice(0, cut), value.slice(cut)];
  const two = value.length >= 4 ? Math.min(...lines.map((l) => fitSize(l, w, max, 'bold')), h * 0.4) : 0;
  if (one >= min || one >= two) return [text(cx, top + h / 2 + one * 0.36, one, value, true)];
  return lines.map((l, i) => text(cx, top + h / 2 + (i - 0.5) * two * 1.2 + two * 0.36, two, l, true));
}

/** Where to break a label in two: before a bracket if there is one, else in the middle. */
function splitPoint(value: string): number {
  const bracket = value.search(/[（(]/);
  if (bracket > 0) return bracket;
  const dash = value.indexOf('-');
  return dash > 0 ? dash + 1 : Math.ceil(value.length / 2);
}

/** Characters stacked top to bottom (竖排), centred on `cx`, filling `h` at most. */
function vertical(value: string, cx: number, top: number, h: number, maxSize: number): Drawable[] {
  const chars = [...value.replace(/\s+/g, '')];
  const size = Math.min(maxSize, h / (chars.length * 1.08));
  const used = chars.length * size * 1.08;
  const start = top + (h - used) / 2;
  return chars.map((c, i) => text(cx, start + (i + 0.86) * size * 1.08, size, c, true));
}

function fields(label: BoxLabel): [string, string][] {
  return [
    ['全宗号', label.fondsCode],
    ['年度', String(label.year)],
    ['类别', label.classLabel],
    ['保管期限', label.retentionLabel],
    ['起止件号', label.itemRange || '—'],
    ['盒号', label.boxNumber],
  ];
}

/** The cover: the face scaled to fit the page, agency, heading, the six fields, the QR code. */
export function coverLayout(label: BoxLabel): { elements: Drawable[]; scale: number } {
  const W = label.widthMm;
  const H = label.heightMm;
  const s = Math.min(1, AREA.width / W, AREA.height / H);
  const w = W * s;
  const h = H * s;
  const x0 = (A4.width - w) / 2;
  const y0 = MARGIN + (AREA.height - h) / 2;
  const unit = Math.min(W / 220, H / 310) * s;
  const els: Drawable[] = [...frame(x0, y0, w, h, 0.5)];
  const cx = x0 + w / 2;
  const inner = w * 0.84;
  const agencySize = fitSize(label.agency, inner, 9 * unit, 'bold');
  els.push(text(cx, y0 + h * 0.09 + agencySize * 0.36, agencySize, label.agency, true));
  const heading = '社会保险业务档案';
  const headingSize = fitSize(heading, inner, 11 * unit, 'bold');
  els.push(text(cx, y0 + h * 0.17 + headingSize * 0.36, headingSize, heading, true));
  // The field table: label column and value column, six rows.
  const tx = x0 + w * 0.1;
  const tw = w * 0.8;
  const lw = tw * 0.3;
  const top = y0 + h * 0.24;
  const rowH = (h * 0.44) / 6;
  els.push(...frame(tx, top, tw, rowH * 6, 0.4), line(tx + lw, top, tx + lw, top + rowH * 6, 0.3));
  fields(label).forEach(([name, value], i) => {
    const y = top + i * rowH;
    if (i > 0) els.push(line(tx, y, tx + tw, y, 0.3));
    const ls = Math.min(fitSize(name, lw * 0.8, 5.5 * unit), rowH * 0.45);
    els.push(text(tx + lw / 2, y + rowH / 2 + ls * 0.36, ls, name));
    els.push(...centredValue(value, tx + lw + (tw - lw) / 2, y, (tw - lw) * 0.9, rowH, 7 * unit, 3.2 * unit));
  });
  // QR code: the link that opens the box; a quiet zone of white around it.
  const side = Math.min(w * 0.2, h * 0.16);
  const qy = y0 + h * 0.74;
  els.push(qrModules(label.qrText, cx - side / 2, qy, side));
  const hint = '扫码查看本盒档案';
  els.push(text(cx, qy + side + 6 * unit, Math.min(3.6 * unit, fitSize(hint, inner, 3.6 * unit)), hint));
  return { elements: els, scale: s };
}

/** The spine: as wide as the box is thick, as tall as the box or the printable page. */
export function spineLayout(label: BoxLabel): { elements: Drawable[]; heightMm: number } {
  const T = Math.min(label.thicknessMm, AREA.width);
  const h = Math.min(label.heightMm, AREA.height);
  const x0 = (A4.width - T) / 2;
  const y0 = MARGIN + (AREA.height - h) / 2;
  const cx = x0 + T / 2;
  const inner = T * 0.84;
  const els: Drawable[] = [...frame(x0, y0, T, h, 0.5)];
  const withQr = T >= 30;
  const agencyBand = h * 0.3;
  const qrBand = withQr ? Math.min(T - 10, 28) + 10 : 0;
  const fieldTop = y0 + agencyBand;
  const cellH = (h - agencyBand - qrBand) / 6;
  els.push(...vertical(label.agency, cx, y0 + 4, agencyBand - 8, Math.min(T * 0.45, 9)));
  els.push(line(x0, fieldTop, x0 + T, fieldTop, 0.4));
  fields(label).forEach(([name, value], i) => {
    const top = fieldTop + i * cellH;
    if (i > 0) els.push(line(x0, top, x0 + T, top, 0.3));
    const ls = Math.min(fitSize(name, inner, 3.6), cellH * 0.22);
    els.push(text(cx, top + ls * 1.2, ls, name));
    els.push(...centredValue(value, cx, top + ls * 1.5, inner, cellH - ls * 1.5, Math.min(7, T * 0.3), 4));
  });
  if (withQr) {
    const side = qrBand - 10;
    const qy = fieldTop + cellH * 6;
    els.push(line(x0, qy, x0 + T, qy, 0.4));
    els.push(qrModules(label.qrText, cx - side / 2, qy + 5, side));
  }
  return { elements: els, heightMm: h };
}

function caption(value: string): Drawable {
  return text(A4.width / 2, A4.height - MARGIN - 3, Math.min(3.4, fitSize(value, AREA.width, 3.4)), value);
}

export async function boxLabelsPdf(labels: BoxLabel[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('档案盒封面与盒脊');
  doc.setCreator('社保业务档案系统');
  const fonts = {
    regular: await embedProjectFont(doc, 'regular'),
    bold: await embedProjectFont(doc, 'bold'),
  };
  for (const label of labels) {
    const name = `${label.fondsCode}-${label.year} 盒号 ${label.boxNumber}`;
    const cover = coverLayout(label);
    const scale = cover.scale < 1 ? `，按 ${Math.round(cover.scale * 100)}% 缩印` : '，原大';
    drawOnPdfPage(
      doc.addPage([A4.width * MM, A4.height * MM]),
      A4.height,
      [...cover.elements, caption(`封面 ${name}（${label.widthMm}×${label.heightMm} mm${scale}）`)],
      fonts,
    );
    const spine = spineLayout(label);
    const height =
      spine.heightMm < label.heightMm
        ? `高 ${label.heightMm} mm 按页面印 ${Math.round(spine.heightMm)} mm，居中粘贴`
        : `高 ${label.heightMm} mm`;
    drawOnPdfPage(
      doc.addPage([A4.width * MM, A4.height * MM]),
      A4.height,
      [...spine.elements, caption(`盒脊 ${name}（宽 ${label.thicknessMm} mm 原大，${height}）`)],
      fonts,
    );
  }
  return doc.save();
}
