import { useState } from 'react';
import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { TransfersNav } from './common';
import { messages } from './messages';
import { DocumentLink } from './open-document';
import { TransferTable } from './section-work';
import type { Transfer, TransferStatus } from './types';

type Page = { transfers: Transfer[]; nextCursor: string | null };
const STATUSES: TransferStatus[] = [
  'draft',
  'submitted',
  'checked',
  'accepted',
  'partially_accepted',
  'returned',
  'cancelled',
];

/** 移交验收 (the archive): transfers waiting to be received; all transfers; the 档案接收登记表. */
export function ReceiveListPage() {
  const t = useText(messages);
  const waiting = useLoad(async () => {
    const [a, b] = await Promise.all([
      api<Page>('/api/transfers?status=submitted&limit=200'),
      api<Page>('/api/transfers?status=checked&limit=200'),
    ]);
    return [...a.transfers, ...b.transfers].sort((x, y) =>
      (x.submittedAt ?? '') < (y.submittedAt ?? '') ? -1 : 1,
    );
  }, []);
  return (
    <section aria-labelledby="receive-title" className="transfers">
      <h1 id="receive-title">{t('receiveTitle')}</h1>
      <TransfersNav />
      <h2>{t('waitingTitle')}</h2>
      {waiting.loading ? (
        <Loading />
      ) : waiting.error ? (
        <ErrorBanner error={waiting.error} onRetry={waiting.reload} />
      ) : waiting.data!.length === 0 ? (
        <Empty>{t('waitingEmpty')}</Empty>
      ) : (
        <TransferTable transfers={waiting.data!} action={t('receiveAction')} />
      )}
      <AllTransfers />
      <ReceiptRegister />
    </section>
  );
}

function AllTransfers() {
  const t = useText(messages);
  const [status, setStatus] = useState('');
  const [section, setSection] = useState('');
  const [filters, setFilters] = useState({ status: '', section: '' });
  const [more, setMore] = useState<Transfer[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const { data, error, loading, reload } = useLoad(async () => {
    const page = await api<Page>(`/api/transfers${query({ ...filters, limit: 50 })}`);
    setMore([]);
    setCursor(page.nextCursor);
    return page.transfers;
  }, [filters]);
  const loadMore = async () => {
    try {
      const page = await api<Page>(`/api/transfers${query({ ...filters, limit: 50, cursor })}`);
      setMore((m) => [...m, ...page.transfers]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    }
  };
  const rows = [...(data ?? []), ...more];
  return (
    <>
      <h2>{t('allTitle')}</h2>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ status, section: section.trim() });
        }}
      >
        <label>
          {t('filterStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`st_${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterSection')}
          <input value={section} onChange={(e) => setSection(e.target.value)} />
        </label>
        <button type="submit">{t('apply')}</button>
      </form>
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('transfersEmpty')}</Empty>
      ) : (
        <>
          <TransferTable transfers={rows} />
          {moreError !== null && <ErrorBanner error={moreError} />}
          {cursor && (
            <div className="toolbar after">
              <button type="button" className="secondary" onClick={() => void loadMore()}>
                {t('moreItems')}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}

/** 《档案接收登记表》 for a date range, as PDF or XLSX. */
function ReceiptRegister() {
  const t = useText(messages);
  // Days as the archive counts them: China time (UTC+8).
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const href = (format: string) => `/api/transfers/register${query({ from, to, format })}`;
  return (
    <>
      <h2>{t('registerTitle')}</h2>
      <div className="toolbar">
        <label>
          {t('from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <DocumentLink href={href('pdf')}>
          {t('registerTitle')} {t('pdf')}
        </DocumentLink>
        <DocumentLink href={href('xlsx')} download={`档案接收登记表-${from}-${to}.xlsx`}>
          {t('registerTitle')} {t('xlsx')}
        </DocumentLink>
      </div>
    </>
  );
}
