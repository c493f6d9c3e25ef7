import { Link, useRoute } from '../../router';
import { useText } from '../../i18n/i18n';
import { messages } from './messages';

/** The retention area's own navigation: 到期档案 → 鉴定 → 销毁清册. */
export function RetentionNav() {
  const t = useText(messages);
  const { path } = useRoute();
  const tabs = [
    { to: '/retention', label: t('navDue'), current: path === '/retention' },
    {
      to: '/retention/appraisals',
      label: t('navAppraisals'),
      current: path.startsWith('/retention/appraisals'),
    },
    {
      to: '/retention/destruction-lists',
      label: t('navLists'),
      current: path.startsWith('/retention/destruction-lists'),
    },
  ];
  return (
    <nav className="subnav" aria-label={t('areaNav')}>
      {tabs.map((x) => (
        <Link key={x.to} to={x.to} aria-current={x.current ? 'page' : undefined}>
          {x.label}
        </Link>
      ))}
    </nav>
  );
}
