import { PDFDocument } from 'pdf-lib';
import type { PdfPageImage } from '../../core/documents/printer.port';

/** Points per inch: a PDF page is measured in points. */
const PT = 72;

/**
 * Images as the pages of a PDF (a copy, 复制件): each page is exactly its image, sized by the image's dpi,
 * so a page scanned on A4 prints on A4. The images go in as they are (a JPEG is not re-encoded).
 */
export async function imagesPdf(
  pages: PdfPageImage[],
  info: { title: string; subject?: string },
): Promise<Uint8Array> {
  if (pages.length === 0) throw new RangeError('imagesPdf needs at least one page');
  const doc = await PDFDocument.create();
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.subject) doc.setSubject(info.subject);
  doc.setProducer('shebao-archive (pdf-lib)');
  doc.setCreator('shebao-archive');
  for (const p of pages) {
    if (!(p.dpi > 0) || !(p.widthPx > 0) || !(p.heightPx > 0))
      throw new RangeError(`A page image needs a size and a dpi (got ${p.widthPx}×${p.heightPx} @ ${p.dpi})`);
    const image = p.mediaType === 'image/jpeg' ? await doc.embedJpg(p.bytes) : await doc.embedPng(p.bytes);
    const width = (p.widthPx / p.dpi) * PT;
    const height = (p.heightPx / p.dpi) * PT;
    const page = doc.addPage([width, height]);
    page.drawImage(image, { x: 0, y: 0, width, height });
  }
  return doc.save();
}
