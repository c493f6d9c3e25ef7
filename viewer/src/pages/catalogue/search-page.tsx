import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, query } from '../../api/client';
import type { ItemView } from '../../api/types';
import { ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { formatDate } from './catalogue-page';
import { useLookups, useValueLabel, type Lookups } from './lookups';
import { Marked } from './marked';
import { fill, messages, type CatalogueLabel } from './messages';
import { PersonView } from './person-view';
import { SavedSearches } from './saved-searches';
import {
  FACET_FILTER,
  FACET_ORDER,
  FILTER_KEYS,
  type CatalogueFilters,
  type FacetName,
  type FilterKey,
  type Highlight,
  type SearchAnswer,
} from './types';

const PAGE_SIZE = 20;
const RESIDENT_ID = /^\d{17}[\dXx]$/;

/** What the search page shows; held in component state (and in memory across pages), never in the URL. */
interface SearchState {
  /** The words searched (may hold a name or a 公民身份号码). */
  q: string;
  filters: CatalogueFilters;
  /** The cursor of each page seen so far (page 1: null). */
  cursors: (string | null)[];
  page: number;
  /** The person view, when open: what the API matches and how it is shown. */
  person: { key: string; shown: string } | null;
}

const START: SearchState = { q: '', filters: {}, cursors: [null], page: 0, person: null };

/**
 * The last search of this tab, kept in memory only (not in the URL, not in storage) so that coming back
 * from an item shows the same results; tied to the account, so the next user of the browser starts afresh.
 */
let remembered: { accountId: string; state: SearchState; input: string } | null = null;

const FACET_LABEL: Record<FacetName, CatalogueLabel> = {
  year: 'year',
  classCode: 'classCode',
  insuranceType: 'insuranceType',
  businessStep: 'businessStep',
  retention: 'retention',
  status: 'status',
};
const FILTER_FACET = Object.fromEntries(
  Object.entries(FACET_FILTER).map(([facet, filter]) => [filter, facet]),
) as Record<FilterKey, FacetName>;

/** 检索: one box for words, names, 公民身份号码 and 档号; facets, highlights, thumbnails, saved searches. */
export function SearchPage() {
  const t = useText(messages);
  const { me, can } = useSession();
  const lookups = useLookups();
  const accountId = me?.accountId ?? '';
  const mine = remembered?.accountId === accountId ? remembered : null;
  const [input, setInput] = useState(mine?.input ?? '');
  const [state, setState] = useState<SearchState>(mine?.state ?? START);
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    remembered = { accountId, state, input };
  }, [accountId, state, input]);

  const active = state.q !== '' || FILTER_KEYS.some((k) => state.filters[k]);
  const cursor = state.cursors[state.page] ?? null;
  const requestKey = JSON.stringify([state.q, state.filters, cursor]);

  useEffect(() => {
    if (!active) {
      setAnswer(null);
      setError(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    api<SearchAnswer>(`/api/search${query({ q: state.q, ...state.filters, limit: PAGE_SIZE, cursor })}`).then(
      (a) => {
        if (!live) return;
        setAnswer(a);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setAnswer(null);
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [requestKey, active, attempt]);

  const run = useCallback((q: string, filters: CatalogueFilters) => {
    setState({ q, filters, cursors: [null], page: 0, person: null });
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(input.trim(), state.filters);
  };
  const setFilter = (key: FilterKey, value: string | undefined) =>
    run(state.q, { ...state.filters, [key]: value });
  const openPerson = (key: string, shown: string) => setState((s) => ({ ...s, person: { key, shown } }));
  const typedPerson = input.trim();
  const sideShown = can('item.read') || (!state.person && !!answer);

  return (
    <section aria-labelledby="srch-title" className="srch-page">
      <h1 id="srch-title">{t('searchTitle')}</h1>
      <form role="search" className="srch-form" onSubmit={submit}>
        <label htmlFor="srch-q" className="srch-label">
          {t('searchBox')}
        </label>
        <input
          id="srch-q"
          type="search"
          value={input}
          maxLength={200}
          autoComplete="off"
          placeholder={t('searchPlaceholder')}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit">{t('searchButton')}</button>
        <button
          type="button"
          className="secondary"
          title={t('personButtonHint')}
          disabled={typedPerson === ''}
          onClick={() =>
            openPerson(RESIDENT_ID.test(typedPerson) ? typedPerson.toUpperCase() : typedPerson, typedPerson)
          }
        >
          {t('personButton')}
        </button>
      </form>
      <div className={sideShown ? 'srch-layout' : 'srch-layout no-side'}>
        <aside className="srch-side" hidden={!sideShown}>
          {!state.person && answer && (
            <Facets answer={answer} filters={state.filters} lookups={lookups} onPick={setFilter} />
          )}
          {can('item.read') && (
            <SavedSearches
              current={active ? { q: state.q, filters: state.filters } : null}
              onRun={(q, filters) => {
                setInput(q);
                run(q, filters);
              }}
            />
          )}
        </aside>
        <div className="srch-main">
          {state.person ? (
            <PersonView
              person={state.person.key}
              shown={state.person.shown}
              lookups={lookups}
              onBack={
                active
                  ? () => {
                      setInput(state.q);
                      setState((s) => ({ ...s, person: null }));
                    }
                  : null
              }
            />
          ) : (
            <Results
              state={state}
              answer={answer}
              loading={loading}
              error={error}
              lookups={lookups}
              onRemoveFilter={(k) => setFilter(k, undefined)}
              onPage={(dir) =>
                setState((s) => {
                  if (dir < 0) return { ...s, page: Math.max(0, s.page - 1) };
                  const cursors = s.cursors.slice(0, s.page + 1);
                  cursors.push(answer?.nextCursor ?? null);
                  return { ...s, cursors, page: s.page + 1 };
                })
              }
              onPerson={openPerson}
              onRetry={() => setAttempt((a) => a + 1)}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function Results({
  state,
  answer,
  loading,
  error,
  lookups,
  onRemoveFilter,
  onPage,
  onPerson,
  onRetry,
}: {
  state: SearchState;
  answer: SearchAnswer | null;
  loading: boolean;
  error: unknown;
  lookups: Lookups;
  onRemoveFilter: (k: FilterKey) => void;
  onPage: (dir: 1 | -1) => void;
  onPerson: (key: string, shown: string) => void;
  onRetry: () => void;
}) {
  const t = useText(messages);
  const label = useValueLabel(lookups);
  const chips = FILTER_KEYS.filter((k) => state.filters[k]);
  return (
    <section aria-labelledby="srch-results" aria-busy={loading}>
      <h2 id="srch-results" className="visually-hidden">
        {t('results')}
      </h2>
      {chips.length > 0 && (
        <div className="srch-chips">
          {chips.map((k) => {
            const text = `${t(FACET_LABEL[FILTER_FACET[k]])}：${label(FILTER_FACET[k], state.filters[k]!)}`;
            return (
              <button
                key={k}
                type="button"
                className="secondary srch-chip"
                aria-label={fill(t('removeFilter'), { x: text })}
                onClick={() => onRemoveFilter(k)}
              >
                {text} <span aria-hidden="true">×</span>
              </button>
            );
          })}
        </div>
      )}
      {error !== null && <ErrorBanner error={error} onRetry={onRetry} />}
      {loading && !answer && <Loading />}
      {!answer && !loading && error === null && <p className="srch-hint">{t('searchHint')}</p>}
      {answer && answer.total === 0 && (
        <div className="srch-empty" role="status">
          <p className="srch-empty-title">{t('searchEmpty')}</p>
          <p>{t('searchEmptyHelp')}</p>
        </div>
      )}
      {answer && answer.total > 0 && (
        <>
          <p className="srch-count" role="status">
            {fill(t('resultCount'), { n: answer.total })}
            {state.cursors.length > 1 || answer.nextCursor
              ? ` · ${fill(t('page'), { n: state.page + 1 })}`
              : ''}
          </p>
          <ol className="srch-hits" aria-label={t('results')}>
            {answer.hits.map((h) => (
              <Hit
                key={h.item.id}
                item={h.item}
                highlights={h.highlights}
                lookups={lookups}
                onPerson={onPerson}
                words={state.q}
              />
            ))}
          </ol>
          {(state.page > 0 || answer.nextCursor) && (
            <nav className="srch-pager" aria-label={t('results')}>
              <button
                type="button"
                className="secondary"
                disabled={state.page === 0 || loading}
                onClick={() => onPage(-1)}
              >
                {t('prevPage')}
              </button>
              <span>{fill(t('page'), { n: state.page + 1 })}</span>
              <button
                type="button"
                className="secondary"
                disabled={!answer.nextCursor || loading}
                onClick={() => onPage(1)}
              >
                {t('nextPage')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

const FIELD_LABEL: Record<Highlight['field'], CatalogueLabel> = {
  title: 'fieldTitle',
  text: 'fieldText',
  persons: 'fieldPersons',
  units: 'fieldUnits',
};

function Hit({
  item,
  highlights,
  lookups,
  onPerson,
  words,
}: {
  item: ItemView;
  highlights: Highlight[];
  lookups: Lookups;
  onPerson: (key: string, shown: string) => void;
  /** The words searched: handed to the item page's find box (in sessionStorage, never the URL). */
  words: string;
}) {
  const t = useText(messages);
  const label = useValueLabel(lookups);
  const titleHit = highlights.find((h) => h.field === 'title');
  const at = titleHit ? item.title.indexOf(titleHit.fragment) : -1;
  const titleRanges =
    titleHit && at >= 0 ? titleHit.matches.map(([s, e]) => [s + at, e + at] as [number, number]) : [];
  // The persons line shows each person once, with what matched marked (and the person-view button).
  const personHit = item.persons.length > 0 ? highlights.find((h) => h.field === 'persons') : undefined;
  const personTerms = personHit ? personHit.matches.map(([s, e]) => personHit.fragment.slice(s, e)) : [];
  const others = highlights.filter(
    (h) => (h.field !== 'title' || at < 0) && !(h.field === 'persons' && item.persons.length > 0),
  );
  return (
    <li className="srch-hit">
      <Thumbnail item={item} />
      <div className="srch-hit-body">
        <h3 className="srch-hit-title">
          <Link
            to={`/items/${item.id}`}
            onClick={() => {
              if (words.trim())
                sessionStorage.setItem(
                  'archive.item.find',
                  JSON.stringify({ itemId: item.id, q: words.trim() }),
                );
            }}
          >
            <Marked text={item.title} ranges={titleRanges} />
          </Link>
        </h3>
        <p className="srch-meta">
          <span>{item.archivalCode ?? t('unnumbered')}</span>
          <span>{item.year}</span>
          <span>{formatDate(item.date)}</span>
          <span title={label('classCode', item.classCode)}>{label('classCode', item.classCode)}</span>
          <span>{label('insuranceType', item.insuranceType)}</span>
          <span>{label('retention', item.retention)}</span>
          <span className="tag">{item.statusLabel}</span>
        </p>
        {others.map((h, i) => (
          <p key={i} className="srch-fragment">
            <span className="srch-field">{t(FIELD_LABEL[h.field])}：</span>
            <Marked text={h.fragment} ranges={h.matches} />
          </p>
        ))}
        {item.persons.length > 0 && (
          <p className="srch-persons">
            <span className="srch-field">{t('persons')}：</span>
            {item.persons.map((p, i) => {
              const key =
                p.residentId && !p.residentId.includes('*')
                  ? p.residentId
                  : item.personalDataMasked
                    ? null
                    : p.name;
              return (
                <span key={i} className="srch-person-chip">
                  <Marked text={p.name} ranges={rangesOf(p.name, personTerms)} />
                  {p.residentId && (
                    <>
                      {' '}
                      <Marked text={p.residentId} ranges={rangesOf(p.residentId, personTerms)} />
                    </>
                  )}
                  {key && (
                    <button
                      type="button"
                      className="link"
                      aria-label={fill(t('personFilesOf'), { x: p.name })}
                      onClick={() =>
                        onPerson(
                          key,
                          p.residentId && key === p.residentId ? `${p.name}（${p.residentId}）` : p.name,
                        )
                      }
                    >
                      {t('personFiles')}
                    </button>
                  )}
                </span>
              );
            })}
            {item.personalDataMasked && <span className="muted"> {t('personMasked')}</span>}
          </p>
        )}
      </div>
    </li>
  );
}

/** Where each term occurs in a text (case-insensitive), as [start, end) ranges. */
function rangesOf(text: string, terms: string[]): [number, number][] {
  const out: [number, number][] = [];
  const lower = text.toLowerCase();
  for (const term of terms) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + t.length))
      out.push([at, at + t.length]);
  }
  return out;
}

/** Page 1's thumbnail, loaded lazily; a placeholder when there is none or it cannot be read. */
function Thumbnail({ item }: { item: ItemView }) {
  const t = useText(messages);
  const { can } = useSession();
  const [failed, setFailed] = useState(false);
  if (item.pageCount === 0 || !can('page.read') || failed)
    return (
      <div className="srch-thumb placeholder" aria-hidden="true">
        {item.pageCount === 0 ? t('noPages') : t('noThumbnail')}
      </div>
    );
  return (
    <img
      className="srch-thumb"
      src={`/api/items/${item.id}/pages/1/thumbnail`}
      loading="lazy"
      decoding="async"
      alt=""
      width={72}
      height={96}
      onError={() => setFailed(true)}
    />
  );
}

/** The facet counts of the answer: pick a value to narrow, pick it again to widen. */
function Facets({
  answer,
  filters,
  lookups,
  onPick,
}: {
  answer: SearchAnswer;
  filters: CatalogueFilters;
  lookups: Lookups;
  onPick: (key: FilterKey, value: string | undefined) => void;
}) {
  const t = useText(messages);
  const label = useValueLabel(lookups);
  const [open, setOpen] = useState<Set<FacetName>>(() => new Set());
  const shown = FACET_ORDER.filter((f) => (answer.facets[f] ?? []).some((v) => v.value !== ''));
  if (shown.length === 0) return null;
  return (
    <section className="srch-facets" aria-labelledby="facets-title">
      <h2 id="facets-title">
        {t('facetTitle')}
        {!answer.facetsExact && <small className="muted"> {t('facetsApprox')}</small>}
      </h2>
      {shown.map((f) => {
        const key = FACET_FILTER[f];
        const values = (answer.facets[f] ?? []).filter((v) => v.value !== '');
        if (f === 'year') values.sort((a, b) => Number(b.value) - Number(a.value));
        const all = open.has(f);
        const list = all ? values : values.slice(0, 8);
        return (
          <fieldset key={f}>
            <legend>{t(FACET_LABEL[f])}</legend>
            <ul>
              {list.map((v) => {
                const on = filters[key] === v.value;
                return (
                  <li key={v.value}>
                    <button
                      type="button"
                      className="srch-facet"
                      aria-pressed={on}
                      onClick={() => onPick(key, on ? undefined : v.value)}
                    >
                      <span className="name">{label(f, v.value)}</span>
                      <span className="count">{v.count}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {values.length > 8 && (
              <button
                type="button"
                className="link"
                aria-expanded={all}
                onClick={() =>
                  setOpen((s) => {
                    const n = new Set(s);
                    if (all) n.delete(f);
                    else n.add(f);
                    return n;
                  })
                }
              >
                {all ? '−' : `+${values.length - 8}`}
              </button>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
