import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_MIGRATIONS, openSqlite } from '../adapters/sqlite/sqlite.database';
import { SqliteJobQueue } from '../adapters/sqlite/sqlite.job-queue';
import { ManualClock } from '../core/shared/clock.port';
import type { OcrEngine } from '../core/ingest/ingest-ports';
import { createMetrics, meteredJobs, meteredOcr } from './metrics';

describe('metrics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-'));
  const db = openSqlite(join(dir, 'a.sqlite'), METADATA_MIGRATIONS);
  const clock = new ManualClock(new Date('2026-01-05T02:00:00Z'));
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts finished and failed jobs by type, and reports the queue depth by state', async () => {
    const queue = new SqliteJobQueue(db, clock);
    const metrics = createMetrics({ jobs: queue, role: 'worker', profile: 'embedded' });
    const jobs = meteredJobs(queue, metrics);
    await jobs.enqueue('index.item', {});
    await jobs.enqueue('index.item', {});
    await jobs.enqueue('ocr.page', {});
    const a = (await jobs.claim('w', ['index.item'], 60_000, clock.now()))!;
    await jobs.complete(a.id, 'w');
    const b = (await jobs.claim('w', ['ocr.page'], 60_000, clock.now()))!;
    await jobs.fail(b.id, 'w', 'boom', new Date(clock.now().getTime() + 1000));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /archive_jobs_finished_total\{type="index.item",outcome="done",role="worker",profile="embedded"\} 1/,
    );
    expect(text).toMatch(/archive_jobs_finished_total\{type="ocr.page",outcome="failed",[^}]*\} 1/);
    expect(text).toMatch(/archive_queue_jobs\{state="queued",[^}]*\} 2/);
    expect(text).toMatch(/archive_queue_jobs\{state="done",[^}]*\} 1/);
  });

  it('counts OCR pages and their time, passing the engine’s result through', async () => {
    const queue = new SqliteJobQueue(db, clock);
    const metrics = createMetrics({ jobs: queue, role: 'worker', profile: 'embedded' });
    const engine: OcrEngine = {
      size: 2,
      recognize: async (image) => ({ text: `页${image.length}`, confidence: 90, words: [] }),
      close: async () => undefined,
    };
    const ocr = meteredOcr(engine, metrics);
    expect(ocr.size).toBe(2);
    expect((await ocr.recognize(new Uint8Array(3))).text).toBe('页3');
    await ocr.recognize(new Uint8Array(1));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/archive_ocr_pages_total\{[^}]*\} 2/);
    expect(text).toMatch(/archive_ocr_page_seconds_count\{[^}]*\} 2/);
  });
});
