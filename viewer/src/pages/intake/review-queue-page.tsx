import { useEffect, useState } from 'react';
import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { Link, useRoute } from '../../router';
import { ConfidenceBadge } from './review-fields';
import { formatTime, groupReasons, useT } from './common';
import type { Draft } from './types';

interface Page {
  drafts: Draft[];
  nextCursor: string | null;
}

/** The review queue, a page at a time (the API's cursor). */
export function fetchQueue(cursor?: string | null, limit = 50): Promise<Page> {
  return api<Page>(`/api/ingest/drafts${query({ status: 'needs_review', limit, cursor })}`);
}

/** `/intake/review`: drafts waiting for a clerk (GET /api/ingest/drafts?status=needs_review). */
export function ReviewQueuePage() {
  const t = useT();
  const { query: q } = useRoute();
  const filed = q.get('filed');
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = (after: string | null) => {
    setBusy(true);
    setError(null);
    fetchQueue(after).then(
      (p) => {
        setDrafts((prev) => (after && prev ? [...prev, ...p.drafts] : p.drafts));
        setCursor(p.nextCursor);
        setBusy(false);
      },
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  useEffect(() => load(null), []);

  return (
    <div className="intake">
      <div className="intake-head">
        <h1>{t('reviewTitle')}</h1>
        <nav className="intake-links" aria-label={t('reviewTitle')}>
          <Link to="/intake">{t('backToIntake')}</Link>
        </nav>
      </div>
      <p className="intro">{t('reviewIntro')}</p>
      {filed && (
        <p className="banner ok" role="status">
          {t('queueDone')} <Link to={`/items/${filed}`}>{t('openItem')}</Link>
        </p>
      )}
      {error !== null && <ErrorBanner error={error} onRetry={() => load(cursor)} />}
      {drafts === null ? (
        error === null && <Loading />
      ) : drafts.length === 0 ? (
        <Empty>{t('queueEmpty')}</Empty>
      ) : (
        <div className="intake-scroll">
          <table className="grid review-queue">
            <caption className="sr-only">{t('reviewTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('thumbnail')}</th>
                <th scope="col">{t('draft')}</th>
                <th scope="col">{t('titleShort')}</th>
                <th scope="col">{t('businessStep')}</th>
                <th scope="col">{t('pages')}</th>
                <th scope="col">{t('reasons')}</th>
                <th scope="col">{t('createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <QueueRow key={d.id} d={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <div className="toolbar">
          <button type="button" className="secondary" onClick={() => load(cursor)} disabled={busy}>
            {t('more')}
          </button>
        </div>
      )}
    </div>
  );
}

function QueueRow({ d }: { d: Draft }) {
  const t = useT();
  const step = d.classification?.businessStep;
  const thumb = d.pages[0]?.thumbnail ? `/api/ingest/drafts/${d.id}/pages/1/thumbnail` : null;
  const title = d.extraction?.title ?? '—';
  const reasons = groupReasons(d.reasons);
  return (
    <tr data-draft={d.id}>
      <td className="thumb-cell">
        {thumb ? <img src={thumb} alt="" loading="lazy" width={48} /> : <span className="muted">—</span>}
      </td>
      <td>
        <Link to={`/intake/review/${d.id}`} aria-label={`${t('open')} ${d.id} ${title}`}>
          <code>{d.id.slice(-4)}</code> {t('open')}
        </Link>
        <div className="muted small">
          <code>{d.batchId}</code>
        </div>
      </td>
      <td>{title}</td>
      <td className="nowrap">
        {step?.value ?? <span className="muted">{t('fieldMissing')}</span>}{' '}
        {step && <ConfidenceBadge confidence={step.confidence} />}
      </td>
      <td className="num">{d.pages.length}</td>
      <td className="detail">
        <ul className="reasons">
          {reasons.slice(0, 3).map((r, i) => (
            <li key={i}>{r}</li>
          ))}
          {reasons.length > 3 && <li className="muted">… +{reasons.length - 3}</li>}
        </ul>
      </td>
      <td className="nowrap">{formatTime(d.createdAt)}</td>
    </tr>
  );
}
