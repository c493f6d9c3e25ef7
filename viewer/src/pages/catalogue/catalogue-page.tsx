import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, query } from '../../api/client';
import type { ItemView } from '../../api/types';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { FilterBar, filtersFrom } from './filter-bar';
import { useLookups, useValueLabel } from './lookups';
import { fill, messages } from './messages';
import { FILTER_KEYS, type CatalogueFilters, type ItemPage } from './types';
import { VirtualTable } from './virtual-table';

/** The first page is small so the first rows show at once; later pages are larger. */
const FIRST_PAGE = 50;
const NEXT_PAGE = 200;
const ROW_HEIGHT = 36;

/**
 * Where the catalogue leaves the items chosen for a loan request (借阅申请): sessionStorage, never the
 * URL; a JSON array of item ids, which the loans page reads at /loans/new.
 */
export const SELECTION_KEY = 'archive.selection';

type SortKey = 'newest' | 'archivalCode' | 'date' | 'title';

const collator = new Intl.Collator('zh-CN', { numeric: true });
const COMPARE: Record<Exclude<SortKey, 'newest'>, (a: ItemView, b: ItemView) => number> = {
  // Unnumbered items (no 档号 yet) go last either way round.
  archivalCode: (a, b) => collator.compare(a.archivalCode ?? '\uffff', b.archivalCode ?? '\uffff'),
  date: (a, b) => a.date.localeCompare(b.date),
  title: (a, b) => collator.compare(a.title, b.title),
};

