import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import sharp from 'sharp';
import { textAsSvgPath } from '../../ingest/adapters/project-font';
import { SharpImageProcessor } from '../../ingest/adapters/sharp.image-processor';
import { joinCjk, TesseractOcrEngine } from '../../ingest/adapters/tesseract.ocr-engine';
import { layoutForm } from '../../server/core/ingest/form-layout';

/** OCR is slow (worker start ~0.5 s, ~1 s a page on 2 cores): few pages, generous timeouts on those tests. */
const SLOW = 120_000;
const ID = '110101199003074516';

/** A 社保 form (ruled two-column table) drawn from `layoutForm`, rasterised at `dpi` and rotated. */
async function formScan(dpi: number, degrees: number): Promise<Buffer> {
  const form = layoutForm({
    agency: '某某市社会保险事业管理中心',
    title: '社会保险登记表',
    fields: [
      { label: '姓名', value: '张伟' },
      { label: '性别', value: '男' },
      { label: '公民身份号码', value: ID },
      { label: '出生日期', value: '1990-03-07' },
      { label: '单位名称', value: '北京市某某科技有限公司' },
      { label: '参保日期', value: '2024-05-01' },
    ],
    signatures: [
      { label: '经办人', value: '李娜' },
      { label: '经办日期', value: '2024-05-06' },
    ],
  });
  const body = form.elements
    .map((e) =>
      e.kind === 'text'
        ? textAsSvgPath(e.text, e.x, e.y, e.size, { weight: e.bold ? 'bold' : 'regular', align: e.align })
        : `<line x1="${e.x1}" y1="${e.y1}" x2="${e.x2}" y2="${e.y2}" stroke="#000" stroke-width="${e.width}"/>`,
    )
    .join('');
  const size = `width="${(210 * 72) / 25.4}" height="${(297 * 72) / 25.4}" viewBox="0 0 210 297"`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" ${size}><rect width="210" height="297" fill="#fff"/>${body}</svg>`;
  const flat = await sharp(Buffer.from(svg), { density: dpi })
    .flatten({ background: '#fff' })
    .png()
    .toBuffer();
  return sharp(flat).rotate(degrees, { background: '#fff' }).jpeg({ quality: 90 }).toBuffer();
}

/** `text` holds `parts` in this order. */
function expectInOrder(text: string, parts: string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) throw new Error(`"${part}" not found after position ${from} in:\n${text}`);
    from = at + part.length;
  }
}

const images = new SharpImageProcessor();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tesseract-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('joinCjk', () => {
  it('removes spaces between CJK characters and CJK punctuation only', () => {
    expect(joinCjk('社 会 保 险 登 记 表')).toBe('社会保险登记表');
    expect(joinCjk('经办人 ： 李 娜 ， 复核')).toBe('经办人：李娜，复核');
    expect(joinCjk('公民身份号码 110101199003074516 出生日期 1990-03-07')).toBe(
      '公民身份号码 110101199003074516 出生日期 1990-03-07',
    );
    expect(joinCjk('SB 2024 编号')).toBe('SB 2024 编号');
  });
});

describe('TesseractOcrEngine', () => {
  it(
    'reads a skewed ruled form after prepareForOcr, two pages at once, offline from its own cache',
    async () => {
      const cacheDir = join(dir, 'cache');
      const engine = new TesseractOcrEngine({ cacheDir, workers: 2 });
      const before = readdirSync(process.cwd());
      try {
        expect(engine.size).toBe(2);
        const scans = await Promise.all([formScan(300, 2.5), formScan(200, -1)]);
        const prepared = await Promise.all(
          scans.map(async (scan) => images.prepareForOcr(scan, (await images.analyse(scan)).skewDegrees)),
        );
        const started = Date.now();
        const results = await Promise.all(prepared.map((image) => engine.recognize(image)));
        console.log(
          `OCR: ${((Date.now() - started) / 1000).toFixed(1)} s for 2 pages on 2 workers (with start)`,
        );
        for (const [i, result] of results.entries()) {
          expectInOrder(result.text, ['社会保险登记表', '公民身份号码', ID, '单位名称', '经办人']);
          expect(result.confidence).toBeGreaterThan(60);
          const { width = 0, height = 0 } = await sharp(prepared[i]!).metadata();
          const id = result.words.find((w) => w.text.includes(ID));
          expect(id).toBeDefined();
          const [x0, y0, x1, y1] = id!.box;
          expect(0 <= x0 && x0 < x1 && x1 <= width && 0 <= y0 && y0 < y1 && y1 <= height).toBe(true);
        }
        expect(readdirSync(cacheDir).sort()).toEqual(['chi_sim.traineddata.gz', 'eng.traineddata.gz']);
        expect(readdirSync(process.cwd())).toEqual(before);
      } finally {
        await engine.close();
      }
      await expect(engine.recognize(new Uint8Array(8))).rejects.toThrow('closed');
    },
    SLOW,
  );

  it(
    'replaces a worker whose thread dies mid-page and goes on with the next page',
    async () => {
      const engine = new TesseractOcrEngine({ cacheDir: join(dir, 'cache'), workers: 1 });
      try {
        const scan = await formScan(200, 0);
        const page = await images.prepareForOcr(scan, 0);
        const first = engine.recognize(page);
        const queued = engine.recognize(page);
        // Reach the worker thread under tesseract.js and kill it while it works on the first page.
        const slots = (engine as unknown as { slots: { worker: Promise<{ worker: ThreadWorker }> | null }[] })
          .slots;
        const worker = await slots[0]!.worker!;
        await new Promise((resolve) => setTimeout(resolve, 200));
        await worker.worker.terminate();
        await expect(first).rejects.toThrow('died');
        expectInOrder((await queued).text, ['社会保险登记表', ID]);
        expect(slots[0]!.worker).not.toBeNull();
        expect(await slots[0]!.worker).not.toBe(worker);
      } finally {
        await engine.close();
      }
    },
    SLOW,
  );

  it(
    'rejects an image it cannot read without losing the worker',
    async () => {
      const engine = new TesseractOcrEngine({ cacheDir: join(dir, 'cache'), workers: 1 });
      const slots = (engine as unknown as { slots: { worker: Promise<unknown> | null }[] }).slots;
      try {
        const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } })
          .png()
          .toBuffer();
        expect((await engine.recognize(blank)).text).toBe('');
        const worker = slots[0]!.worker;
        await expect(engine.recognize(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
        expect(await engine.recognize(blank)).toEqual({ text: '', confidence: 0, words: [] });
        expect(slots[0]!.worker).toBe(worker);
      } finally {
        await engine.close();
      }
      expect(slots[0]!.worker).toBeNull();
      expect(existsSync(join(process.cwd(), 'chi_sim.traineddata'))).toBe(false);
    },
    SLOW,
  );
});
