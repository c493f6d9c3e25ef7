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
  | 'pii.full'
  // 预立卷 → 移交 → 验收
  | 'transfer.prepare' // a section builds and submits its transfer
  | 'transfer.receive' // the archive checks, reconciles, accepts or returns
  // 装盒 → 上架 → 出入库
  | 'store.manage' // box types, boxes, locations, placing, moving, movement registers
  // 借阅 / 查阅 / 复制
  | 'loan.request' // ask to consult, borrow or copy
  | 'loan.approve' // approve or refuse a request (as its route requires)
  | 'loan.desk' // grant, check out, renew, return, close, registers
  // 到期 → 鉴定 → 销毁
  | 'retention.manage' // due lists, appraisal and destruction lists prepared and executed
  | 'appraisal.decide' // committee members decide per item
  | 'destruction.approve' // the approver signs the destruction list off
  | 'destruction.supervise' // a 监销人 confirms witnessing the destruction
  // 统计
  | 'report.read';

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
    'transfer.receive',
    'store.manage',
    'loan.request',
    'loan.desk',
    'retention.manage',
    'report.read',
  ],
  clerk: [
    'catalogue.read',
    'item.read',
    'item.create',
    'item.update',
    'page.read',
    'pii.full',
    'transfer.prepare',
    'loan.request',
  ],
  section_head: [
    'catalogue.read',
    'item.read',
    'page.read',
    'pii.full',
    'transfer.prepare',
    'loan.request',
    'loan.approve',
    'report.read',
  ],
  approver: ['catalogue.read', 'item.read', 'loan.approve', 'destruction.approve', 'report.read'],
  appraiser: ['catalogue.read', 'item.read', 'page.read', 'appraisal.decide'],
  supervisor: ['catalogue.read', 'item.read', 'destruction.supervise'],
  borrower: ['catalogue.read', 'loan.request'],
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
