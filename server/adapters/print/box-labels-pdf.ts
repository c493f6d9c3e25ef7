import type { BoxLabel } from '../../core/documents/printer.port';

// eslint-disable-next-line @typescript-eslint/require-await
export async function boxLabelsPdf(_labels: BoxLabel[]): Promise<Uint8Array> {
  throw new Error('boxLabelsPdf: being written');
}
