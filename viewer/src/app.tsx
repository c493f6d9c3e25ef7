import { Loading } from './components/status';
import { Shell } from './components/shell';
import { useI18n } from './i18n/i18n';
import { DashboardPage } from './pages/dashboard-page';
import { LoginPage } from './pages/login-page';
import { match, useRoute } from './router';
import { useSession } from './session';
import type { PageRoute } from './page-route';
import { catalogueRoutes } from './pages/catalogue/routes';
import { itemRoutes } from './pages/item/routes';
import { intakeRoutes } from './pages/intake/routes';
import { transfersRoutes } from './pages/transfers/routes';
import { storeRoutes } from './pages/store/routes';
import { loansRoutes } from './pages/loans/routes';
import { retentionRoutes } from './pages/retention/routes';
import { reportsRoutes } from './pages/reports/routes';
import { adminRoutes } from './pages/admin/routes';

/** Pages by path; `:name` segments are passed as parameters. Add new pages here. */
export const ROUTES: PageRoute[] = [
  { path: '/', render: () => <DashboardPage /> },
  ...catalogueRoutes,
  ...itemRoutes,
  ...intakeRoutes,
  ...transfersRoutes,
  ...storeRoutes,
  ...loansRoutes,
  ...retentionRoutes,
  ...reportsRoutes,
  ...adminRoutes,
];

export function App() {
  const { me, checking } = useSession();
  const { path } = useRoute();
  const { t } = useI18n();
  if (checking) return <Loading />;
  if (!me) return <LoginPage />;
  for (const r of ROUTES) {
    const params = match(r.path, path);
    if (params) return <Shell>{r.render(params)}</Shell>;
  }
  return (
    <Shell>
      <p className="empty">{t('notFoundPage')}</p>
    </Shell>
  );
}
