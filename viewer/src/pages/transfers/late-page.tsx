import { api } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { TransfersNav } from './common';
import { messages, type TransferText } from './messages';
import type { LateRow, LateTransfers } from './types';

/** 逾期未移交: earlier years' items not handed over by 31 March, per section and year; the year now due. */
export function LateTransfersPage() {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(() => api<LateTransfers>('/api/transfers/late'), []);
  return (
    <section aria-labelledby="late-title" className="transfers">
      <h1 id="late-title">{t('lateTitle')}</h1>
      <TransfersNav />
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : (
        <>
          <p className="help">
            {data!.rule}（{t('asOf')} {data!.asOf}）
          </p>
          <h2>
            {t('lateTitle')}（≤ {data!.lateUpToYear}）
          </h2>
          {data!.late.length === 0 ? (
            <Empty>{t('lateEmpty')}</Empty>
          ) : (
            <LateTable rows={data!.late} total={data!.lateTotal} t={t} tone="bad" />
          )}
          <h2>
            {data!.due.year}
            {t('dueTitle')}
            {data!.due.deadline}）
          </h2>
          {data!.due.rows.length === 0 ? (
            <Empty>{t('dueEmpty')}</Empty>
          ) : (
            <LateTable rows={data!.due.rows} total={data!.due.total} t={t} tone="warn" />
          )}
        </>
      )}
    </section>
  );
}

function LateTable({
  rows,
  total,
  t,
  tone,
}: {
  rows: LateRow[];
  total: { items: number; pages: number };
  t: TransferText;
  tone: 'bad' | 'warn';
}) {
  const parts = (r: LateRow) =>
    [
      r.byStatus.filed ? `${t('statusFiled')} ${r.byStatus.filed}` : null,
      r.byStatus.pre_archived ? `${t('statusPreArchived')} ${r.byStatus.pre_archived}` : null,
      r.byStatus.returned ? `${t('statusReturned')} ${r.byStatus.returned}` : null,
    ]
      .filter(Boolean)
      .join('，');
  return (
    <div className="table-wrap">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('sectionCol')}</th>
            <th scope="col">{t('year')}</th>
            <th scope="col" className="num">
              {t('itemsCol')}
            </th>
            <th scope="col" className="num">
              {t('pagesCol')}
            </th>
            <th scope="col">{t('byStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.section}-${r.year}`}>
              <th scope="row">{r.section}</th>
              <td>{r.year}</td>
              <td className="num">
                <span className={`tag ${tone}`}>{r.items}</span>
              </td>
              <td className="num">{r.pages}</td>
              <td>{parts(r)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('total')}
            </th>
            <td className="num">{total.items}</td>
            <td className="num">{total.pages}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
