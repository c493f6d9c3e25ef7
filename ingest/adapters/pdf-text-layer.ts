import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import type { OcrWord } from '../../server/core/ingest/ingest-ports';

/** A CJK glyph's ink spans about 0.9 em and sits ~0.07 em below the baseline (Noto Sans SC). */
const INK_HEIGHT_EM = 0.9;
const INK_DESCENT_EM = 0.07;

/** Draws the image XObject `image` over the whole of `page`. */
export function drawFullPageImage(page: PDFPage, image: PDFRef): void {
  const key = page.node.newXObject('Scan', image);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(page.getWidth(), 0, 0, page.getHeight(), 0, 0),
    drawObject(key),
    popGraphicsState(),
  );
}

/**
 * Lays the OCR words under a page image as invisible text (text rendering mode 3: selectable, searchable
 * and copyable, never painted — unlike `opacity: 0`, which still paints and is not what readers expect).
 * Each word starts at its box, with the font size from the box height and horizontally scaled (`Tz`) to
 * the box width, so a selection highlights what the image shows. `pxToPt` converts image pixels to points.
 */
export function drawInvisibleWords(
  page: PDFPage,
  font: PDFFont,
  words: readonly OcrWord[],
  pxToPt: number,
): void {
  const key = page.node.newFontDictionary(font.name, font.ref);
  const height = page.getHeight();
  const ops: PDFOperator[] = [];
  for (const word of words) {
    const text = word.text.trim();
    const [x0, y0, x1, y1] = word.box;
    const boxWidth = (x1 - x0) * pxToPt;
    const boxHeight = (y1 - y0) * pxToPt;
    if (!text || boxWidth <= 0 || boxHeight <= 0) continue;
    const size = round(boxHeight / INK_HEIGHT_EM);
    const natural = font.widthOfTextAtSize(text, size);
    const squeeze = natural > 0 ? Math.min(1000, Math.max(1, (100 * boxWidth) / natural)) : 100;
    const baseline = height - y1 * pxToPt + INK_DESCENT_EM * size;
    ops.push(
      setFontAndSize(key, size),
      setCharacterSqueeze(round(squeeze)),
      setTextMatrix(1, 0, 0, 1, round(x0 * pxToPt), round(baseline)),
      showText(font.encodeText(text)),
    );
  }
  if (ops.length === 0) return;
  page.pushOperators(beginText(), setTextRenderingMode(TextRenderingMode.Invisible), ...ops, endText());
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
