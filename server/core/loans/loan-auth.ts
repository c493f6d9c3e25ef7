import { can, type Actor } from '../access/actor';
import type { Permission } from '../access/roles';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { forbidden } from '../shared/errors';

/**
 * Checks that the actor holds at least one of `permissions` (a page of a request is served to its borrower
 * or to the desk); a refusal is recorded in the audit trail before it is thrown, as `authorizeAudited` does.
 */
export async function authorizeAnyAudited(
  deps: Pick<CoreDeps, 'audit' | 'clock'>,
  actor: Actor,
  ctx: RequestContext,
  permissions: readonly Permission[],
  action: string,
  target: string | null,
): Promise<void> {
  if (permissions.some((p) => can(actor, p))) return;
  await recordAudit(deps, actor, ctx, action, target, { permission: permissions.join('|') }, 'denied');
  throw forbidden('auth.forbidden', `This account may not ${permissions.join(' or ')}.`);
}

/** Records a refusal of a loan action (wrong person for a step, a page outside the grant …) and throws it. */
export async function refuseAudited(
  deps: Pick<CoreDeps, 'audit' | 'clock'>,
  actor: Actor,
  ctx: RequestContext,
  action: string,
  target: string | null,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): Promise<never> {
  await recordAudit(deps, actor, ctx, action, target, { code, ...details }, 'denied');
  throw forbidden(code, message);
}
