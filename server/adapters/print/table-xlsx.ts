import type { TableDocument } from '../../core/documents/printer.port';

// eslint-disable-next-line @typescript-eslint/require-await
export async function tableXlsx(_doc: TableDocument): Promise<Uint8Array> {
  throw new Error('tableXlsx: being written');
}
