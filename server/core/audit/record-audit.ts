import type { Actor } from '../access/actor';
import { authorize } from '../access/actor';
import type { Permission } from '../access/roles';
import type { CoreDeps, RequestContext } from '../deps';
import { DomainError } from '../shared/errors';
import type { AuditDraft } from './audit.model';

/** Appends one entry to the audit trail on behalf of `actor`. */
export async function recordAudit(
  deps: Pick<CoreDeps, 'audit' | 'clock'>,
  actor: { accountId: string; username: string },
  ctx: RequestContext,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
  outcome: AuditDraft['outcome'] = 'ok',
): Promise<void> {
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    actorId: actor.accountId,
    actor: actor.username,
    action,
    target,
    outcome,
    details,
    requestId: ctx.requestId,
  });
}

/** Checks a permission; a refusal is itself recorded in the audit trail before it is thrown. */
export async function authorizeAudited(
  deps: Pick<CoreDeps, 'audit' | 'clock'>,
  actor: Actor,
  ctx: RequestContext,
  permission: Permission,
  action: string,
  target: string | null,
): Promise<void> {
  try {
    authorize(actor, permission);
  } catch (e) {
    if (e instanceof DomainError)
      await recordAudit(deps, actor, ctx, action, target, { permission }, 'denied');
    throw e;
  }
}
