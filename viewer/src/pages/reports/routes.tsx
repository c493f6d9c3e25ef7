import type { PageRoute } from '../../page-route';
import { ReportsPage } from './reports-page';
import './reports.css';

/** The reports pages: statistics tables, registers, loan statistics, the 达标验收 readiness report. */
export const reportsRoutes: PageRoute[] = [{ path: '/reports', render: () => <ReportsPage /> }];
