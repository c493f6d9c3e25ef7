import type { PageRoute } from '../../page-route';
import { LoanPage } from './loan-page';
import { LoansListPage } from './loans-list-page';
import { NewLoanPage } from './new-loan-page';
import { OverduePage } from './overdue-page';
import { RegistersPage } from './registers-page';
import './loans.css';

/** The loans pages (fixed paths before `/loans/:id`, which would take them for an id). */
export const loansRoutes: PageRoute[] = [
  { path: '/loans', render: () => <LoansListPage /> },
  { path: '/loans/new', render: () => <NewLoanPage /> },
  { path: '/loans/overdue', render: () => <OverduePage /> },
  { path: '/loans/registers', render: () => <RegistersPage /> },
  { path: '/loans/:id', render: (p) => <LoanPage key={p.id} id={p.id!} /> },
];
