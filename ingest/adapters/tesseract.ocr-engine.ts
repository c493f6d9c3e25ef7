import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import { createWorker, OEM, PSM, type Page, type Worker } from 'tesseract.js';
import type { OcrEngine, OcrResult, OcrWord } from '../../server/core/ingest/ingest-ports';

/** Options of {@link TesseractOcrEngine}. */
export interface TesseractOcrOptions {
  /** A directory of the caller's (never the cwd) where both language files are copied and read from. */
  cacheDir: string;
  /** Workers in the pool (each ~210 MB, ~1 page/s on one core). Default: the number of cores. */
  workers?: number;
  /** Page segmentation mode. Default 4 (a single column of text of variable sizes): see below. */
  psm?: PSM;
  /** A page taking longer than this kills its worker (then replaced) and fails. Default 120 s. */
  pageTimeoutMs?: number;
}

const LANGS = ['chi_sim', 'eng'] as const;
/**
 * With chi_sim first, tesseract prints "Failed loading language '玂臎'" on stderr when a worker starts: noise
 * from the chi_sim model's config; both models load and Chinese is read as well (`eng+chi_sim` is quiet but
 * makes English the primary language).
 */
const LANG_SPEC = LANGS.join('+');
/** CJK ideographs, CJK punctuation and full-width forms: no spaces between two of these. */
const CJK =
  '[\\u2E80-\\u2FDF\\u3000-\\u303F\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF]';
const CJK_SPACE = new RegExp(`(?<=${CJK})\\s+(?=${CJK})`, 'gu');

interface Job {
  image: Uint8Array;
  resolve(result: OcrResult): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Promise<Worker> | null;
  busy: boolean;
}

/**
 * `OcrEngine` on tesseract.js: a pool of wasm workers (`chi_sim+eng`, LSTM `4.0.0_best_int` models from the
 * npm packages, fully offline). Workers start on first use; each takes one page at a time from a shared
 * queue. A worker whose thread dies or hangs is thrown away and a fresh one started for the next page.
 *
 * Page segmentation, measured on A4 form pages drawn from `layoutForm` (200/300 dpi, skew 0-2.5°, rules
 * erased or not): PSM 4 (one column of variable-size text) and PSM 3 (automatic) gave the same clean text
 * in row order (label and value on one line, 18-digit ID intact, mean confidence 91-94); PSM 6 (one
 * uniform block) added a garbage line under the large bold title on every page and lost the table cells
 * when the rules were left in; PSM 11 (sparse) put every cell on its own line and, with rules left in,
 * out of order. PSM 4 is the default: rows of a form stay rows even where PSM 3 might split columns.
 */
export class TesseractOcrEngine implements OcrEngine {
  readonly size: number;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private langPath: Promise<string> | null = null;
  private closed = false;

  constructor(private readonly options: TesseractOcrOptions) {
    this.size = Math.max(1, options.workers ?? availableParallelism());
    this.slots = Array.from({ length: this.size }, () => ({ worker: null, busy: false }));
  }

