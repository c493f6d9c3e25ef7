import type { StoredRecord } from '../records/record-store.port';
import { DomainError, conflict } from '../shared/errors';

/**
 * Refuses a change made against an older copy: `revision` (what the client last read; not given, no
 * check) must still be the record's. `label` names the record in the message (`Box 160-2013-GL-D100-盒0001`).
 */
export function assertRevision(record: StoredRecord, revision: number | undefined, label: string): void {
  if (revision !== undefined && revision !== record.revision)
    throw conflict('record.stale', `${label} was changed by someone else; reload and retry.`, {
      currentRevision: record.revision,
    });
}

/**
 * Runs `work` (read, check, compare-and-set write) again when it loses the race (`record.stale`), up to
 * `tries` times in all; other errors, and the last loss, are thrown.
 */
export async function retryStale<T>(work: () => Promise<T>, tries = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'record.stale') || attempt >= tries) throw e;
    }
  }
}
