import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { fill, messages } from './messages';
import { FILTER_KEYS, type CatalogueFilters, type SavedSearch } from './types';

/** The saved filters in the query-string form the search uses (year as text). */
function filtersOf(s: SavedSearch): CatalogueFilters {
  const out: CatalogueFilters = {};
  for (const k of FILTER_KEYS) if (s.filters[k] !== undefined) out[k] = String(s.filters[k]);
  return out;
}

/**
 * 保存的检索: kept per account on the server (GET/POST/DELETE /api/saved-searches), because the words may
 * hold a name or a 公民身份号码 — never in localStorage, never in the URL.
 */
export function SavedSearches({
  current,
  onRun,
}: {
  current: { q: string; filters: CatalogueFilters } | null;
  onRun: (q: string, filters: CatalogueFilters) => void;
}) {
  const t = useText(messages);
  const list = useLoad(() => api<{ searches: SavedSearch[] }>('/api/saved-searches'), []);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const currentKey = JSON.stringify(current);
  useEffect(() => {
    const c = JSON.parse(currentKey) as typeof current;
    setLabel(
      c ? [c.q, ...FILTER_KEYS.map((k) => c.filters[k]).filter(Boolean)].filter(Boolean).join(' ') : '',
    );
  }, [currentKey]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!current || !label.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const filters: Record<string, string | number> = {};
      for (const k of FILTER_KEYS) {
        const v = current.filters[k];
        if (v) filters[k] = k === 'year' ? Number(v) : v;
      }
      await api('/api/saved-searches', { body: { label: label.trim(), q: current.q, filters } });
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await api(`/api/saved-searches/${id}`, { method: 'DELETE' });
      list.reload();
    } catch (err) {
      setError(err);
    }
  };

  const searches = list.data?.searches ?? [];
  return (
    <section className="srch-saved" aria-labelledby="saved-title">
      <h2 id="saved-title">{t('savedSearches')}</h2>
      {error !== null && <ErrorBanner error={error} />}
      {list.error !== null && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {current && (
        <form className="srch-save" onSubmit={(e) => void save(e)} aria-label={t('saveSearch')}>
          <label>
            {t('saveLabel')}
            <input value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !label.trim()}>
            {t('saveSearch')}
          </button>
        </form>
      )}
      {list.data && searches.length === 0 && <p className="muted small">{t('savedNone')}</p>}
      {searches.length > 0 && (
        <ul className="srch-saved-list">
          {searches.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="link srch-saved-run"
                title={s.label}
                onClick={() => onRun(s.q, filtersOf(s))}
              >
                {s.label}
              </button>
              <button
                type="button"
                className="link srch-saved-del"
                aria-label={fill(t('removeSaved'), { x: s.label })}
                onClick={() => void remove(s.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t('savedNote')}</p>
    </section>
  );
}