  recognize(image: Uint8Array): Promise<OcrResult> {
    if (this.closed) return Promise.reject(new Error('The OCR engine is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ image, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('The OCR engine is closed'));
    await Promise.all(this.slots.map((slot) => this.discard(slot)));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.busy = true;
      this.run(slot, job)
        .then(job.resolve, job.reject)
        .finally(() => {
          slot.busy = false;
          if (!this.closed) this.dispatch();
        });
    }
  }

  /**
   * One page on one slot's worker (started if need be). The time limit covers the start too: a thread that
   * dies while loading its models never settles tesseract.js's own promise.
   */
  private async run(slot: Slot, job: Job): Promise<OcrResult> {
    let lost = false;
    let fail: (error: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => {
      fail = (error) => {
        lost = true;
        reject(error);
      };
    });
    failed.catch(() => {});
    const onExit = (code: number) => fail(new Error(`The OCR worker died (exit code ${code})`));
    const onError = (err: Error) => fail(err);
    const timeout = this.options.pageTimeoutMs ?? 120_000;
    const timer = setTimeout(() => fail(new Error(`OCR took longer than ${timeout} ms`)), timeout);
    let thread: ThreadWorker | undefined;
    try {
      slot.worker ??= this.start();
      const worker = await Promise.race([slot.worker, failed]);
      thread = threadOf(worker);
      thread.once('exit', onExit).once('error', onError);
      const image = Buffer.from(job.image.buffer, job.image.byteOffset, job.image.byteLength);
      const { data } = await Promise.race([
        worker.recognize(image, {}, { text: true, blocks: true }),
        failed,
      ]);
      return toResult(data);
    } catch (err) {
      // A page tesseract rejects (an unreadable image) leaves its worker usable; a failed start, a death or a
      // hang does not.
      if (lost || !thread) await this.discard(slot);
      throw err instanceof Error ? err : new Error(String(err));
    } finally {
      clearTimeout(timer);
      thread?.off('exit', onExit).off('error', onError);
    }
  }

  private async start(): Promise<Worker> {
    this.langPath ??= prepareLanguages(this.options.cacheDir).catch((err: unknown) => {
      this.langPath = null;
      throw err;
    });
    const langPath = await this.langPath;
    const worker = await createWorker(LANG_SPEC, OEM.LSTM_ONLY, {
      langPath,
      cachePath: langPath,
      gzip: true,
      cacheMethod: 'none',
      // Without a handler tesseract.js rethrows a rejected job inside its message listener (an uncaught error).
      errorHandler: () => {},
    });
    try {
      await worker.setParameters({ tessedit_pageseg_mode: this.options.psm ?? PSM.SINGLE_COLUMN });
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return worker;
  }

  /**
   * Drops a slot's worker and ends its thread. One still starting is ended once (if ever) it has started;
   * nobody waits more than a second for that.
   */
  private discard(slot: Slot): Promise<void> {
    const pending = slot.worker;
    slot.worker = null;
    const ended = pending?.then(
      async (worker) => {
        await worker.terminate();
        await threadOf(worker).terminate();
      },
      () => {},
    );
    const grace = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
    return Promise.race([ended ?? Promise.resolve(), grace]);
  }
}

/** The worker_threads Worker under a tesseract.js worker (not in its typings): how a crash is noticed. */
function threadOf(worker: Worker): ThreadWorker {
  return (worker as unknown as { worker: ThreadWorker }).worker;
}

/**
 * Copies both `4.0.0_best_int` language files into one directory (tesseract.js takes a single `langPath`).
 * Several worker processes may share the directory (the embedded profile scaled out on one machine): each
 * copies to a name of its own and renames it into place, so no process ever reads a half-written file
 * (a plain copy over the file would truncate it while another process's worker is loading it).
 */
async function prepareLanguages(cacheDir: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  for (const lang of LANGS) {
    const from = join(
      dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)),
      '4.0.0_best_int',
      `${lang}.traineddata.gz`,
    );
    const to = join(cacheDir, `${lang}.traineddata.gz`);
    const [source, copy] = await Promise.all([stat(from), stat(to).catch(() => null)]);
    if (copy?.size !== source.size) {
      const partial = `${to}.${process.pid}.${Date.now()}.partial`;
      await copyFile(from, partial);
      await rename(partial, to);
    }
  }
  return cacheDir;
}

/** Lines in reading order (blocks → paragraphs → lines), CJK spacing removed, words with their boxes. */
function toResult(page: Page): OcrResult {
  const words: OcrWord[] = [];
  const lines: string[] = [];
  for (const block of page.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines) {
        const texts: string[] = [];
        for (const word of line.words) {
          const text = word.text.trim();
          if (!text) continue;
          texts.push(text);
          const { x0, y0, x1, y1 } = word.bbox;
          words.push({ text, confidence: word.confidence, box: [x0, y0, x1, y1] });
        }
        const text = joinCjk(texts.join(' '));
        if (text) lines.push(text);
      }
  const confidence = words.length ? words.reduce((sum, w) => sum + w.confidence, 0) / words.length : 0;
  return { text: lines.join('\n'), confidence, words };
}

/** Removes the spaces tesseract puts between two CJK characters (or CJK punctuation). */
export function joinCjk(text: string): string {
  return text.replace(CJK_SPACE, '');
}
