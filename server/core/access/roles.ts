/**
 * Roles and what each may do. 三员分立: the system administrator, the security officer and the
 * auditor hold disjoint permissions, and no account may hold two of those three roles.
 */
export const ROLES = [
  'sysadmin', // 系统管理员: accounts and configuration
  'security_officer', // 安全保密员: who holds which role, unlocks
  'auditor', // 安全审计员: reads the audit trail
  'archivist', // 专职档案管理员
  'clerk', // 业务经办人员 / 兼职档案员 (one section)
  'section_head', // 业务科室负责人 (one section)
  'approver', // 分管领导 / 审批人
  'appraiser', // 鉴定小组成员
  'supervisor', // 监销人
  'borrower', // 借阅人
] as const;
export type Role = (typeof ROLES)[number];

export const SEPARATED_DUTIES: readonly Role[] = ['sysadmin', 'security_officer', 'auditor'];

export type Permission =
  | 'account.create'
  | 'account.disable'
  | 'account.reset_password'
  | 'account.assign_roles'
  | 'account.unlock'
  | 'account.list'
  | 'audit.read'
  | 'fonds.manage'
  | 'catalogue.read'
  | 'catalogue.edit'
  | 'item.read'
  | 'item.create'
  | 'item.update'
  | 'item.accession'
  | 'item.hold'
  | 'page.read'
  | 'pii.full';

const GRANTS: Record<Role, readonly Permission[]> = {
  sysadmin: ['account.create', 'account.disable', 'account.reset_password', 'account.list'],
  security_officer: ['account.assign_roles', 'account.unlock', 'account.list'],
  auditor: ['audit.read'],
  archivist: [
    'catalogue.read',
    'catalogue.edit',
    'fonds.manage',
    'item.read',
    'item.create',
    'item.update',
    'item.accession',
    'item.hold',
    'page.read',
    'pii.full',
  ],
  clerk: ['catalogue.read', 'item.read', 'item.create', 'item.update', 'page.read', 'pii.full'],
  section_head: ['catalogue.read', 'item.read', 'page.read', 'pii.full'],
  approver: ['catalogue.read', 'item.read'],
  appraiser: ['catalogue.read', 'item.read'],
  supervisor: ['catalogue.read', 'item.read'],
  borrower: ['catalogue.read'],
};

/** Roles whose item permissions are limited to the items of their own business section. */
export const SECTION_SCOPED: readonly Role[] = ['clerk', 'section_head'];

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) for (const p of GRANTS[role]) out.add(p);
  return out;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