/** 档案目录: browse by the catalogue's filters, newest first by cursor, sort the loaded rows, select many. */
export function CataloguePage() {
  const t = useText(messages);
  const { query: qs, navigate } = useRoute();
  const { can } = useSession();
  const lookups = useLookups();
  const label = useValueLabel(lookups);
  const filters = filtersFrom(qs);
  const filterKey = JSON.stringify(filters);

  const [rows, setRows] = useState<ItemView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'newest', dir: 1 });
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const generation = useRef(0);
  const busy = useRef(false);

  const fetchPage = useCallback(
    (after: string | null, limit: number) =>
      api<ItemPage>(
        `/api/items${query({ ...(JSON.parse(filterKey) as CatalogueFilters), limit, cursor: after })}`,
      ),
    [filterKey],
  );

  const loadFirst = useCallback(() => {
    const g = ++generation.current;
    busy.current = true;
    setRows([]);
    setCursor(null);
    setLoading(true);
    setError(null);
    fetchPage(null, FIRST_PAGE).then(
      (p) => {
        if (g !== generation.current) return;
        busy.current = false;
        setRows(p.items);
        setCursor(p.nextCursor);
        setLoading(false);
      },
      (e: unknown) => {
        if (g !== generation.current) return;
        busy.current = false;
        setError(e);
        setLoading(false);
      },
    );
  }, [fetchPage]);
  useEffect(loadFirst, [loadFirst]);

  const loadMore = useCallback(() => {
    if (busy.current || !cursor || error) return;
    const g = generation.current;
    busy.current = true;
    setLoading(true);
    fetchPage(cursor, NEXT_PAGE).then(
      (p) => {
        if (g !== generation.current) return;
        busy.current = false;
        setRows((r) => [...r, ...p.items]);
        setCursor(p.nextCursor);
        setLoading(false);
      },
      (e: unknown) => {
        if (g !== generation.current) return;
        busy.current = false;
        setError(e);
        setLoading(false);
      },
    );
  }, [cursor, error, fetchPage]);

  const sorted = useMemo(() => {
    if (sort.key === 'newest') return rows;
    const cmp = COMPARE[sort.key];
    return [...rows].sort((a, b) => sort.dir * cmp(a, b));
  }, [rows, sort]);

  const setFilters = (next: CatalogueFilters) =>
    navigate(`/catalogue${query({ ...next })}`, { replace: true });

  const allLoadedSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someLoadedSelected = rows.some((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const toggleAll = () =>
    setSelected((s) => {
      const n = new Set(s);
      for (const r of rows) {
        if (allLoadedSelected) n.delete(r.id);
        else n.add(r.id);
      }
      return n;
    });
  const requestLoan = () => {
    sessionStorage.setItem(SELECTION_KEY, JSON.stringify([...selected]));
    navigate('/loans/new');
  };

  const sortHeader = (key: Exclude<SortKey, 'newest'>, text: string) => {
    const active = sort.key === key;
    return (
      <th aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className="link cat-sort"
          onClick={() => setSort({ key, dir: active && sort.dir === 1 ? -1 : 1 })}
        >
          {text}
          <span aria-hidden="true">{active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      </th>
    );
  };

  const anyFilter = FILTER_KEYS.some((k) => filters[k]);
  const status = loading
    ? rows.length > 0
      ? t('loadingMore')
      : ''
    : cursor
      ? fill(t('loadedCount'), { n: rows.length })
      : fill(t('loadedAll'), { n: rows.length });

  return (
    <section aria-labelledby="cat-title" className="cat-page">
      <h1 id="cat-title">{t('catalogueTitle')}</h1>
      <FilterBar filters={filters} lookups={lookups} onChange={setFilters} />
      <div className="toolbar cat-actions">
        <div className="cat-field">
          <label htmlFor="cat-sort">{t('sortBy')}</label>
          <select
            id="cat-sort"
            value={sort.key}
            onChange={(e) => setSort({ key: e.target.value as SortKey, dir: 1 })}
          >
            <option value="newest">{t('sortNewest')}</option>
            <option value="archivalCode">{t('archivalCode')}</option>
            <option value="date">{t('date')}</option>
            <option value="title">{t('title')}</option>
          </select>
        </div>
        {sort.key !== 'newest' && (
          <button
            type="button"
            className="secondary"
            onClick={() => setSort((s) => ({ ...s, dir: s.dir === 1 ? -1 : 1 }))}
          >
            {sort.dir === 1 ? t('ascending') : t('descending')}
          </button>
        )}
        {sort.key !== 'newest' && cursor && <span className="cat-note">{t('sortLoadedNote')}</span>}
        <span className="cat-spacer" />
        <span className="cat-selected" aria-live="polite">
          {fill(t('selectedCount'), { n: selected.size })}
        </span>
        {can('loan.request') && (
          <button type="button" disabled={selected.size === 0} onClick={requestLoan}>
            {t('requestLoan')}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={selected.size === 0}
          onClick={() => setSelected(new Set())}
        >
          {t('clearSelection')}
        </button>
      </div>
      {error !== null && <ErrorBanner error={error} onRetry={rows.length ? loadMore : loadFirst} />}
      {rows.length === 0 && loading && <Loading />}
      {rows.length === 0 && !loading && error === null && (
        <Empty>{anyFilter ? t('catalogueEmpty') : t('catalogueEmptyNoFilter')}</Empty>
      )}
      {rows.length > 0 && (
        <>
          <p className="cat-status" role="status">
            {status}
          </p>
          <VirtualTable
            rows={sorted}
            rowHeight={ROW_HEIGHT}
            rowKey={(r) => r.id}
            rowClass={(r) => (selected.has(r.id) ? 'selected' : undefined)}
            label={t('catalogueTable')}
            columns={10}
            onNearEnd={cursor && !error ? loadMore : undefined}
            header={
              <tr aria-rowindex={1}>
                <th className="c-check">
                  <input
                    type="checkbox"
                    aria-label={t('selectAllLoaded')}
                    checked={allLoadedSelected}
                    ref={(el) => {
                      if (el) el.indeterminate = someLoadedSelected && !allLoadedSelected;
                    }}
                    onChange={toggleAll}
                  />
                </th>
                {sortHeader('archivalCode', t('archivalCode'))}
                {sortHeader('title', t('title'))}
                {sortHeader('date', t('date'))}
                <th>{t('year')}</th>
                <th>{t('classCode')}</th>
                <th>{t('retention')}</th>
                <th>{t('insuranceType')}</th>
                <th className="num">{t('pages')}</th>
                <th>{t('status')}</th>
              </tr>
            }
            renderRow={(r) => (
              <>
                <td className="c-check">
                  <input
                    type="checkbox"
                    aria-label={`${t('selectRow')} ${r.archivalCode ?? r.title}`}
                    checked={selected.has(r.id)}
                    onChange={() => toggle(r.id)}
                  />
                </td>
                <td className="c-code">
                  {r.archivalCode ?? <span className="muted">{t('unnumbered')}</span>}
                </td>
                <td className="c-title">
                  <Link to={`/items/${r.id}`} title={r.title}>
                    {r.title}
                  </Link>
                </td>
                <td className="c-date">{formatDate(r.date)}</td>
                <td>{r.year}</td>
                <td title={label('classCode', r.classCode)}>{r.classCode}</td>
                <td>{label('retention', r.retention)}</td>
                <td>{label('insuranceType', r.insuranceType)}</td>
                <td className="num">{r.pageCount}</td>
                <td>
                  <span className={r.status === 'returned' ? 'tag warn' : 'tag'}>{r.statusLabel}</span>
                </td>
              </>
            )}
            footer={
              cursor ? (
                <div className="cat-more">
                  <button type="button" className="secondary" disabled={loading} onClick={loadMore}>
                    {loading ? t('loadingMore') : t('loadMore')}
                  </button>
                </div>
              ) : null
            }
          />
        </>
      )}
    </section>
  );
}

/** `20130517` → `2013-05-17`. */
export function formatDate(d: string): string {
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;
}
