import type { CoreDeps } from '../deps';
import type { RecordCollection, RecordPage, StoredRecord } from '../records/record-store.port';
import { DomainError, notFound } from '../shared/errors';
import type { Appraisal } from './appraisal.model';
import type { DestructionList } from './destruction.model';

export const appraisals = (deps: Pick<CoreDeps, 'records'>) =>
  deps.records.collection<Appraisal>('appraisal');
export const destructionLists = (deps: Pick<CoreDeps, 'records'>) =>
  deps.records.collection<DestructionList>('destruction_list');

export async function getOr404<T extends StoredRecord>(
  col: RecordCollection<T>,
  id: string,
  code: string,
  what: string,
): Promise<T> {
  const r = await col.get(id);
  if (!r) throw notFound(code, `No ${what} ${id}.`);
  return r;
}

/** A page of records, newest first; only those in `status` when it is given. */
export function pageByStatus<T extends StoredRecord>(
  col: RecordCollection<T>,
  q: { status?: string; limit: number; cursor?: string },
): Promise<RecordPage<T>> {
  return col.list(q.status ? { status: q.status } : {}, q.limit, q.cursor ?? null);
}

/**
 * Reads a record, applies `change`, and writes it (compare-and-set). When someone else wrote first
 * (`record.stale`), reads again and re-applies, a few times: `change` re-checks its rules on fresh state,
 * so two committee members voting at once both count, and a transition that is no longer allowed fails.
 */
export async function mutate<T extends StoredRecord>(
  col: RecordCollection<T>,
  id: string,
  notFoundCode: string,
  change: (current: T) => T | Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let i = 1; ; i++) {
    const current = await getOr404(col, id, notFoundCode, 'record');
    const next = { ...(await change(current)), revision: current.revision + 1 };
    try {
      await col.update(next);
      return next;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'record.stale') || i >= attempts) throw e;
    }
  }
}

/** `YYYY-0001`-style numbers from a gap-free sequence per prefix and year (鉴定编号, 清册编号). */
export async function nextNumber(deps: Pick<CoreDeps, 'records'>, prefix: string, year: number) {
  const n = await deps.records.next(`${prefix}-${year}`);
  return `${prefix}-${year}-${String(n).padStart(4, '0')}`;
}
