import type { ReactNode } from 'react';
import { useI18n, useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { messages, type AdminKey } from './messages';

/** The administration sections, each shown to whoever may open it. */
export const ADMIN_SECTIONS: { to: string; label: AdminKey; intro: AdminKey; anyOf: string[] }[] = [
  { to: '/admin/accounts', label: 'accounts', intro: 'accountsIntro', anyOf: ['account.list'] },
  { to: '/admin/audit', label: 'audit', intro: 'auditIntro', anyOf: ['audit.read'] },
  { to: '/admin/fonds', label: 'fonds', intro: 'fondsIntro', anyOf: ['catalogue.read'] },
  {
    to: '/admin/retention-table',
    label: 'retentionTable',
    intro: 'retentionIntro',
    anyOf: ['catalogue.read'],
  },
  {
    to: '/admin/business-steps',
    label: 'businessSteps',
    intro: 'businessStepsIntro',
    anyOf: ['catalogue.read'],
  },
];

export function useAdminSections() {
  const { can } = useSession();
  return ADMIN_SECTIONS.filter((s) => s.anyOf.some(can));
}

/** An admin page: its heading, the section links, then the page. */
export function AdminLayout({
  title,
  intro,
  children,
}: {
  title: AdminKey;
  intro?: AdminKey;
  children: ReactNode;
}) {
  const t = useText(messages);
  const { path } = useRoute();
  const sections = useAdminSections();
  return (
    <section className="admin-page" aria-labelledby="admin-title">
      <h1 id="admin-title">{t(title)}</h1>
      {intro && <p className="intro">{t(intro)}</p>}
      {sections.length > 1 && (
        <nav className="admin-tabs" aria-label={t('subnav')}>
          {sections.map((s) => (
            <Link
              key={s.to}
              to={s.to}
              aria-current={path === s.to || path.startsWith(`${s.to}/`) ? 'page' : undefined}
            >
              {t(s.label)}
            </Link>
          ))}
        </nav>
      )}
      {children}
    </section>
  );
}

/** /admin: what this person may administer. */
export function AdminHome() {
  const t = useText(messages);
  const sections = useAdminSections();
  return (
    <AdminLayout title="title">
      {sections.length === 0 ? (
        <p className="empty">{t('nothingHere')}</p>
      ) : (
        <ul className="cards admin-cards">
          {sections.map((s) => (
            <li key={s.to} className="card">
              <Link to={s.to} className="card-title">
                {t(s.label)}
              </Link>
              <span className="label">{t(s.intro)}</span>
            </li>
          ))}
        </ul>
      )}
    </AdminLayout>
  );
}

/** A role, period or axis label in the chosen language. */
export function useLabel() {
  const { lang } = useI18n();
  return (table: Record<string, { zh: string; en: string }>, key: string) => table[key]?.[lang] ?? key;
}
