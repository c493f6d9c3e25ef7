import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
async function main() {
  const full = readFileSync('/tmp/scratch/form.pdf');
  const sep = readFileSync('/tmp/scratch/sep.pdf');
  for (const src of [full, sep]) {
    for (const frac of [0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 0.995]) {
      const cut = src.subarray(0, Math.floor(src.length * frac));
      try {
        const d = await PDFDocument.load(cut, { updateMetadata: false });
        console.log(frac, 'loaded', d.getPageCount());
      } catch (e) {
        console.log(frac, 'error', (e as Error).message.slice(0, 100));
      }
    }
  }
}
void main();
