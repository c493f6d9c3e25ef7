import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { dateTime } from './format';
import { messages } from './messages';
import { usePaged } from '../../components/paged';
import { RetentionNav } from './retention-nav';
import { ListStatus } from './list-status';
import type { DestructionStatus, DestructionSummary } from './types';

const STATUSES: DestructionStatus[] = ['draft', 'approved', 'executing', 'executed', 'refused'];

/** 销毁清册: lists made from closed appraisals, newest first, with their approval and supervision. */
export function DestructionListsPage() {
  const t = useText(messages);
  const { query: q, navigate } = useRoute();
  const status = q.get('status') ?? '';
  const list = usePaged<DestructionSummary>(
    async (cursor) => {
      const r = await api<{ lists: DestructionSummary[]; nextCursor: string | null }>(
        `/api/destruction-lists${query({ status, cursor, limit: 50 })}`,
      );
      return { rows: r.lists, next: r.nextCursor };
    },
    [status],
  );
  return (
    <section className="retention" aria-labelledby="dl-title">
      <RetentionNav />
      <h1 id="dl-title">{t('navLists')}</h1>
      <div className="toolbar">
        <label>
          {t('status')}
          <select
            value={status}
            onChange={(e) =>
              navigate(`/retention/destruction-lists${query({ status: e.target.value })}`, { replace: true })
            }
          >
            <option value="">{t('allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`dl_${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {list.rows.length === 0 && list.loading ? <Loading /> : null}
      {list.rows.length === 0 && !list.loading && !list.error ? <Empty>{t('emptyLists')}</Empty> : null}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('listNo')}</th>
                <th scope="col">{t('appraisal')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('itemsPages')}</th>
                <th scope="col">{t('approval')}</th>
                <th scope="col">{t('supervisors')}</th>
                <th scope="col">{t('madeBy')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((l) => (
                <tr key={l.id}>
                  <td className="nowrap">
                    <Link to={`/retention/destruction-lists/${l.id}`}>{l.number}</Link>
                  </td>
                  <td className="nowrap">
                    <Link to={`/retention/appraisals/${l.appraisalId}`}>{l.appraisalNumber}</Link>
                  </td>
                  <td>
                    <ListStatus status={l.status} label={l.statusLabel} />
                  </td>
                  <td>
                    {l.items} / {l.pages}
                  </td>
                  <td>{l.approval ? `${l.approval.by} · ${dateTime(l.approval.at)}` : '—'}</td>
                  <td>{l.confirmations.map((c) => c.by).join('、') || '—'}</td>
                  <td className="nowrap">
                    {l.createdBy} · {dateTime(l.createdAt)}
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
