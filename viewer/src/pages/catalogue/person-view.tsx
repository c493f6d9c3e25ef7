import { useEffect, useState } from 'react';
import { api, query } from '../../api/client';
import type { ItemView } from '../../api/types';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { formatDate } from './catalogue-page';
import type { Lookups } from './lookups';
import { useValueLabel } from './lookups';
import { fill, messages } from './messages';
import type { ItemPage } from './types';

/** A person's files are few; this caps a runaway name (a common name across the whole archive). */
const MAX_ITEMS = 2000;

/**
 * 此人全部档案: every item of one person (公民身份号码 exactly, or a full name) across years, grouped by
 * 年度, newest year first. The person travels only in component state and in the API request, never in
 * the address bar.
 */
export function PersonView({
  person,
  shown,
  lookups,
  onBack,
}: {
  /** What the API matches: a 公民身份号码 or a full name. */
  person: string;
  /** How the person is shown in the heading. */
  shown: string;
  lookups: Lookups;
  onBack: (() => void) | null;
}) {
  const t = useText(messages);
  const label = useValueLabel(lookups);
  const [items, setItems] = useState<ItemView[]>([]);
  const [state, setState] = useState<{ loading: boolean; error: unknown; more: string | null }>({
    loading: true,
    error: null,
    more: null,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setItems([]);
    setState({ loading: true, error: null, more: null });
    void (async () => {
      let cursor: string | null = null;
      const all: ItemView[] = [];
      try {
        do {
          const p: ItemPage = await api<ItemPage>(`/api/items${query({ person, limit: 200, cursor })}`);
          if (!live) return;
          all.push(...p.items);
          setItems([...all]);
          cursor = p.nextCursor;
        } while (cursor && all.length < MAX_ITEMS);
        if (live) setState({ loading: false, error: null, more: cursor });
      } catch (error) {
        if (live) setState({ loading: false, error, more: null });
      }
    })();
    return () => {
      live = false;
    };
  }, [person, attempt]);

  const years = new Map<number, ItemView[]>();
  for (const i of items) years.set(i.year, [...(years.get(i.year) ?? []), i]);
  const groups = [...years.entries()].sort((a, b) => b[0] - a[0]);
  for (const [, list] of groups) list.sort((a, b) => a.date.localeCompare(b.date));

  return (
    <section aria-labelledby="person-title" className="srch-person">
      <div className="srch-person-head">
        <h2 id="person-title">{fill(t('personFilesOf'), { x: shown })}</h2>
        {onBack && (
          <button type="button" className="secondary" onClick={onBack}>
            {t('backToResults')}
          </button>
        )}
      </div>
      {state.error !== null && <ErrorBanner error={state.error} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.loading && items.length === 0 && <Loading />}
      {!state.loading && state.error === null && items.length === 0 && <Empty>{t('personEmpty')}</Empty>}
      {items.length > 0 && (
        <p className="srch-count" role="status">
          {fill(t('personCount'), { n: items.length, y: groups.length })}
          {state.loading && ` · ${t('loadingMore')}`}
        </p>
      )}
      {groups.map(([year, list]) => (
        <section key={year} className="srch-year" aria-labelledby={`year-${year}`}>
          <h3 id={`year-${year}`}>
            {fill(t('yearGroup'), { y: year })}{' '}
            <span className="muted">{fill(t('itemsInYear'), { n: list.length })}</span>
          </h3>
          <table className="grid srch-year-table">
            <thead>
              <tr>
                <th>{t('archivalCode')}</th>
                <th>{t('title')}</th>
                <th>{t('date')}</th>
                <th>{t('classCode')}</th>
                <th>{t('retention')}</th>
                <th className="num">{t('pages')}</th>
                <th>{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id}>
                  <td>{i.archivalCode ?? <span className="muted">{t('unnumbered')}</span>}</td>
                  <td>
                    <Link to={`/items/${i.id}`}>{i.title}</Link>
                  </td>
                  <td>{formatDate(i.date)}</td>
                  <td title={label('classCode', i.classCode)}>{i.classCode}</td>
                  <td>{label('retention', i.retention)}</td>
                  <td className="num">{i.pageCount}</td>
                  <td>
                    <span className="tag">{i.statusLabel}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}
