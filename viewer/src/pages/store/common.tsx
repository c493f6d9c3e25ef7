import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { messages } from './messages';

export const RETENTIONS = ['Y', 'D100', 'D50', 'D30', 'D10'] as const;
export const RETENTION_LABELS: Record<string, string> = {
  Y: '永久',
  D100: '100年',
  D50: '50年',
  D30: '30年',
  D10: '10年',
};

/** The store pages' own navigation. */
export function StoreNav() {
  const t = useText(messages);
  const { path } = useRoute();
  const tabs = [
    {
      to: '/store',
      label: t('tabBoxes'),
      match: (p: string) => p === '/store' || p.startsWith('/store/boxes'),
    },
    {
      to: '/store/locations',
      label: t('tabLocations'),
      match: (p: string) => p.startsWith('/store/locations'),
    },
    {
      to: '/store/movements',
      label: t('tabMovements'),
      match: (p: string) => p.startsWith('/store/movements'),
    },
  ];
  return (
    <nav className="subnav" aria-label={t('subnav')}>
      {tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} aria-current={tab.match(path) ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/** A box's group as people say it: 160 · 2013 · GL · 100年. */
export function groupLabel(g: { fondsCode: string; year: number; classCode: string; retention: string }) {
  return `${g.fondsCode} · ${g.year} · ${g.classCode} · ${RETENTION_LABELS[g.retention] ?? g.retention}`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Today in China (UTC+8), as the archive's registers count days: YYYY-MM-DD. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
