import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { dateTime } from './format';
import { messages } from './messages';
import { usePaged } from '../../components/paged';
import { RetentionNav } from './retention-nav';
import type { AppraisalSummary } from './types';

/** 鉴定: appraisals, newest first, open ones (鉴定中) waiting for the committee's votes. */
export function AppraisalsPage() {
  const t = useText(messages);
  const { query: q, navigate } = useRoute();
  const status = q.get('status') ?? '';
  const list = usePaged<AppraisalSummary>(
    async (cursor) => {
      const r = await api<{ appraisals: AppraisalSummary[]; nextCursor: string | null }>(
        `/api/appraisals${query({ status, cursor, limit: 50 })}`,
      );
      return { rows: r.appraisals, next: r.nextCursor };
    },
    [status],
  );
  return (
    <section className="retention" aria-labelledby="apr-title">
      <RetentionNav />
      <h1 id="apr-title">{t('navAppraisals')}</h1>
      <div className="toolbar">
        <label>
          {t('status')}
          <select
            value={status}
            onChange={(e) =>
              navigate(`/retention/appraisals${query({ status: e.target.value })}`, { replace: true })
            }
          >
            <option value="">{t('allStatuses')}</option>
            <option value="open">{t('apr_open')}</option>
            <option value="closed">{t('apr_closed')}</option>
          </select>
        </label>
      </div>
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {list.rows.length === 0 && list.loading ? <Loading /> : null}
      {list.rows.length === 0 && !list.loading && !list.error ? (
        <Empty>
          {t('emptyAppraisals')} <Link to="/retention">{t('navDue')}</Link>
        </Empty>
      ) : null}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('appraisalNo')}</th>
                <th scope="col">{t('appraisalTitle')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('decidedOf')}</th>
                <th scope="col">{t('quorum')}</th>
                <th scope="col">{t('openedBy')}</th>
                <th scope="col">{t('destructionList')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">
                    <Link to={`/retention/appraisals/${a.id}`}>{a.number}</Link>
                  </td>
                  <td>{a.title}</td>
                  <td>
                    <span className={a.status === 'open' ? 'tag warn' : 'tag'}>{a.statusLabel}</span>
                  </td>
                  <td>
                    {a.decided} / {a.items}
                  </td>
                  <td>{a.quorum}</td>
                  <td className="nowrap">
                    {a.openedBy} · {dateTime(a.openedAt)}
                  </td>
                  <td>
                    {a.destructionListId ? (
                      <Link to={`/retention/destruction-lists/${a.destructionListId}`}>{t('openList')}</Link>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.next && (
        <p>
          <button type="button" className="secondary" onClick={() => list.more()} disabled={list.loading}>
            {t('loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}
