import type { Actor } from '../access/actor';
import type { CoreDeps, RequestContext } from '../deps';
import { authorizeAudited, recordAudit } from './record-audit';
import type { AuditQuery } from './audit-trail.port';
import type { AuditEntry } from './audit.model';

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
