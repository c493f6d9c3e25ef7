import type { Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import type { Permission } from '../access/roles';
import type { CoreDeps, RequestContext } from '../deps';

/** Who may read retention work (due lists, appraisals, destruction lists): everyone who takes part in it. */
export const RETENTION_READERS: readonly Permission[] = [
  'retention.manage',
  'appraisal.decide',
  'destruction.approve',
  'destruction.supervise',
];

/** Passes when the actor takes part in retention work; otherwise refuses (audited as `action`). */
export function authorizeRetentionRead(
  deps: Pick<CoreDeps, 'audit' | 'clock'>,
  actor: Actor,
  ctx: RequestContext,
  action: string,
  target: string | null,
): Promise<void> {
  return authorizeAnyAudited(deps, actor, ctx, RETENTION_READERS, action, target);
}
