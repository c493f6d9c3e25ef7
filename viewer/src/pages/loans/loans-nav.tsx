import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { useText } from '../../i18n/i18n';
import { messages } from './messages';

/** The loans area's own navigation: each tab shown to whoever may use it. */
export function LoansNav() {
  const t = useText(messages);
  const { can } = useSession();
  const { path, query } = useRoute();
  const desk = can('loan.desk');
  const view = path === '/loans' ? (query.get('view') ?? defaultView(can)) : null;
  const tabs: { to: string; label: string; current: boolean; show: boolean }[] = [
    { to: '/loans?view=mine', label: t('viewMine'), current: view === 'mine', show: can('loan.request') },
    {
      to: '/loans?view=to_approve',
      label: t('viewToApprove'),
      current: view === 'to_approve',
      show: can('loan.approve') || desk,
    },
    { to: '/loans?view=all', label: t('viewAll'), current: view === 'all', show: desk },
    { to: '/loans/overdue', label: t('overdue'), current: path === '/loans/overdue', show: desk },
    { to: '/loans/registers', label: t('registers'), current: path === '/loans/registers', show: desk },
  ];
  return (
    <nav className="subnav" aria-label={t('areaNav')}>
      {tabs
        .filter((x) => x.show)
        .map((x) => (
          <Link key={x.to} to={x.to} aria-current={x.current ? 'page' : undefined}>
            {x.label}
          </Link>
        ))}
      {can('loan.request') && (
        <Link
          to="/loans/new"
          className="subnav-action"
          aria-current={path === '/loans/new' ? 'page' : undefined}
        >
          {t('newRequest')}
        </Link>
      )}
    </nav>
  );
}

/** Borrowers start on their own requests; approvers (who borrow nothing) on what waits for them. */
export function defaultView(can: (p: string) => boolean): 'mine' | 'to_approve' {
  return can('loan.request') ? 'mine' : 'to_approve';
}
