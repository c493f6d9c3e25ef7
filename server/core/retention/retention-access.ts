import { can, type Actor } from '../access/actor';
import type { Permission } from '../access/roles';
import { authorizeAudited } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';

/** Who may read retention work (due lists, appraisals, destruction lists): everyone who takes part in it. */
export const RETENTION_READERS: readonly Permission[] = [
  'retention.manage',
  'appraisal.decide',
  'destruction.approve',
  'destruction.supervise',
];

/** Passes when the actor holds any of `permissions`; otherwise refuses (audited) as the first one. */
export async function authorizeAnyAudited(
  deps: Pick<CoreDeps, 'audit' | 'clock'>,
  actor: Actor,
  ctx: RequestContext,
  permissions: readonly Permission[],
  action: string,
  target: string | null,
): Promise<void> {
  if (permissions.some((p) => can(actor, p))) return;
  await authorizeAudited(deps, actor, ctx, permissions[0]!, action, target);
}
