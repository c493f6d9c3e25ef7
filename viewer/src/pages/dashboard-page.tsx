import { api } from '../api/client';
import type { WaitingWork } from '../api/types';
import { Empty, ErrorBanner, Loading, useLoad } from '../components/status';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { DashboardCharts } from './reports/charts';

/** Where each kind of waiting work is dealt with in the viewer. */
const PAGE_OF: Record<string, string> = {
  drafts_to_review: '/intake/review',
  items_to_pre_archive: '/transfers',
  items_to_transfer: '/transfers',
  items_returned: '/transfers',
  late_transfers: '/transfers/late',
  transfers_to_receive: '/transfers',
  loans_to_approve: '/loans?view=to_approve',
  loans_to_check_out: '/loans?view=all',
  loans_overdue: '/loans/overdue',
  items_falling_due: '/retention',
  appraisals_to_vote: '/retention/appraisals',
  destruction_to_approve: '/retention/destruction-lists',
  destruction_to_confirm: '/retention/destruction-lists',
  destruction_to_execute: '/retention/destruction-lists',
};

/** 待办: what is waiting for me, with counts and links (GET /api/dashboard). */
export function DashboardPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { data, error, loading, reload } = useLoad(
    () => api<{ asOf: string; waiting: WaitingWork[] }>('/api/dashboard'),
    [],
  );
  if (loading) return <Loading />;
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  const waiting = data!.waiting;
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">{t('dashboard')}</h1>
      {waiting.length === 0 ? (
        <Empty>{t('nothingWaiting')}</Empty>
      ) : (
        <ul className="cards">
          {waiting.map((w) => (
            <li key={w.key} className={w.count > 0 ? 'card busy' : 'card'} data-key={w.key}>
              <span className="count">{w.count}</span>
              <span className="label">{w.label}</span>
              <Link to={PAGE_OF[w.key] ?? '/'}>{t('open')}</Link>
            </li>
          ))}
        </ul>
      )}
      {can('report.read') && <DashboardCharts />}
    </section>
  );
}
