import { useState } from 'react';
import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { DocumentLink } from '../transfers/open-document';
import { StoreNav, chinaToday, when } from './common';
import { messages, type StoreText } from './messages';
import type { Movement } from './types';

type Page = { movements: Movement[]; nextCursor: string | null };

/** 出入库登记: the two registers for a date range (PDF or XLSX), and the latest movements. */
export function MovementsPage() {
  const t = useText(messages);
  const today = chinaToday();
  const [kind, setKind] = useState<'in_out' | 'changes'>('in_out');
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const href = (format: 'pdf' | 'xlsx') => `/api/movements/register${query({ kind, from, to, format })}`;
  const title = kind === 'in_out' ? t('kindInOut') : t('kindChanges');
  return (
    <section aria-labelledby="movements-title" className="store">
      <StoreNav />
      <h1 id="movements-title">{t('movementsTitle')}</h1>
      <section className="panel" aria-labelledby="register-title">
        <h2 id="register-title">{t('registerTitle')}</h2>
        <p className="help">{t('registerHelp')}</p>
        <div className="toolbar">
          <label>
            {t('kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as 'in_out' | 'changes')}>
              <option value="in_out">{t('kindInOut')}</option>
              <option value="changes">{t('kindChanges')}</option>
            </select>
          </label>
          <label>
            {t('from')}
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('to')}
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <DocumentLink href={href('pdf')}>{t('openPdf')}</DocumentLink>
          <DocumentLink href={href('xlsx')} download={`${title}-${from}-${to}.xlsx`}>
            {t('downloadXlsx')}
          </DocumentLink>
        </div>
      </section>
      <Recent t={t} />
    </section>
  );
}

function Recent({ t }: { t: StoreText }) {
  const [more, setMore] = useState<Movement[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const { data, error, loading, reload } = useLoad(async () => {
    const page = await api<Page>('/api/movements?limit=50');
    setCursor(page.nextCursor);
    return page.movements;
  }, []);
  const loadMore = async () => {
    try {
      const page = await api<Page>(`/api/movements${query({ limit: 50, cursor })}`);
      setMore((m) => [...m, ...page.movements]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    }
  };
  const rows = [...(data ?? []), ...more];
  const label = (k: string) => t(k as Parameters<StoreText>[0]) ?? k;
  return (
    <>
      <h2>{t('recentTitle')}</h2>
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('recentEmpty')}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('no')}
                  </th>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{t('direction')}</th>
                  <th scope="col">{t('reason')}</th>
                  <th scope="col">{t('subject')}</th>
                  <th scope="col">{t('fromTo')}</th>
                  <th scope="col">{t('by')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.id}>
                    <td className="num">{m.no}</td>
                    <td className="nowrap">{when(m.at)}</td>
                    <td>{label(`dir_${m.direction}`)}</td>
                    <td>{label(`r_${m.reason}`)}</td>
                    <td className="nowrap code">
                      {m.subjectKind === 'box' ? (
                        <Link to={`/store/boxes/${m.subjectId}`}>{m.subjectLabel}</Link>
                      ) : (
                        <Link to={`/items/${m.subjectId}`}>{m.subjectLabel}</Link>
                      )}
                    </td>
                    <td>
                      {m.from ?? '—'} → {m.to ?? '—'}
                    </td>
                    <td>{m.actorName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreError !== null && <ErrorBanner error={moreError} />}
          {cursor && (
            <div className="toolbar after">
              <button type="button" className="secondary" onClick={() => void loadMore()}>
                {t('loadMore')}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
