import type { ReactNode } from 'react';
import type { Messages } from '../i18n/zh';
import { useI18n } from '../i18n/i18n';
import { Link, useRoute } from '../router';
import { useSession } from '../session';

/** The sections of the app, each shown to whoever holds one of its permissions. */
export const NAV: { to: string; label: keyof Messages; anyOf: string[] }[] = [
  { to: '/', label: 'dashboard', anyOf: [] },
  { to: '/catalogue', label: 'catalogue', anyOf: ['item.read'] },
  { to: '/search', label: 'search', anyOf: ['item.read'] },
  { to: '/intake', label: 'intake', anyOf: ['item.create'] },
  { to: '/transfers', label: 'transfers', anyOf: ['transfer.prepare', 'transfer.receive'] },
  { to: '/store', label: 'store', anyOf: ['store.manage'] },
  { to: '/loans', label: 'loans', anyOf: ['loan.request', 'loan.approve', 'loan.desk'] },
  {
    to: '/retention',
    label: 'retention',
    anyOf: ['retention.manage', 'appraisal.decide', 'destruction.approve', 'destruction.supervise'],
  },
  { to: '/reports', label: 'reports', anyOf: ['report.read'] },
  { to: '/admin', label: 'admin', anyOf: ['account.list', 'catalogue.edit', 'audit.read'] },
];

export function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { me, logout, can } = useSession();
  const { path } = useRoute();
  const visible = NAV.filter((n) => n.anyOf.length === 0 || n.anyOf.some(can));
  const active = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  return (
    <div className="shell">
      <header>
        <span className="brand">{t('appName')}</span>
        <nav aria-label="主导航">
          {visible.map((n) => (
            <Link key={n.to} to={n.to} aria-current={active(n.to) ? 'page' : undefined}>
              {t(n.label)}
            </Link>
          ))}
        </nav>
        <span className="who">
          {me?.username}
          {me?.section ? ` · ${me.section}` : ''}
        </span>
        <button type="button" className="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('language')}
        </button>
        <button type="button" className="link" onClick={() => void logout()}>
          {t('logout')}
        </button>
      </header>
      <main>{children}</main>
    </div>
  );
}
