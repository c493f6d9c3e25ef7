import type {
  BoxLabel,
  DocumentPrinter,
  PdfPageImage,
  TableDocument,
} from '../../core/documents/printer.port';
import { boxLabelsPdf } from './box-labels-pdf';
import { imagesPdf } from './images-pdf';
import { tablePdf } from './table-pdf';
import { tableXlsx } from './table-xlsx';

/** Registers, lists and labels as PDF (pdf-lib, embedded subset Noto Sans SC) and XLSX. */
export class PdfLibDocumentPrinter implements DocumentPrinter {
  tablePdf(doc: TableDocument): Promise<Uint8Array> {
    return tablePdf(doc);
  }
  tableXlsx(doc: TableDocument): Promise<Uint8Array> {
    return tableXlsx(doc);
  }
  boxLabelsPdf(labels: BoxLabel[]): Promise<Uint8Array> {
    return boxLabelsPdf(labels);
  }
  imagesPdf(pages: PdfPageImage[], info: { title: string; subject?: string }): Promise<Uint8Array> {
    return imagesPdf(pages, info);
  }
}
