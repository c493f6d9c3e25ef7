import type { Actor } from '../access/actor';
import { authorizeAudited } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { Item } from '../items/item.model';
import { requestIndexing } from '../search/request-indexing';
import { DomainError, notFound } from '../shared/errors';
import type { ItemId } from '../shared/ids';
import { mayView } from './loan-view';
import type { Loan } from './loan.model';

/** The record collection of requests (借阅单). */
export const loanRecords = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<Loan>('loan');

/** A request the actor may see; `loan.not_found` otherwise (its existence is not revealed). */
export async function visibleLoan(deps: Pick<CoreDeps, 'records'>, actor: Actor, id: string): Promise<Loan> {
  const loan = await loanRecords(deps).get(id);
  if (!loan || !mayView(actor, loan)) throw notFound('loan.not_found', `No request ${id}.`);
  return loan;
}

/** A request handled at the desk: the actor authorized for `loan.desk` (a refusal audited as `action`). */
export async function deskLoan(
  deps: Pick<CoreDeps, 'audit' | 'clock' | 'records'>,
  actor: Actor,
  ctx: RequestContext,
  action: string,
  id: string,
): Promise<Loan> {
  await authorizeAudited(deps, actor, ctx, 'loan.desk', action, id);
  return visibleLoan(deps, actor, id);
}

/** The claim that makes one physical item lendable to one request at a time. */
export const physicalClaim = (itemId: string) => `physical:${itemId}`;

/** A stored object's bytes (a page image: small enough to hold). */
export async function readBlobBytes(
  deps: Pick<CoreDeps, 'blobs'>,
  sha256: string,
): Promise<Uint8Array | null> {
  const blob = await deps.blobs.open(sha256);
  if (!blob) return null;
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const c of blob.stream) {
    chunks.push(c);
    length += c.byteLength;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Changes an item with compare-and-set, re-reading and retrying when someone else wrote it in between
 * (an archivist editing its catalogue entry while the desk lends it). `change` returns null to leave it.
 */
export async function changeItem(
  deps: Pick<CoreDeps, 'items' | 'jobs'>,
  id: string,
  change: (item: Item) => Item | null,
): Promise<Item | null> {
  for (let attempt = 0; ; attempt++) {
    const item = await deps.items.get(id as ItemId);
    if (!item) return null;
    const next = change(item);
    if (!next) return item;
    try {
      const written = { ...next, revision: item.revision + 1 };
      await deps.items.update(written);
      await requestIndexing(deps, item.id);
      return written;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'item.revision_conflict') || attempt >= 4) throw e;
    }
  }
}
