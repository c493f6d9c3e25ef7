import { mkdir, rename, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { CoreDeps } from '../core/deps';
import { SYSTEM_ACTOR } from '../core/access/actor';
import { receiveBatch } from '../core/ingest/receive-batch';
import { SPLIT_MODES, type SplitMode } from '../core/ingest/ingest.model';
import { listFiles, localUpload } from './local-files';

export interface HotFolderLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The hot folder a scanner writes into: `<root>/<全宗号>/<业务科室>/[separator|blank/]<files>`. Files that
 * have stopped growing become a batch (split by file, or by the subfolder's mode); once stored they move to
 * `<root>/.received/<batch id>/`, so nothing is ingested twice and nothing is deleted.
 */
export class HotFolder {
  private readonly seen = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: CoreDeps,
    private readonly root: string,
    private readonly log: HotFolderLog,
    private readonly pollMs = 5000,
  ) {}

  async start(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass: batches every folder whose files were all unchanged since the last pass. */
  poll(): Promise<void> {
    this.running ??= this.scan()
      .catch((e: unknown) => this.log.error({ err: String(e) }, 'hot folder scan failed'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async scan(): Promise<void> {
    const files = (await listFiles(this.root)).filter((f) => !relative(this.root, f).startsWith('.'));
    const groups = new Map<string, string[]>();
    const unstable = new Set<string>();
    for (const f of files) {
      const dir = f.slice(0, f.length - basename(f).length - 1);
      const s = await stat(f).catch(() => null);
      if (!s) continue;
      const sig = `${s.size}:${s.mtimeMs}`;
      const stable = this.seen.get(f) === sig;
      this.seen.set(f, sig);
      if (!stable) unstable.add(dir);
      groups.set(dir, [...(groups.get(dir) ?? []), f]);
    }
    for (const [dir, group] of groups) if (!unstable.has(dir)) await this.ingest(dir, group);
  }

  private async ingest(dir: string, group: string[]): Promise<void> {
    const parts = relative(this.root, dir).split(/[\\/]/);
    const mode = SPLIT_MODES.includes(parts[parts.length - 1] as SplitMode)
      ? (parts.pop() as SplitMode)
      : 'file';
    const [fondsCode, section] = parts;
    if (!fondsCode || !section || parts.length !== 2) {
      this.log.error({ dir: relative(this.root, dir) }, 'hot folder: put files in <全宗号>/<业务科室>/');
      return;
    }
    const uploads = await Promise.all(group.map((f) => localUpload(f, basename(f))));
    const batch = await receiveBatch(
      this.deps,
      SYSTEM_ACTOR,
      { requestId: 'hot-folder' },
      { fondsCode, section, splitMode: mode, source: 'hot_folder' },
      uploads,
    );
    const target = join(this.root, '.received', batch.id);
    await mkdir(target, { recursive: true });
    for (const f of group) {
      await rename(f, join(target, basename(f)));
      this.seen.delete(f);
    }
    this.log.info({ batch: batch.id, files: group.length }, 'hot folder batch received');
  }
}
