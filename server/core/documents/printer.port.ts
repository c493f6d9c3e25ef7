/**
 * Printed outputs (registers, lists, forms, labels) described as data; an adapter lays them out as PDF
 * (A4, embedded subset Chinese font) or XLSX. The core decides what is printed, never how.
 */
export interface TableColumn {
  /** Header text, e.g. 档号. */
  label: string;
  /** Relative width (the adapter scales the columns to the printable width). */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableDocument {
  /** 标题, centred at the top of the first page (and of every copy). */
  title: string;
  orientation: 'portrait' | 'landscape';
  /** Lines under the title (全宗号: 160  年度: 2013 …), left to right, wrapped. */
  meta?: string[];
  columns: TableColumn[];
  /** One string per column; long cells wrap; the header row repeats on every page. Streamed when async. */
  rows: Iterable<string[]> | AsyncIterable<string[]>;
  /** Text after the table (说明, totals). */
  notes?: string[];
  /** Signature lines after the table, e.g. ['移交人', '业务环节负责人', '接收人']: each gets a line and 日期. */
  signatures?: string[];
  /**
   * Print the whole document once per copy, each labelled (e.g. ['第一联 业务环节存', '第二联 档案管理环节存']).
   * Omitted: one unlabelled copy. Rows are read once whatever the number of copies.
   */
  copies?: string[];
  /** Footer on every page: "第 n 页 共 m 页" is added by the adapter; this text goes beside it. */
  footer?: string;
}

/** One box's 盒脊 (spine) and 封面 (cover) label: 全宗号、年度、类别、保管期限、起止件号、盒号, agency, QR link. */
export interface BoxLabel {
  agency: string;
  fondsCode: string;
  year: number;
  /** 类别 as printed (name and code). */
  classLabel: string;
  /** 保管期限 as printed (永久 / 30年 …). */
  retentionLabel: string;
  /** 起止件号, e.g. 0001-0020. */
  itemRange: string;
  boxNumber: string;
  /** What the QR code holds: a link that opens the box in the system. */
  qrText: string;
  /** The box type's dimensions (mm), which size the spine. */
  widthMm: number;
  heightMm: number;
  thicknessMm: number;
}

/** A page image for a PDF extract (a copy), optionally with a watermark already burned in. */
export interface PdfPageImage {
  bytes: Uint8Array;
  mediaType: 'image/jpeg' | 'image/png';
  widthPx: number;
  heightPx: number;
  dpi: number;
}

export interface DocumentPrinter {
  tablePdf(doc: TableDocument): Promise<Uint8Array>;
  tableXlsx(doc: TableDocument): Promise<Uint8Array>;
  /** Cover and spine labels, one box per page pair, A4. */
  boxLabelsPdf(labels: BoxLabel[]): Promise<Uint8Array>;
  /** Images as the pages of a PDF, each page sized to the image at its dpi. */
  imagesPdf(pages: PdfPageImage[], info: { title: string; subject?: string }): Promise<Uint8Array>;
}
