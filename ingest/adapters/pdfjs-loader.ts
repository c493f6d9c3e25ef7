import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs' with { 'resolution-mode': 'import' };

/**
 * pdf.js (`pdfjs-dist` 4, an ES module) for this CommonJS code base: loading it, opening a document and
 * reading a page's text runs. Rendering is in `pdf-raster.ts`.
 */
type Pdfjs = typeof PdfjsModule;
export type PdfjsDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;

let loading: Promise<Pdfjs> | undefined;

/**
 * Loads the legacy build (the one meant for Node) once. Under tsx or compiled code the plain `import()`
 * works. Under Jest it does not: @swc/jest turns `import()` into `require()`, which Jest refuses for an
 * `.mjs`, and Jest's VM has no dynamic-import hook without `--experimental-vm-modules`. The fallback
 * compiles `import()` with Node's own loader (`vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`, Node ≥ 20.16;
 * it prints one ExperimentalWarning), so pdf.js is then a real ES module of the main context.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    try {
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } catch (error) {
      const loader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
      if (loader === undefined) throw error;
      const nativeImport = vm.runInThisContext('(specifier) => import(specifier)', {
        importModuleDynamically: loader,
      }) as (specifier: string) => Promise<Pdfjs>;
      return nativeImport(pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href);
    }
  })();
  return loading;
}

const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));

/**
 * Opens a PDF with pdf.js: no `eval`, no system fonts, the predefined CJK CMaps and standard fonts from the
 * package (a Chinese PDF without embedded fonts still yields its text). Destroy the document when done.
 */
export async function openWithPdfjs(bytes: Uint8Array): Promise<PdfjsDocument> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js refuses a Buffer and takes ownership of what it is given: hand it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
    verbosity: 0,
  });
  return task.promise;
}

/** Text items of page `index` (0-based) as pdf.js gives them, marked-content entries left out. */
export async function pdfjsTextItems(doc: PdfjsDocument, index: number) {
  const page = await doc.getPage(index + 1);
  const content = await page.getTextContent();
  page.cleanup();
  return content.items.flatMap((item) => ('str' in item ? [item] : []));
}
