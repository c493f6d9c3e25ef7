import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixtures, type Manifest } from '../../scripts/fixtures';
import { HotFolder } from '../../server/main/hot-folder';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

jest.setTimeout(180_000);

describe.each(testBackends())(
  'ingest: resuming after failures, and the hot folder [%s backends]',
  (backend) => {
    let t: TestArchive;
    let clerk: string;
    let fixtures: string;
    let manifest: Manifest;

    beforeAll(async () => {
      fixtures = mkdtempSync(join(tmpdir(), 'ingest-resume-'));
      manifest = await generateFixtures({ out: fixtures, scans: 1, forms: 1, seed: 3, dpi: [300] });
      t = await startTestArchive({ backend, maxFileBytes: 50 * 1024 * 1024 });
      clerk = await t.login('clerk');
    });
    afterAll(async () => {
      await t.close();
      rmSync(fixtures, { recursive: true, force: true });
    });

    it('a stage that fails is retried from where it stopped: no page lost, none doubled, one item', async () => {
      const ocr = t.archive.deps.media.ocr;
      const real = ocr.recognize.bind(ocr);
      let failures = 1;
      ocr.recognize = async (image) => {
        if (failures-- > 0) throw new Error('OCR worker crashed');
        return real(image);
      };
      const scan = manifest.files.find((f) => f.kind === 'scan')!;
      const form = new FormData();
      form.append('metadata', JSON.stringify({ fondsCode: '160' }));
      form.append('files', new Blob([readFileSync(join(fixtures, scan.path))]), 'scan.jpg');
      const res = await t.api(clerk, '/api/ingest/batches', { method: 'POST', body: form });
      expect(res.status).toBe(202);
      await t.archive.worker.drain();
      const [first] = (await t.api(clerk, `/api/ingest/batches/${res.body.batch.id}`)).body.items;
      // The first attempt stopped at OCR; what came before it is saved.
      const before = (await t.api(clerk, `/api/ingest/drafts/${first.draftId}`)).body.draft;
      expect(before.status).toBe('processing');
      expect(before.done).toEqual(['quality', 'derivatives']);

      await new Promise((ok) => setTimeout(ok, 2500)); // the retry's backoff
      await t.archive.worker.drain();
      const after = (await t.api(clerk, `/api/ingest/drafts/${first.draftId}`)).body.draft;
      expect(['filed', 'needs_review']).toContain(after.status);
      expect(after.pages).toHaveLength(1);
      expect(after.pages[0].preview).toBe(before.pages[0].preview);
      expect(after.done.slice(0, 3)).toEqual(['quality', 'derivatives', 'ocr']);
      const jobs = await t.archive.deps.jobs.counts();
      expect(jobs.dead).toBe(0);
      // The live progress stream of a finished batch: its state, then `done`, then the stream ends.
      const events = await t.api(clerk, `/api/ingest/batches/${res.body.batch.id}/events`);
      expect(events.headers.get('content-type')).toContain('text/event-stream');
      const stream = events.body.toString('utf8');
      expect(stream.indexOf('event: done')).toBeGreaterThan(stream.indexOf('event: progress'));
      expect(stream).toContain(first.draftId);
      ocr.recognize = real;
    });

    it('a clerk merges two drafts in review and re-splits them; per-page OCR is kept, nothing is lost', async () => {
      const low = await generateFixtures({
        out: join(fixtures, 'low'),
        scans: 2,
        forms: 2,
        seed: 5,
        dpi: [150],
      });
      const form = new FormData();
      form.append('metadata', JSON.stringify({ fondsCode: '160' }));
      for (const f of low.files.filter((x) => x.kind === 'scan'))
        form.append('files', new Blob([readFileSync(join(fixtures, 'low', f.path))]), 'low.jpg');
      const res = await t.api(clerk, '/api/ingest/batches', { method: 'POST', body: form });
      await t.archive.worker.drain();
      const items = (await t.api(clerk, `/api/ingest/batches/${res.body.batch.id}`)).body.items;
      expect(items.map((i: { status: string }) => i.status)).toEqual(['needs_review', 'needs_review']);
      const [a, b] = await Promise.all(
        items.map(
          async (i: { draftId: string }) =>
            (await t.api(clerk, `/api/ingest/drafts/${i.draftId}`)).body.draft,
        ),
      );
      expect(a.reasons.join(' ')).toContain('150 dpi');

      const merged = await t.api(clerk, `/api/ingest/drafts/${a.id}/merge`, {
        method: 'POST',
        body: JSON.stringify({ revision: a.revision, other: b.id }),
      });
      expect(merged.status).toBe(200);
      await t.archive.worker.drain();
      const whole = (await t.api(clerk, `/api/ingest/drafts/${a.id}`)).body.draft;
      expect(whole).toMatchObject({ status: 'needs_review' });
      expect(whole.pages.map((p: { sha256: string }) => p.sha256)).toEqual([
        a.pages[0].sha256,
        b.pages[0].sha256,
      ]);
      expect(whole.pages[1].ocr.words).toBe(b.pages[0].ocr.words);
      expect((await t.api(clerk, `/api/ingest/drafts/${b.id}`)).body.draft).toMatchObject({
        status: 'merged',
        mergedInto: a.id,
      });

      const split = await t.api(clerk, `/api/ingest/drafts/${a.id}/split`, {
        method: 'POST',
        body: JSON.stringify({ revision: whole.revision, atPage: 2 }),
      });
      expect(split.status).toBe(200);
      await t.archive.worker.drain();
      const after = (await t.api(clerk, `/api/ingest/batches/${res.body.batch.id}`)).body;
      expect(after.batch.status).toBe('done');
      const live = after.items.filter((i: { status: string }) => i.status !== 'merged');
      expect(live.map((i: { pages: number }) => i.pages)).toEqual([1, 1]);
      const stale = await t.api(clerk, `/api/ingest/drafts/${a.id}/split`, {
        method: 'POST',
        body: JSON.stringify({ revision: whole.revision, atPage: 2 }),
      });
      expect(stale.status).toBe(409);
    });

    it('the hot folder turns files that stopped growing into a batch, and moves them out of the way', async () => {
      const root = join(t.dataDir, 'hot');
      const inbox = join(root, '160', '养老保险科');
      mkdirSync(inbox, { recursive: true });
      writeFileSync(join(inbox, 'not-a-scan.png'), '<html>hello</html>');
      const logs: string[] = [];
      const hot = new HotFolder(
        t.archive.deps,
        root,
        { info: (_o, m) => logs.push(m), error: (_o, m) => logs.push(m) },
        60_000,
      );
      await hot.poll(); // first sight: the file may still be growing
      expect(readdirSync(inbox)).toEqual(['not-a-scan.png']);
      await hot.poll(); // unchanged since: received
      expect(readdirSync(inbox)).toEqual([]);
      const [batchId] = readdirSync(join(root, '.received'));
      expect(existsSync(join(root, '.received', batchId!, 'not-a-scan.png'))).toBe(true);
      const batch = await t.archive.deps.ingest.getBatch(batchId!);
      expect(batch).toMatchObject({ source: 'hot_folder', section: '养老保险科', fondsCode: '160' });
      expect(batch!.files[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'ingest.unsupported_type' },
      });
      await hot.stop();
    });
  },
);
