import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { messages } from './messages';
import type { TransferStatus } from './types';

/** The transfers pages' own navigation. */
export function TransfersNav() {
  const t = useText(messages);
  const { can } = useSession();
  const { path } = useRoute();
  const tabs = [
    can('transfer.prepare') ? { to: '/transfers', label: t('tabSection') } : null,
    can('transfer.receive') ? { to: '/transfers', label: t('tabReceive') } : null,
    { to: '/transfers/late', label: t('tabLate') },
  ].filter((x): x is { to: string; label: string } => !!x);
  return (
    <nav className="subnav" aria-label={t('subnav')}>
      {tabs.map((tab) => (
        <Link key={tab.label} to={tab.to} aria-current={path === tab.to ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

const STATUS_TONE: Record<TransferStatus, string> = {
  draft: 'tag',
  submitted: 'tag info',
  checked: 'tag info',
  accepted: 'tag good',
  partially_accepted: 'tag warn',
  returned: 'tag bad',
  cancelled: 'tag',
};

export function TransferStatusTag({ status, label }: { status: TransferStatus; label: string }) {
  return <span className={STATUS_TONE[status]}>{label}</span>;
}

/** 2026-05-07T08:30:00Z → 2026-05-07 16:30 (the browser's time zone: China in the office). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** 20130517 → 2013-05-17 */
export function day(d: string): string {
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;
}

export const ym = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
