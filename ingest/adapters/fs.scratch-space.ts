import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ScratchSpace } from '../../server/core/ingest/ingest-ports';

/**
 * `ScratchSpace` on the local file system: each copy is a new file with a random name in one directory,
 * readable by the server's user only (scans of social-insurance files are personal data).
 *
 * The directory is created on first use. Nothing here cleans up after a crash: empty the directory at
 * start-up if the process may have died between `materialize` and `dispose`.
 */
export class FsScratchSpace implements ScratchSpace {
  /** @param dir where the scratch files go (a directory of their own: start-up may empty it) */
  constructor(private readonly dir: string) {}

  /**
   * Streams `content` into a new file named `<uuid><suffix>` (the suffix keeps only letters, digits, `.`,
   * `_` and `-`, so it can never leave the directory). A failed copy leaves no file behind.
   */
  async materialize(
    content: AsyncIterable<Uint8Array>,
    suffix: string,
  ): Promise<{ path: string; dispose(): Promise<void> }> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${randomUUID()}${suffix.replace(/[^\w.-]/g, '').slice(-16)}`);
    try {
      await pipeline(content, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    return {
      path,
      /** Removes the copy; a copy already gone is fine. */
      dispose: () => rm(path, { force: true }),
    };
  }
}
