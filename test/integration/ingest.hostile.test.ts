import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixtures, type Manifest } from '../../scripts/fixtures';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

jest.setTimeout(120_000);

const STABLE_CODES = [
  'ingest.empty_file',
  'ingest.unsupported_type',
  'ingest.file_corrupt',
  'ingest.too_many_pixels',
  'ingest.too_many_pages',
];

/** Corrupt and hostile files: each fails alone with a stable code, nothing else is touched. */
describe.each(testBackends())('ingest: corrupt and hostile files [%s backends]', (backend) => {
  let t: TestArchive;
  let fixtures: string;
  let manifest: Manifest;

  beforeAll(async () => {
    fixtures = mkdtempSync(join(tmpdir(), 'ingest-hostile-'));
    manifest = await generateFixtures({ out: fixtures, scans: 0, hostile: true });
    t = await startTestArchive({ backend, maxFileBytes: 50 * 1024 * 1024, maxFiles: 20 });
  });
  afterAll(async () => {
    await t.close();
    rmSync(fixtures, { recursive: true, force: true });
  });

  it('rejects every hostile file on its own with a stable code, types files by their bytes, and the batch finishes', async () => {
    const clerk = await t.login('clerk');
    const hostile = manifest.files.filter((f) => f.kind === 'hostile');
    expect(hostile.length).toBeGreaterThanOrEqual(10);
    const form = new FormData();
    form.append('metadata', JSON.stringify({ fondsCode: '160' }));
    for (const f of hostile)
      form.append('files', new Blob([readFileSync(join(fixtures, f.path))]), f.path.split('/').pop());
    const res = await t.api(clerk, '/api/ingest/batches', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    for (let i = 0; i < 40; i++) {
      await t.archive.worker.drain();
      if ((await t.archive.deps.ingest.getBatch(res.body.batch.id))?.status === 'done') break;
      await new Promise((ok) => setTimeout(ok, 250));
    }
    const batch = (await t.api(clerk, `/api/ingest/batches/${res.body.batch.id}`)).body;
    expect(batch.batch.status).toBe('done');
    const outcome = batch.batch.files.map(
      (f: { originalName: string; status: string; error: { code: string } | null }) => [
        f.originalName,
        f.status,
        f.error?.code,
      ],
    );
    for (const [name, status, code] of outcome) {
      if (name === 'jpeg-named.pdf') continue; // a real JPEG with a lying name: typed by its bytes, below
      if (name === 'tiff-ifd-loop.tif' && status === 'paged') continue; // the page chain was cut, below
      expect({ name, status }).toEqual({ name, status: 'rejected' });
      expect(STABLE_CODES).toContain(code);
    }
    const renamed = batch.batch.files.find(
      (f: { originalName: string }) => f.originalName === 'jpeg-named.pdf',
    );
    expect(renamed).toMatchObject({ status: 'paged', mediaType: 'image/jpeg', pages: 1 });
    const loop = batch.batch.files.find(
      (f: { originalName: string }) => f.originalName === 'tiff-ifd-loop.tif',
    );
    expect(loop.pages).toBeLessThanOrEqual(2); // an endless IFD chain is counted once, never followed forever
    expect(batch.items).toHaveLength(1 + (loop.status === 'paged' ? 1 : 0));
    expect((await t.archive.deps.jobs.counts()).dead).toBe(0);
  });
});
