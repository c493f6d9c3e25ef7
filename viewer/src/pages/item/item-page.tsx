import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { ItemView } from '../../api/types';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { matchingWords } from './find';
import { ItemFields } from './item-fields';
import { AuditTrail, HistoryPanel } from './item-history';
import { messages, type ItemText } from './messages';
import { PageViewer } from './page-viewer';
import { TextPanel } from './text-panel';
import type { PageText } from './types';

/**
 * A find term handed over by another page (e.g. search results), kept out of the address bar because
 * it may be a name: `sessionStorage['archive.item.find'] = JSON.stringify({ itemId, q })`, read once.
 */
function takeHandedOverFind(itemId: string): string {
  try {
    const raw = sessionStorage.getItem('archive.item.find');
    if (!raw) return '';
    const v = JSON.parse(raw) as { itemId?: string; q?: string };
    if (v.itemId !== itemId || typeof v.q !== 'string') return '';
    sessionStorage.removeItem('archive.item.find');
    return v.q;
  } catch {
    return '';
  }
}

/** 件的详情 (`/items/:id`): the pages with their text, the catalogue fields and the history. */
export function ItemPage({ id }: { id: string }) {
  const t = useText(messages);
  const { can } = useSession();
  // The auditor reads no record content (三员分立): what the audit trail says about the item instead.
  if (!can('item.read') && can('audit.read'))
    return (
      <article className="item-page">
        <h1>
          {t('pageTitle')} <span className="mono">{id}</span>
        </h1>
        <AuditTrail itemId={id} t={t} />
      </article>
    );
  return <ItemLoader id={id} t={t} />;
}

function ItemLoader({ id, t }: { id: string; t: ItemText }) {
  const {
    data: item,
    error,
    loading,
    reload,
  } = useLoad(() => api<ItemView>(`/api/items/${encodeURIComponent(id)}`), [id]);
  useEffect(() => {
    document.title = item ? `${item.archivalCode ?? item.title} · ${t('pageTitle')}` : t('pageTitle');
  }, [item, t]);

  if (loading) return <Loading />;
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <article className="item-page">
        <h1>{t('pageTitle')}</h1>
        <ErrorBanner
          error={error}
          onRetry={error instanceof ApiError && error.status < 500 ? undefined : reload}
        />
        {missing && (
          <p>
            {t('notFoundHelp')} <Link to="/catalogue">{t('backToCatalogue')}</Link>
          </p>
        )}
      </article>
    );
  }
  return <ItemDetail item={item!} t={t} />;
}

function ItemDetail({ item, t }: { item: ItemView; t: ItemText }) {
  const { can } = useSession();
  const readsPages = can('page.read');
  const [n, setN] = useState(1);
  const [q, setQ] = useState(() => takeHandedOverFind(item.id));
  const hasPages = item.pages.length > 0;
  const text = useLoad(
    () =>
      readsPages && hasPages
        ? api<PageText>(`/api/items/${encodeURIComponent(item.id)}/pages/${n}/text`)
        : Promise.resolve(null),
    [item.id, n, readsPages, hasPages],
  );
  const marks = useMemo(() => {
    const words = text.data?.words ?? [];
    return [...matchingWords(words, q)].map((i) => words[i]!.box);
  }, [text.data, q]);
  const size =
    text.data?.width && text.data.height ? { width: text.data.width, height: text.data.height } : null;

  return (
    <article className="item-page">
      <div className="item-head">
        {can('item.read') && (
          <Link to="/catalogue" className="back">
            ← {t('backToCatalogue')}
          </Link>
        )}
        <h1>{item.title}</h1>
        <p className="item-sub">
          <span className="mono">{item.archivalCode ?? t('noArchivalCode')}</span>
          <span className="tag">{item.statusLabel}</span>
          {item.frozen && <span className="tag bad">{t('frozen')}</span>}
          {item.out && (
            <span className="tag warn">{item.out.reason === 'loan' ? t('outLoan') : t('outMovement')}</span>
          )}
          {item.personalDataMasked && <span className="tag warn">{t('masked')}</span>}
          <span className="muted">
            {item.section} · {item.pageCount} {t('pageCount')}
          </span>
        </p>
      </div>
      {!readsPages ? (
        <p className="notice">{t('noPageRead')}</p>
      ) : !hasPages ? (
        <p className="notice">{t('noPages')}</p>
      ) : (
        <div className="item-viewer">
          <PageViewer item={item} n={n} onPage={setN} marks={marks} size={size} t={t} />
          <TextPanel
            text={text.data}
            loading={text.loading}
            error={text.error}
            reload={text.reload}
            q={q}
            onFind={setQ}
            t={t}
          />
        </div>
      )}
      <div className="item-details">
        <ItemFields item={item} t={t} />
        <HistoryPanel itemId={item.id} t={t} />
      </div>
    </article>
  );
}
