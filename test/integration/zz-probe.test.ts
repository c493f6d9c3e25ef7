import vm from 'node:vm';
test('d: vm main context loader', async () => {
  const imp = vm.runInThisContext('(s) => import(s)', {
    importModuleDynamically: (vm as any).constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }) as (s: string) => Promise<any>;
  const p = await imp(require.resolve('pdfjs-dist/legacy/build/pdf.mjs'));
  console.log('d', Object.keys(p).length, p.version);
  const w = await imp(require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'));
  console.log('w', Object.keys(w));
});
