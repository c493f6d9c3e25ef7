import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { forbidden } from '../shared/errors';

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

/** `refuseAudited` for one action on one target, when a use case may refuse it for several reasons. */
export function refuser(
  deps: Pick<CoreDeps, 'audit' | 'clock'>,
  actor: Actor,
  ctx: RequestContext,
  action: string,
  target: string | null,
): (code: string, message: string, details?: Record<string, unknown>) => Promise<never> {
  return (code, message, details) => refuseAudited(deps, actor, ctx, action, target, code, message, details);
}
