import type { ReactNode } from 'react';
import { Loading } from './components/status';
import { Shell } from './components/shell';
import { useI18n } from './i18n/i18n';
import { DashboardPage } from './pages/dashboard-page';
import { LoginPage } from './pages/login-page';
import { match, useRoute } from './router';
import { useSession } from './session';

/** Pages by path; `:name` segments are passed as parameters. Add new pages here. */
export const ROUTES: { path: string; render: (p: Record<string, string>) => ReactNode }[] = [
  { path: '/', render: () => <DashboardPage /> },
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
