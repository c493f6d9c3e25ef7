import type { Source, Target } from './endpoints';

/** The target holds data that did not come from this source: nothing is written (exit 2). */
export class MigrationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefused';
  }
}

/** The run was stopped (its signal aborted); what it copied stays, and a new run resumes after it. */
export class MigrationAborted extends Error {
  constructor() {
    super('The migration was stopped; run it again to resume.');
    this.name = 'MigrationAborted';
  }
}

export interface MigrationOptions {
  /** Stops the run at the next unit (a kill, for tests; Ctrl-C for the command). */
  signal?: AbortSignal;
  /** After each unit copied or found present: the kind, and its units handled so far in this run. */
  onProgress?: (kind: string, handled: number) => void;
  /** A line for the operator (what step runs); never personal data. */
  log?: (line: string) => void;
  /** Units per batch of the big kinds (items, search entries, drafts, blobs…); 500 by default. */
  batchSize?: number;
}

/** What one kind did in this run. */
export interface Tally {
  copied: number;
  present: number;
  notes: string[];
}

/** Where a resumable step got to: the key of its last unit done, and how many units were done up to it. */
export interface Checkpoint<K> {
  after: K;
  done: number;
}

export class MigrationContext {
  private readonly handled = new Map<string, number>();

  constructor(
    readonly source: Source,
    readonly target: Target,
    private readonly options: MigrationOptions = {},
  ) {}

  get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  log(line: string): void {
    this.options.log?.(line);
  }

  /** Counts a unit handled and stops here if the run was told to. */
  tick(kind: string): void {
    const n = (this.handled.get(kind) ?? 0) + 1;
    this.handled.set(kind, n);
    this.options.onProgress?.(kind, n);
    this.stopIfAsked();
  }

  stopIfAsked(): void {
    if (this.options.signal?.aborted) throw new MigrationAborted();
  }

  async checkpoint<K>(kind: string): Promise<Checkpoint<K> | null> {
    return this.target.state.get<Checkpoint<K>>(`progress:${kind}`);
  }

  /** Recorded only after the units up to `after` are written, so a resumed run redoes at most one batch. */
  async saveCheckpoint<K>(kind: string, checkpoint: Checkpoint<K>): Promise<void> {
    await this.target.state.set(`progress:${kind}`, checkpoint);
  }
}

export const newTally = (): Tally => ({ copied: 0, present: 0, notes: [] });
