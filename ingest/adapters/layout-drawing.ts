import {
  closePath,
  fill,
  LineCapStyle,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingGrayscaleColor,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import type { LayoutElement } from '../../server/core/ingest/form-layout';
import { MM } from './pdf-fonts';
import { textAsSvgPath } from './project-font';

/**
 * Draws a page layout (millimetres, origin top-left, as `layoutForm` makes) from one list of elements:
 * on a pdf-lib page (points, origin bottom-left) and as SVG, so a form's PDF and its preview PNG (see
 * `layout-raster.ts`) show the same thing.
 */
export type Drawable =
  | LayoutElement
  | { kind: 'dash'; x1: number; y1: number; x2: number; y2: number; width: number; dash: number }
  /** Filled rectangles `[x, y, width, height]` drawn as one path (a QR code's modules, without seams). */
  | { kind: 'rects'; rects: [number, number, number, number][] };

/** The fonts a page is drawn with. */
export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
}

const BLACK = rgb(0, 0, 0);

/** Draws `elements` on `page`, whose height in millimetres is `heightMm`. */
export function drawOnPdfPage(
  page: PDFPage,
  heightMm: number,
  elements: readonly Drawable[],
  fonts: PdfFonts,
): void {
  const px = (x: number) => x * MM;
  const py = (y: number) => (heightMm - y) * MM;
  for (const e of elements) {
    if (e.kind === 'text') {
      const font = e.bold ? fonts.bold : fonts.regular;
      const size = e.size * MM;
      const width = e.align === 'center' ? font.widthOfTextAtSize(e.text, size) : 0;
      page.drawText(e.text, { x: px(e.x) - width / 2, y: py(e.y), size, font, color: BLACK });
    } else if (e.kind === 'line' || e.kind === 'dash') {
      page.drawLine({
        start: { x: px(e.x1), y: py(e.y1) },
        end: { x: px(e.x2), y: py(e.y2) },
        thickness: e.width * MM,
        color: BLACK,
        lineCap: e.kind === 'line' ? LineCapStyle.Projecting : LineCapStyle.Butt,
        ...(e.kind === 'dash' ? { dashArray: [e.dash * MM, e.dash * MM] } : {}),
      });
    } else {
      const ops = e.rects.flatMap(([x, y, w, h]) => [
        moveTo(px(x), py(y)),
        lineTo(px(x + w), py(y)),
        lineTo(px(x + w), py(y + h)),
        lineTo(px(x), py(y + h)),
        closePath(),
      ]);
      page.pushOperators(
        pushGraphicsState(),
        setFillingGrayscaleColor(0),
        ...ops,
        fill(),
        popGraphicsState(),
      );
    }
  }
}

/**
 * The page as an SVG document in millimetre user units, `dpi` pixels per inch (text as glyph outlines):
 * the reference drawing of a layout; `rasteriseLayout` draws the same pixels faster for previews.
 */
export function layoutSvg(
  widthMm: number,
  heightMm: number,
  elements: readonly Drawable[],
  dpi: number,
): string {
  const parts: string[] = [];
  for (const e of elements) {
    if (e.kind === 'text') {
      parts.push(
        textAsSvgPath(e.text, e.x, e.y, e.size, { weight: e.bold ? 'bold' : 'regular', align: e.align }),
      );
    } else if (e.kind === 'line' || e.kind === 'dash') {
      const style = e.kind === 'line' ? 'stroke-linecap="square"' : `stroke-dasharray="${e.dash} ${e.dash}"`;
      parts.push(
        `<line x1="${e.x1}" y1="${e.y1}" x2="${e.x2}" y2="${e.y2}" stroke="#000" stroke-width="${e.width}" ${style}/>`,
      );
    } else {
      const d = e.rects.map(([x, y, w, h]) => `M${x} ${y}h${w}v${h}h${-w}z`).join('');
      parts.push(`<path fill="#000" d="${d}"/>`);
    }
  }
  const w = Math.round((widthMm / 25.4) * dpi);
  const h = Math.round((heightMm / 25.4) * dpi);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${widthMm} ${heightMm}">` +
    `<rect width="${widthMm}" height="${heightMm}" fill="#fff"/>${parts.join('')}</svg>`
  );
}
