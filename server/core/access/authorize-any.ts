import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { forbidden } from '../shared/errors';
import { can, type Actor } from './actor';
import type { Permission } from './roles';

/**
 * Checks that the actor holds at least one of `permissions` (a page of a request is served to its borrower
 * or to the desk; retention work is read by everyone who takes part in it); a refusal is recorded in the
 * audit trail before it is thrown (`auth.forbidden`), as `authorizeAudited` does for one permission.
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
