import type { PageRoute } from '../../page-route';
import { AppraisalPage } from './appraisal-page';
import { AppraisalsPage } from './appraisals-page';
import { DestructionListPage } from './destruction-list-page';
import { DestructionListsPage } from './destruction-lists-page';
import { DuePage } from './due-page';
import './retention.css';

/** The retention pages: 到期档案 → 鉴定 → 销毁清册. */
export const retentionRoutes: PageRoute[] = [
  { path: '/retention', render: () => <DuePage /> },
  { path: '/retention/appraisals', render: () => <AppraisalsPage /> },
  { path: '/retention/appraisals/:id', render: (p) => <AppraisalPage key={p.id} id={p.id!} /> },
  { path: '/retention/destruction-lists', render: () => <DestructionListsPage /> },
  { path: '/retention/destruction-lists/:id', render: (p) => <DestructionListPage key={p.id} id={p.id!} /> },
];
