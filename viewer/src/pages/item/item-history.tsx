import { useState } from 'react';
import { api, query } from '../../api/client';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { ROUTES } from '../../app';
import { Link, match } from '../../router';
import { fill, type ItemText } from './messages';
import { formatDay, formatTime } from './format';
import type { AuditEntry, HistoryEvent, ItemHistory } from './types';

/** Where the viewer shows each kind of record, if that page exists. */
const REF_PATHS: Record<string, (id: string) => string> = {
  batch: (id) => `/intake/batches/${id}`,
  volume: (id) => `/transfers/volumes/${id}`,
  transfer: (id) => `/transfers/${id}`,
  box: (id) => `/store/boxes/${id}`,
  loan: (id) => `/loans/${id}`,
  appraisal: (id) => `/retention/appraisals/${id}`,
  destruction_list: (id) => `/retention/destruction-lists/${id}`,
};

function refPath(ref: HistoryEvent['ref']): string | null {
  const make = ref && REF_PATHS[ref.kind];
  if (!make) return null;
  const path = make(encodeURIComponent(ref.id));
  return ROUTES.some((r) => r.path.includes(':') && match(r.path, path)) ? path : null;
}

/** 历史记录: the item's life from the workflow records (GET /api/items/{id}/history), oldest first. */
export function HistoryPanel({ itemId, t }: { itemId: string; t: ItemText }) {
  const { data, error, loading, reload } = useLoad(
    () => api<ItemHistory>(`/api/items/${encodeURIComponent(itemId)}/history`),
    [itemId],
  );
  return (
    <section className="ih" aria-labelledby="ih-title">
      <h2 id="ih-title">{t('history')}</h2>
      <p className="muted small">{t('historyHelp')}</p>
      {loading && <Loading />}
      {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
      {data &&
        (data.events.length === 0 ? (
          <p className="empty">{t('historyEmpty')}</p>
        ) : (
          <ol className="timeline">
            {data.events.map((e, i) => {
              const path = refPath(e.ref);
              return (
                <li key={i} data-kind={e.kind}>
                  <time dateTime={e.at}>{formatTime(e.at)}</time>
                  <div>
                    <strong>{e.label}</strong>
                    {e.by && (
                      <span className="muted">
                        {' '}
                        · {t('by')} {e.by}
                      </span>
                    )}
                    <div className="detail">
                      {path && e.ref ? <Link to={path}>{e.detail}</Link> : e.detail}
                    </div>
                    {e.loan && (
                      <div className="detail muted small">
                        {fill(t('loanDates'), {
                          requested: formatDay(e.loan.requestedAt),
                          approved: formatDay(e.loan.approvedAt),
                          out: formatDay(e.loan.checkedOutAt),
                          due: formatDay(e.loan.due),
                          returned: formatDay(e.loan.returnedAt),
                          closed: formatDay(e.loan.closedAt),
                        })}
                      </div>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        ))}
    </section>
  );
}

/** For the auditor (who does not read items): the audit entries about the item, newest first. */
export function AuditTrail({ itemId, t }: { itemId: string; t: ItemText }) {
  const [before, setBefore] = useState<number | undefined>(undefined);
  const [shown, setShown] = useState<AuditEntry[]>([]);
  const { data, error, loading, reload } = useLoad(async () => {
    const page = await api<{ entries: AuditEntry[]; nextBefore: number | null }>(
      `/api/audit${query({ target: itemId, limit: 50, before })}`,
    );
    setShown((s) => (before === undefined ? page.entries : [...s, ...page.entries]));
    return page;
  }, [itemId, before]);
  return (
    <section className="ih" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('auditTrail')}</h2>
      <p className="muted small">{t('auditHelp')}</p>
      {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
      {shown.length === 0 && !loading && !error ? (
        <p className="empty">{t('auditEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('seq')}</th>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('actor')}</th>
                <th scope="col">{t('action')}</th>
                <th scope="col">{t('outcome')}</th>
                <th scope="col">{t('details')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{formatTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    <span className={e.outcome === 'ok' ? 'tag' : 'tag bad'}>{e.outcome}</span>
                  </td>
                  <td className="mono small">{JSON.stringify(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loading && <Loading />}
      {data?.nextBefore && !loading && (
        <button type="button" className="secondary" onClick={() => setBefore(data.nextBefore ?? undefined)}>
          {t('auditMore')}
        </button>
      )}
    </section>
  );
}
