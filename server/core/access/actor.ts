import type { AccountId } from '../shared/ids';
import { forbidden } from '../shared/errors';
import { SECTION_SCOPED, permissionsOf, type Permission, type Role } from './roles';

/** Who is acting: the authenticated account, its roles and (for section roles) its business section. */
export interface Actor {
  readonly accountId: AccountId;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly section: string | null;
}

/** The system itself (bootstrap, demo seeding, workers): recorded in the audit trail as `system`. */
export const SYSTEM_ACTOR: Actor = {
  accountId: 'system' as AccountId,
  username: 'system',
  roles: ['archivist'],
  section: null,
};

export function can(actor: Actor, permission: Permission): boolean {
  return permissionsOf(actor.roles).has(permission);
}

/** Throws `auth.forbidden` unless the actor holds the permission. Checked in the core, not in routes. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden('auth.forbidden', `This account may not ${permission}.`);
}

/**
 * Which business sections' items the actor may see: `'all'`, or a list (a clerk or section head sees
 * only their own section). An actor holding any unscoped item role sees all.
 */
export function itemScope(actor: Actor): 'all' | string[] {
  const unscoped = actor.roles.some(
    (r) => !SECTION_SCOPED.includes(r) && permissionsOf([r]).has('item.read'),
  );
  if (unscoped) return 'all';
  return actor.section ? [actor.section] : [];
}

/** Whether the actor sees 公民身份号码 and names in full, or masked. */
export function seesFullPersonalData(actor: Actor): boolean {
  return can(actor, 'pii.full');
}
