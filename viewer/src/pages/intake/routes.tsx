import type { PageRoute } from '../../page-route';
import { BatchPage } from './batch-live';
import { IntakePage } from './intake-page';
import { ReviewDraftPage } from './review-draft-page';
import { ReviewQueuePage } from './review-queue-page';
import { SeparatorsPage } from './separators-page';
import './intake.css';

/** The intake pages: upload and batches, separator sheets, the review queue and one draft in review. */
export const intakeRoutes: PageRoute[] = [
  { path: '/intake', render: () => <IntakePage /> },
  { path: '/intake/batches/:id', render: (p) => <BatchPage key={p.id} id={p.id!} /> },
  { path: '/intake/separators', render: () => <SeparatorsPage /> },
  { path: '/intake/review', render: () => <ReviewQueuePage /> },
  { path: '/intake/review/:draftId', render: (p) => <ReviewDraftPage key={p.draftId} id={p.draftId!} /> },
];
