import { PDFDocument } from 'pdf-lib';
import { A4, type FormLayout } from '../../server/core/ingest/form-layout';
import type { DocumentRenderer, SearchablePage, SeparatorSheet } from '../../server/core/ingest/ingest-ports';
import { drawOnPdfPage, type Drawable, type PdfFonts } from './layout-drawing';
import { rasteriseLayout } from './layout-raster';
import { embedProjectFont, MM } from './pdf-fonts';
import { embedPageImage } from './pdf-images';
import { drawFullPageImage, drawInvisibleWords } from './pdf-text-layer';
import { layoutSeparator } from './separator-layout';

export interface PdfLibDocumentRendererOptions {
  /** Resolution of the preview PNGs of a rendered form; 150 by default. */
  previewDpi?: number;
  /** The PDF's Producer and Creator; '社保业务档案系统' by default. */
  producer?: string;
}

/**
 * `DocumentRenderer` with pdf-lib: every PDF embeds the project's Chinese font (Noto Sans SC) as a subset
 * of the glyphs it uses (a form is ~10-20 KB), so it shows the same on a machine without Chinese fonts.
 * Forms are drawn from their `FormLayout`; the preview PNGs are drawn from the same layout as SVG glyph
 * outlines and rasterised by sharp.
 */
export class PdfLibDocumentRenderer implements DocumentRenderer {
  private readonly previewDpi: number;
  private readonly producer: string;

  constructor(options: PdfLibDocumentRendererOptions = {}) {
    this.previewDpi = options.previewDpi ?? 150;
    this.producer = options.producer ?? '社保业务档案系统';
  }

  async renderForm(form: FormLayout): Promise<{ pdf: Uint8Array; pages: Uint8Array[] }> {
    // The preview is encoded on sharp's thread pool while the PDF is built on this thread.
    const [pdf, preview] = await Promise.all([
      this.formPdf(form),
      rasteriseLayout(form.width, form.height, form.elements, this.previewDpi),
    ]);
    return { pdf, pages: [preview] };
  }

  private async formPdf(form: FormLayout): Promise<Uint8Array> {
    const doc = await this.create(formTitle(form));
    const fonts = await this.fonts(doc, form.elements);
    drawOnPdfPage(doc.addPage([form.width * MM, form.height * MM]), form.height, form.elements, fonts);
    return doc.save();
  }

  async separatorSheets(sheets: readonly SeparatorSheet[]): Promise<Uint8Array> {
    const doc = await this.create('分隔页');
    const layouts = sheets.map(layoutSeparator);
    const fonts = await this.fonts(doc, layouts.flat());
    for (const elements of layouts) {
      drawOnPdfPage(doc.addPage([A4.width * MM, A4.height * MM]), A4.height, elements, fonts);
    }
    return doc.save();
  }

  async searchablePdf(pages: readonly SearchablePage[]): Promise<Uint8Array> {
    const doc = await this.create(null);
    const font = pages.some((p) => p.words.length > 0) ? await embedProjectFont(doc, 'regular') : null;
    // Images are decoded and deflated on sharp's and zlib's threads, all pages at once.
    const images = await Promise.all(pages.map((p) => embedPageImage(doc, p)));
    pages.forEach((p, i) => {
      if (!(p.dpi > 0) || !(p.width > 0) || !(p.height > 0)) {
        throw new Error(`searchable page ${i + 1}: width, height and dpi must be positive`);
      }
      const pxToPt = 72 / p.dpi;
      const page = doc.addPage([p.width * pxToPt, p.height * pxToPt]);
      drawFullPageImage(page, images[i]!);
      if (font) drawInvisibleWords(page, font, p.words, pxToPt);
    });
    return doc.save();
  }

  /** Only the weights the elements use are embedded (a subset is written even when it is empty). */
  private async fonts(doc: PDFDocument, elements: readonly Drawable[]): Promise<PdfFonts> {
    const text = elements.filter((e) => e.kind === 'text');
    const regular = text.some((e) => !e.bold) ? await embedProjectFont(doc, 'regular') : undefined;
    const bold = text.some((e) => e.bold) ? await embedProjectFont(doc, 'bold') : undefined;
    // Whichever is missing is never drawn with; the other stands in to satisfy the type.
    const any = regular ?? bold ?? (await embedProjectFont(doc, 'regular'));
    return { regular: regular ?? any, bold: bold ?? any };
  }

  private async create(title: string | null): Promise<PDFDocument> {
    const doc = await PDFDocument.create();
    if (title) doc.setTitle(title, { showInWindowTitleBar: true });
    doc.setProducer(this.producer);
    doc.setCreator(this.producer);
    doc.setLanguage('zh-CN');
    return doc;
  }
}

/** A form's title: its bold line (the layout prints only the title in bold), else its first line. */
function formTitle(form: FormLayout): string {
  const bold = form.elements.find((e) => e.kind === 'text' && e.bold);
  if (bold?.kind === 'text') return bold.text;
  return form.text.split('\n')[0] ?? '';
}
