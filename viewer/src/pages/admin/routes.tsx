import type { PageRoute } from '../../page-route';
import { AccountsPage } from './accounts-page';
import { AdminHome } from './admin-layout';
import { AuditPage } from './audit-page';
import { BusinessStepsPage, FondsPage, FondsSchemesPage, RetentionTablePage } from './catalogue-pages';
import './admin.css';

/** The admin pages: accounts and roles (三员分立), the audit trail, fonds, schemes and the catalogue. */
export const adminRoutes: PageRoute[] = [
  { path: '/admin', render: () => <AdminHome /> },
  { path: '/admin/accounts', render: () => <AccountsPage /> },
  { path: '/admin/audit', render: () => <AuditPage /> },
  { path: '/admin/fonds', render: () => <FondsPage /> },
  { path: '/admin/fonds/:code', render: (p) => <FondsSchemesPage code={p.code!} /> },
  { path: '/admin/retention-table', render: () => <RetentionTablePage /> },
  { path: '/admin/business-steps', render: () => <BusinessStepsPage /> },
];
