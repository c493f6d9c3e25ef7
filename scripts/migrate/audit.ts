import type { AuditEntry } from '../../server/core/audit/audit.model';
import type { AuditTrail } from '../../server/core/audit/audit-trail.port';
import { verifyAuditChain } from '../../server/core/audit/verify-audit-chain';
import type { MigrationContext } from './context';
import { MigrationRefused, newTally } from './context';
import type { Side } from './digest';
import type { KindReport } from './report';

const KIND = 'audit entries';

/** The chain verified from its first entry: its length and last entry, or where it breaks. */
async function chainSide(trail: AuditTrail): Promise<Side> {
  const r = await verifyAuditChain(trail);
  return r.ok
    ? { count: r.entries, digest: `last ${r.entries}:${r.lastHash}` }
    : { count: r.entries, digest: `BROKEN at ${r.brokenAt} (${r.reason})` };
}

/**
 * The audit trail, appended to the target's in order through the port: sealed onto the same previous
 * entry with the same content, each entry gets the source's seq and hash again, which is checked entry
 * by entry. The target's own last entry says how far an earlier run got (an append is one insert, so a
 * kill never leaves half an entry), and it must be the source's entry at that seq: a target chain that
 * is not the start of the source's is another installation's, and nothing is appended to it.
 */
export async function migrateAudit(ctx: MigrationContext): Promise<KindReport> {
  ctx.log('audit trail');
  const tally = newTally();
  const from = ctx.source.stores.deps.audit;
  const to = ctx.target.stores.deps.audit;
  const [last] = await to.list({ limit: 1 });
  const start = last?.seq ?? 0;
  if (last) {
    let same: AuditEntry | undefined;
    for await (const e of from.scan(start, 1)) {
      same = e;
      break;
    }
    if (!same || same.seq !== start || same.hash !== last.hash)
      throw new MigrationRefused(
        `The target's audit entry ${start} is not this installation's (its hash differs); nothing was appended.`,
      );
  }
  tally.present = start;
  for await (const entry of from.scan(start + 1, ctx.batchSize)) {
    const { seq, prevHash: _prev, hash, ...draft } = entry;
    const appended = await to.append(draft);
    if (appended.seq !== seq || appended.hash !== hash)
      throw new Error(
        `Audit entry ${seq} was sealed as ${appended.seq} with another hash: something else writes to the target's audit trail.`,
      );
    tally.copied++;
    ctx.tick(KIND);
  }
  return { kind: KIND, source: await chainSide(from), target: await chainSide(to), ...tally };
}
