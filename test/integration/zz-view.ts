import { readFileSync, writeFileSync } from 'node:fs';
import { renderWithPdfjs } from '../../ingest/adapters/pdf-raster';
import { openWithPdfjs } from '../../ingest/adapters/pdfjs-loader';
async function main() {
  for (const [src, dst] of [['/tmp/scratch/form.pdf', '/tmp/ingest-form.png'], ['/tmp/scratch/sep.pdf', '/tmp/ingest-separator.png']] as const) {
    const doc = await openWithPdfjs(readFileSync(src));
    const png = await renderWithPdfjs(doc, 0, 80);
    writeFileSync(dst, png!);
    await doc.destroy();
  }
}
void main();
