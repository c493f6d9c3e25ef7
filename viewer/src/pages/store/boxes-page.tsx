import { useState } from 'react';
import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { RETENTIONS, RETENTION_LABELS, StoreNav, groupLabel } from './common';
import { messages } from './messages';
import type { AppliedPacking, Box, PackingSuggestion } from './types';

type Page = { boxes: Box[]; nextCursor: string | null };
const FILTER_KEYS = ['fondsCode', 'year', 'classCode', 'retention', 'status', 'unshelved'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

function filtersFrom(q: URLSearchParams): Filters {
  const f = {} as Filters;
  for (const k of FILTER_KEYS) f[k] = q.get(k) ?? '';
  return f;
}

/** 档案盒: the boxes (filtered by group, status, shelved or not; the filters stay in the address) and 装盒. */
export function BoxesPage() {
  const t = useText(messages);
  const { query: q, navigate } = useRoute();
  const filters = filtersFrom(q);
  const key = JSON.stringify(filters);
  const [draft, setDraft] = useState<Filters>(filters);
  const [more, setMore] = useState<Box[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const { data, error, loading, reload } = useLoad(async () => {
    const page = await api<Page>(`/api/boxes${query({ ...filters, limit: 50 })}`);
    setMore([]);
    setCursor(page.nextCursor);
    return page.boxes;
  }, [key, version]);
  const loadMore = async () => {
    try {
      const page = await api<Page>(`/api/boxes${query({ ...filters, limit: 50, cursor })}`);
      setMore((m) => [...m, ...page.boxes]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    }
  };
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const rows = [...(data ?? []), ...more];

  return (
    <section aria-labelledby="boxes-title" className="store">
      <StoreNav />
      <h1 id="boxes-title">{t('boxesTitle')}</h1>
      <form
        className="toolbar"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/store${query(draft)}`, { replace: true });
        }}
      >
        <GroupFields value={draft} onChange={set} />
        <label>
          {t('status')}
          <select value={draft.status} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('any')}</option>
            <option value="open">{t('open')}</option>
            <option value="sealed">{t('sealed')}</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.unshelved === 'true'}
            onChange={(e) => set('unshelved', e.target.checked ? 'true' : '')}
          />
          {t('unshelved')}
        </label>
        <button type="submit">{t('apply')}</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(filtersFrom(new URLSearchParams()));
            navigate('/store', { replace: true });
          }}
        >
          {t('clear')}
        </button>
      </form>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('boxesEmpty')}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('boxCode')}</th>
                  <th scope="col">{t('group')}</th>
                  <th scope="col">{t('itemRange')}</th>
                  <th scope="col" className="num">
                    {t('items')}
                  </th>
                  <th scope="col" className="num">
                    {t('pages')}
                  </th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('location')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((b) => (
                  <tr key={b.id}>
                    <th scope="row" className="nowrap">
                      <Link to={`/store/boxes/${b.id}`}>{b.code}</Link>
                    </th>
                    <td className="nowrap">{groupLabel(b)}</td>
                    <td className="nowrap">{b.itemRange ?? '—'}</td>
                    <td className="num">{b.itemCount}</td>
                    <td className="num">{b.pageCount}</td>
                    <td>
                      <span className={b.status === 'sealed' ? 'tag good' : 'tag info'}>{b.statusLabel}</span>
                    </td>
                    <td className="nowrap">
                      {b.out ? (
                        <span className="tag warn">{t('outOfStore')}</span>
                      ) : (
                        (b.locationCode ?? <span className="muted">{t('notShelved')}</span>)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {moreError !== null && <ErrorBanner error={moreError} />}
          {cursor && (
            <div className="toolbar after">
              <button type="button" className="secondary" onClick={() => void loadMore()}>
                {t('loadMore')}
              </button>
            </div>
          )}
        </>
      )}
      <PackingPanel onPacked={() => setVersion((v) => v + 1)} />
    </section>
  );
}

/** 全宗号, 年度, 类别, 保管期限: the fields naming a group (or part of one). */
function GroupFields({
  value,
  onChange,
}: {
  value: Pick<Filters, 'fondsCode' | 'year' | 'classCode' | 'retention'>;
  onChange: (k: 'fondsCode' | 'year' | 'classCode' | 'retention', v: string) => void;
}) {
  const t = useText(messages);
  return (
    <>
      <label>
        {t('fonds')}
        <input
          className="short"
          value={value.fondsCode}
          maxLength={12}
          onChange={(e) => onChange('fondsCode', e.target.value.trim())}
        />
      </label>
      <label>
        {t('year')}
        <input
          className="short"
          type="number"
          min={1900}
          max={2200}
          value={value.year}
          onChange={(e) => onChange('year', e.target.value)}
        />
      </label>
      <label>
        {t('classCode')}
        <input
          className="short"
          value={value.classCode}
          maxLength={16}
          onChange={(e) => onChange('classCode', e.target.value.trim().toUpperCase())}
        />
      </label>
      <label>
        {t('retention')}
        <select value={value.retention} onChange={(e) => onChange('retention', e.target.value)}>
          <option value="">{t('any')}</option>
          {RETENTIONS.map((r) => (
            <option key={r} value={r}>
              {RETENTION_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** 装盒建议 for a group, then carried out box by box (each box reported). */
function PackingPanel({ onPacked }: { onPacked: () => void }) {
  const t = useText(messages);
  const [group, setGroup] = useState({ fondsCode: '', year: '', classCode: '', retention: '' });
  const [suggestion, setSuggestion] = useState<PackingSuggestion | null>(null);
  const [result, setResult] = useState<AppliedPacking | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const suggest = () =>
    run(async () => {
      setResult(null);
      setSuggestion(await api<PackingSuggestion>(`/api/boxes/packing${query(group)}`));
    });
  const apply = () =>
    run(async () => {
      if (!suggestion) return;
      const out = await api<AppliedPacking>('/api/boxes/packing/apply', {
        body: {
          boxes: suggestion.boxes.map((b) => ({
            boxId: b.boxId,
            typeId: b.typeId,
            items: b.items.map((e) => e.itemId),
          })),
        },
      });
      setResult(out);
      setSuggestion(null);
      onPacked();
    });
  return (
    <section className="panel" aria-labelledby="packing-title">
      <h2 id="packing-title">{t('packingTitle')}</h2>
      <p className="help">{t('packingHelp')}</p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void suggest();
        }}
      >
        <GroupFields value={group} onChange={(k, v) => setGroup((g) => ({ ...g, [k]: v }))} />
        <button type="submit" disabled={busy}>
          {t('suggest')}
        </button>
      </form>
      {error !== null && <ErrorBanner error={error} />}
      {result && (
        <div className="banner ok" role="status">
          <span>
            {t('applied')}：
            {result.applied.map((a, i) => (
              <span key={a.boxId}>
                {i > 0 && '，'}
                <Link to={`/store/boxes/${a.boxId}`}>{a.code}</Link>（{a.items} {t('itemsUnit')}，
                {a.created ? t('created') : t('toppedUp')}）
              </span>
            ))}
          </span>
          {result.failed.length > 0 && (
            <ul className="findings">
              {result.failed.map((f) => (
                <li key={f.index} className="bad">
                  {t('failed')} #{f.index + 1}：{f.message}（{f.code}）
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {suggestion &&
        (suggestion.boxes.length === 0 ? (
          <Empty>{t('suggestionEmpty')}</Empty>
        ) : (
          <>
            <p>
              {t('unboxed')} {suggestion.unboxedItems} · {t('newBoxes')} {suggestion.newBoxes}
            </p>
            {suggestion.truncated && <p className="banner warn">{t('truncatedNote')}</p>}
            <div className="table-wrap short">
              <table className="grid compact">
                <thead>
                  <tr>
                    <th scope="col">{t('plannedBox')}</th>
                    <th scope="col">{t('group')}</th>
                    <th scope="col" className="num">
                      {t('adding')}
                    </th>
                    <th scope="col" className="num">
                      {t('pages')}
                    </th>
                    <th scope="col">{t('itemRange')}</th>
                  </tr>
                </thead>
                <tbody>
                  {suggestion.boxes.map((b, i) => (
                    <tr key={i}>
                      <td className="nowrap">
                        {b.boxId ? `${t('topUp')} 盒${b.boxNumber}` : `${t('newBox')} ${i + 1}`}
                        {b.oversize && <span className="tag warn">{t('oversize')}</span>}
                      </td>
                      <td className="nowrap">{groupLabel(b.group)}</td>
                      <td className="num">
                        {b.items.length}
                        {b.existingItems > 0 && (
                          <span className="muted">
                            {' '}
                            （{t('existing')} {b.existingItems}）
                          </span>
                        )}
                      </td>
                      <td className="num">{b.pages}</td>
                      <td className="nowrap">{b.itemRange ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="toolbar after">
              <button type="button" disabled={busy} onClick={() => void apply()}>
                {t('applyPacking')}（{suggestion.boxes.length}）
              </button>
            </div>
          </>
        ))}
    </section>
  );
}
