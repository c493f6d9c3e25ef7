import type { OcrWord } from '../server/core/ingest/ingest-ports';

/**
 * OCR runs on a copy of the page deskewed by rotating it `-skewDegrees` (clockwise positive, on a canvas
 * grown to hold the turned page). Maps the words' boxes from that copy back onto the original page, so
 * highlights and the searchable PDF's text sit on the page as scanned.
 */
export function boxesOnOriginal(
  words: readonly OcrWord[],
  skewDegrees: number,
  original: { width: number; height: number },
  ocrCopy: { width: number; height: number },
): OcrWord[] {
  if (skewDegrees === 0 || (ocrCopy.width === original.width && ocrCopy.height === original.height))
    return [...words];
  const t = (skewDegrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const [cx, cy] = [original.width / 2, original.height / 2];
  const [qx, qy] = [ocrCopy.width / 2, ocrCopy.height / 2];
  // Inverse of the clockwise turn by -skew: turn by +skew about the centres (y points down).
  const back = (x: number, y: number): [number, number] => {
    const dx = x - qx;
    const dy = y - qy;
    return [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos];
  };
  const clampX = (v: number) => Math.min(original.width, Math.max(0, Math.round(v)));
  const clampY = (v: number) => Math.min(original.height, Math.max(0, Math.round(v)));
  return words.map((w) => {
    const [x0, y0, x1, y1] = w.box;
    const corners = [back(x0, y0), back(x1, y0), back(x0, y1), back(x1, y1)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    return {
      ...w,
      box: [
        clampX(Math.min(...xs)),
        clampY(Math.min(...ys)),
        clampX(Math.max(...xs)),
        clampY(Math.max(...ys)),
      ],
    };
  });
}

/** Width and height of a PNG from its header (the OCR copy is always a PNG). */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  if (png.length < 24 || png[0] !== 0x89 || png[1] !== 0x50) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
