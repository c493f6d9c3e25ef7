import type { Actor } from '../access/actor';
import type { CoreDeps, RequestContext } from '../deps';
import { authorizeAudited, recordAudit } from './record-audit';
import type { AuditQuery } from './audit-trail.port';
import type { AuditEntry } from './audit.model';
import { verifyAuditChain, type ChainReport } from './verify-audit-chain';

/** The auditor reads the trail (newest first); reading it is itself recorded. */
export async function readAudit(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  q: AuditQuery,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  await authorizeAudited(deps, actor, ctx, 'audit.read', 'audit.read', null);
  const entries = await deps.audit.list(q);
  await recordAudit(deps, actor, ctx, 'audit.read', null, { ...q });
  const last = entries[entries.length - 1];
  return { entries, nextBefore: entries.length === q.limit && last ? last.seq : null };
}

/** The auditor checks the whole chain (edited, removed or re-ordered entries); the check is recorded. */
export async function checkAuditChain(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
): Promise<ChainReport> {
  await authorizeAudited(deps, actor, ctx, 'audit.read', 'audit.verify', null);
  const report = await verifyAuditChain(deps.audit);
  await recordAudit(deps, actor, ctx, 'audit.verify', null, { ...report }, report.ok ? 'ok' : 'failed');
  return report;
}
