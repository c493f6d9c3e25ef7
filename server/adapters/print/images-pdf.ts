import type { PdfPageImage } from '../../core/documents/printer.port';

// eslint-disable-next-line @typescript-eslint/require-await
export async function imagesPdf(
  _pages: PdfPageImage[],
  _info: { title: string; subject?: string },
): Promise<Uint8Array> {
  throw new Error('imagesPdf: being written');
}
