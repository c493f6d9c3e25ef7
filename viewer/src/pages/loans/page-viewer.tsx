import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { messages } from './messages';
import { grantedPages, type LoanView } from './types';

/** Refusals after which no page is shown again (the grant is over, or never was). */
const FINAL = new Set(['loan.grant_expired', 'loan.closed', 'loan.not_granted', 'loan.not_found']);
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** A served page: an object URL of the watermarked image, or the API's refusal. */
async function fetchPage(url: string): Promise<Blob> {
  const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) {
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json')
      ? ((await res.json()) as { error?: { code?: string; message?: string; details?: unknown } })
      : null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? `http.${res.status}`,
      body?.error?.message ?? res.statusText,
      body?.error?.details,
    );
  }
  return res.blob();
}

/**
 * 借阅水印查看器: the granted pages of an approved 查阅 / 复制 request, one at a time, as the server serves
 * them (watermark burned in: borrower, request number, time). Previous / next, zoom; no download (a copy,
 * when approved, is the separate 复制件). When the API refuses (the grant expired, the request closed), its
 * message is shown and no page is shown again.
 */
export function PageViewer({ loan }: { loan: LoanView }) {
  const t = useText(messages);
  const items = loan.items.filter((i) => grantedPages(i).length > 0);
  const [itemIndex, setItemIndex] = useState(0);
  const item = items[Math.min(itemIndex, items.length - 1)];
  const pages = item ? grantedPages(item) : [];
  const [pos, setPos] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [state, setState] = useState<{ url: string | null; error: unknown; loading: boolean }>({
    url: null,
    error: null,
    loading: true,
  });
  const [stopped, setStopped] = useState<ApiError | null>(null);
  const n = pages[Math.min(pos, pages.length - 1)];
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!item || n === undefined || stopped) return;
    let url: string | null = null;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    fetchPage(`/api/loans/${loan.id}/items/${item.itemId}/pages/${n}`).then(
      (blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob);
        setState({ url, error: null, loading: false });
      },
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && FINAL.has(e.code)) setStopped(e);
        setState({ url: null, error: e, loading: false });
      },
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [loan.id, item?.itemId, n, stopped]);

  if (!item) return <p className="empty">{t('noPagesGranted')}</p>;

  if (stopped)
    return (
      <div className="viewer stopped">
        <ErrorBanner error={stopped} />
        <p className="explain">
          {t(stopped.code === 'loan.grant_expired' ? 'expiredExplain' : 'refusedExplain')}
        </p>
      </div>
    );

  const go = (d: number) => setPos((p) => Math.max(0, Math.min(pages.length - 1, p + d)));
  const zoomBy = (d: number) =>
    setZoom((z) => ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, ZOOMS.indexOf(z) + d))] ?? 1);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'PageDown') go(1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(-1);
    else if (e.key === '+' || e.key === '=') zoomBy(1);
    else if (e.key === '-') zoomBy(-1);
    else if (e.key === '0') setZoom(1);
    else return;
    e.preventDefault();
  };

  return (
    <div className="viewer">
      <div className="toolbar viewer-bar" role="toolbar" aria-label={t('viewerTools')}>
        {items.length > 1 && (
          <label>
            {t('item')}
            <select
              value={itemIndex}
              onChange={(e) => {
                setItemIndex(Number(e.target.value));
                setPos(0);
              }}
            >
              {items.map((i, k) => (
                <option key={i.itemId} value={k}>
                  {i.archivalCode ?? i.itemId}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="secondary" onClick={() => go(-1)} disabled={pos <= 0}>
          {t('prevPage')}
        </button>
        <span className="page-no" aria-live="polite">
          {t('pageOf')
            .replace('{n}', String(n))
            .replace('{k}', String(pos + 1))
            .replace('{m}', String(pages.length))}
        </span>
        <button type="button" className="secondary" onClick={() => go(1)} disabled={pos >= pages.length - 1}>
          {t('nextPage')}
        </button>
        <span className="sep" />
        <button
          type="button"
          className="secondary"
          onClick={() => zoomBy(-1)}
          disabled={zoom <= ZOOMS[0]!}
          aria-label={t('zoomOut')}
        >
          −
        </button>
        <span className="zoom">{Math.round(zoom * 100)}%</span>
        <button
          type="button"
          className="secondary"
          onClick={() => zoomBy(1)}
          disabled={zoom >= ZOOMS[ZOOMS.length - 1]!}
          aria-label={t('zoomIn')}
        >
          +
        </button>
        <button type="button" className="secondary" onClick={() => setZoom(1)} disabled={zoom === 1}>
          {t('fitWidth')}
        </button>
      </div>
      <p className="muted small">
        <span className="code">{item.archivalCode}</span> {item.title} · {t('watermarkNote')}
      </p>
      <div
        className="page-frame"
        ref={frame}
        tabIndex={0}
        role="region"
        aria-label={t('pageRegion')}
        onKeyDown={onKey}
      >
        {state.error ? (
          <ErrorBanner error={state.error} />
        ) : state.url ? (
          <img
            src={state.url}
            alt={t('pageAlt')
              .replace('{n}', String(n))
              .replace('{code}', item.archivalCode ?? '')}
            style={{ width: `${zoom * 100}%` }}
            draggable={false}
            onContextMenu={(e) => e.preventDefault()}
          />
        ) : null}
        {state.loading && <Loading />}
      </div>
    </div>
  );
}
