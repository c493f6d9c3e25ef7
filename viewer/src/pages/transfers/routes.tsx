import type { PageRoute } from '../../page-route';
import { useText } from '../../i18n/i18n';
import { Empty } from '../../components/status';
import { useSession } from '../../session';
import { LateTransfersPage } from './late-page';
import { messages } from './messages';
import { ReceiveListPage } from './receive-list';
import { SectionWorkPage } from './section-work';
import { TransferPage } from './transfer-page';
import './transfers.css';

/** `/transfers`: the archive receives (transfer.receive); a section prepares its own (transfer.prepare). */
function TransfersHome() {
  const { can } = useSession();
  const t = useText(messages);
  if (can('transfer.receive')) return <ReceiveListPage />;
  if (can('transfer.prepare')) return <SectionWorkPage />;
  return <Empty>{t('noPermission')}</Empty>;
}

/** The transfers pages. */
export const transfersRoutes: PageRoute[] = [
  { path: '/transfers', render: () => <TransfersHome /> },
  { path: '/transfers/late', render: () => <LateTransfersPage /> },
  { path: '/transfers/:id', render: (p) => <TransferPage id={p.id!} /> },
];
