import { Fragment, useState } from 'react';
import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { TransferStatusTag, TransfersNav, day, when, ym } from './common';
import { messages } from './messages';
import { DocumentLink } from './open-document';
import type { ItemWithTransfer, Preparation, PreparationMonth, Transfer, Volume } from './types';

/** 本科室移交: a section's months of filed items → 预立卷 → 移交单; its volumes, transfers and returned items. */
export function SectionWorkPage() {
  const t = useText(messages);
  const { navigate } = useRoute();
  const [version, setVersion] = useState(0);
  const prep = useLoad(() => api<Preparation>('/api/transfers/preparation'), [version]);
  const [mode, setMode] = useState<'month' | 'person'>('month');
  const [shown, setShown] = useState<{ year: number; month: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => setVersion((v) => v + 1);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const preArchive = (m: PreparationMonth) =>
    act(async () => {
      const out = await api<{ volumes: Volume[] }>('/api/transfers/volumes', {
        body: { year: m.year, month: m.month, mode },
      });
      setNotice(`${t('preArchived1')}${out.volumes.map((v) => `${v.number} ${v.title}`).join('；')}`);
      refresh();
    });
  const buildTransfer = (body: Record<string, unknown>) =>
    act(async () => {
      const tr = await api<Transfer>('/api/transfers', { body });
      navigate(`/transfers/${tr.id}`);
    });

  return (
    <section aria-labelledby="transfers-title" className="transfers">
      <h1 id="transfers-title">
        {t('sectionTitle')}
        {prep.data ? ` · ${prep.data.section}` : ''}
      </h1>
      <TransfersNav />
      {error !== null && <ErrorBanner error={error} />}
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}

      <h2>{t('monthsTitle')}</h2>
      <p className="help">{t('monthsHelp')}</p>
      {prep.loading && !prep.data ? (
        <Loading />
      ) : prep.error ? (
        <ErrorBanner error={prep.error} onRetry={prep.reload} />
      ) : prep.data!.months.length === 0 ? (
        <Empty>{t('monthsEmpty')}</Empty>
      ) : (
        <>
          <div className="toolbar">
            <label>
              {t('mode')}
              <select value={mode} onChange={(e) => setMode(e.target.value as 'month' | 'person')}>
                <option value="month">{t('modeMonth')}</option>
                <option value="person">{t('modePerson')}</option>
              </select>
            </label>
          </div>
          <div className="table-wrap">
            <table className="grid months">
              <thead>
                <tr>
                  <th scope="col">{t('yearMonth')}</th>
                  <th scope="col" className="num">
                    {t('filed')}
                  </th>
                  <th scope="col" className="num">
                    {t('returnedCol')}
                  </th>
                  <th scope="col" className="num">
                    {t('preArchived')}
                  </th>
                  <th scope="col" className="num">
                    {t('pagesCol')}
                  </th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {prep.data!.months.map((m) => {
                  const open = shown?.year === m.year && shown.month === m.month;
                  const label = ym(m.year, m.month);
                  return (
                    <Fragment key={label}>
                      <tr>
                        <th scope="row">{label}</th>
                        <td className="num">{m.filed}</td>
                        <td className="num">
                          {m.returned ? <span className="tag bad">{m.returned}</span> : 0}
                        </td>
                        <td className="num">{m.preArchived}</td>
                        <td className="num">{m.pages}</td>
                        <td className="actions">
                          <button
                            type="button"
                            className="secondary"
                            aria-expanded={open}
                            onClick={() => setShown(open ? null : { year: m.year, month: m.month })}
                          >
                            {open ? t('hideItems') : t('showItems')}
                            <span className="sr-only"> {label}</span>
                          </button>
                          <button
                            type="button"
                            disabled={busy || m.filed + m.returned === 0}
                            onClick={() => void preArchive(m)}
                          >
                            {t('preArchive')} {label}
                          </button>
                          <button
                            type="button"
                            disabled={busy || m.preArchived === 0}
                            onClick={() => void buildTransfer({ year: m.year, month: m.month })}
                          >
                            {t('buildTransfer')} {label}
                          </button>
                        </td>
                      </tr>
                      {open && (
                        <tr className="detail">
                          <td colSpan={6}>
                            <MonthItems year={m.year} month={m.month} version={version} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          {prep.data!.undated > 0 && (
            <p className="banner warn">
              {prep.data!.undated} {t('undated')}
            </p>
          )}
        </>
      )}

      <Volumes version={version} busy={busy} onTransfer={(ids) => void buildTransfer({ volumeIds: ids })} />
      <SectionTransfers version={version} />
      <ReturnedItems version={version} />
    </section>
  );
}

/** The items of one month (masked for the role), in archival order. */
function MonthItems({ year, month, version }: { year: number; month: number; version: number }) {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(
    () => api<Preparation>(`/api/transfers/preparation${query({ year, month })}`),
    [year, month, version],
  );
  if (loading) return <Loading />;
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  const items = data!.items ?? [];
  return <ItemTable items={items} caption={`${ym(year, month)}${t('monthItemsTitle')}`} />;
}

function ItemTable({
  items,
  caption,
  withReason,
}: {
  items: ItemWithTransfer[];
  caption: string;
  withReason?: boolean;
}) {
  const t = useText(messages);
  return (
    <table className="grid compact">
      <caption className={withReason ? 'sr-only' : undefined}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('itemTitle')}</th>
          <th scope="col">{t('date')}</th>
          <th scope="col">{t('step')}</th>
          <th scope="col" className="num">
            {t('pagesCol')}
          </th>
          <th scope="col">{withReason ? t('returnReason') : t('status')}</th>
          {withReason && <th scope="col">{t('actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id}>
            <td className="title-cell">
              <Link to={`/items/${i.id}`}>{i.title}</Link>
            </td>
            <td className="nowrap">{day(i.date)}</td>
            <td>{i.businessStep ?? '—'}</td>
            <td className="num">{i.pageCount}</td>
            {withReason ? (
              <>
                <td className="reason">{i.transfer?.returnReason ?? '—'}</td>
                <td>
                  <Link to={`/items/${i.id}`} className="button-like">
                    {t('fix')}
                    <span className="sr-only"> {i.title}</span>
                  </Link>
                </td>
              </>
            ) : (
              <td>
                <span className={i.status === 'returned' ? 'tag bad' : 'tag'}>{i.statusLabel}</span>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 预立卷: the section's volumes; print each one's 卷内文件目录; build a transfer from some of them. */
function Volumes({
  version,
  busy,
  onTransfer,
}: {
  version: number;
  busy: boolean;
  onTransfer: (ids: string[]) => void;
}) {
  const t = useText(messages);
  const [more, setMore] = useState<Volume[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const { data, error, loading, reload } = useLoad(async () => {
    const page = await api<{ volumes: Volume[]; nextCursor: string | null }>(
      '/api/transfers/volumes?limit=50',
    );
    setMore([]);
    setCursor(page.nextCursor);
    setPicked(new Set());
    return page.volumes;
  }, [version]);
  const loadMore = async () => {
    if (!cursor) return;
    const page = await api<{ volumes: Volume[]; nextCursor: string | null }>(
      `/api/transfers/volumes${query({ limit: 50, cursor })}`,
    );
    setMore((m) => [...m, ...page.volumes]);
    setCursor(page.nextCursor);
  };
  const volumes = [...(data ?? []), ...more];
  const toggle = (id: string) =>
    setPicked((p) => {
      const n = new Set(p);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <>
      <h2>{t('volumesTitle')}</h2>
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : volumes.length === 0 ? (
        <Empty>{t('volumesEmpty')}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('select')}</th>
                  <th scope="col">{t('volumeNo')}</th>
                  <th scope="col">{t('volumeTitle')}</th>
                  <th scope="col" className="num">
                    {t('itemsCol')}
                  </th>
                  <th scope="col">{t('createdBy')}</th>
                  <th scope="col">{t('createdAt')}</th>
                  <th scope="col">{t('contents')}</th>
                </tr>
              </thead>
              <tbody>
                {volumes.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <input
                        type="checkbox"
                        checked={picked.has(v.id)}
                        onChange={() => toggle(v.id)}
                        aria-label={`${t('select')} ${v.number}`}
                      />
                    </td>
                    <td className="nowrap">{v.number}</td>
                    <td>{v.title}</td>
                    <td className="num">{v.itemIds.length}</td>
                    <td>{v.createdBy}</td>
                    <td className="nowrap">{when(v.createdAt)}</td>
                    <td>
                      <DocumentLink href={`/api/transfers/volumes/${v.id}/contents`}>
                        {t('printContents')}
                        <span className="sr-only"> {v.number}</span>
                      </DocumentLink>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="toolbar after">
            <button
              type="button"
              disabled={busy || picked.size === 0}
              onClick={() => onTransfer([...picked])}
            >
              {t('transferFromVolumes')}
              {picked.size ? `（${picked.size}）` : ''}
            </button>
            {cursor && (
              <button type="button" className="secondary" onClick={() => void loadMore()}>
                {t('moreItems')}
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}

/** The section's transfers, newest first. */
function SectionTransfers({ version }: { version: number }) {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(
    () => api<{ transfers: Transfer[]; nextCursor: string | null }>('/api/transfers?limit=50'),
    [version],
  );
  return (
    <>
      <h2>{t('transfersTitle')}</h2>
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : data!.transfers.length === 0 ? (
        <Empty>{t('transfersEmpty')}</Empty>
      ) : (
        <TransferTable transfers={data!.transfers} />
      )}
    </>
  );
}

export function TransferTable({ transfers, action }: { transfers: Transfer[]; action?: string }) {
  const t = useText(messages);
  return (
    <div className="table-wrap">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('transferNo')}</th>
            <th scope="col">{t('sectionCol')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col" className="num">
              {t('itemsCol')}
            </th>
            <th scope="col" className="num">
              {t('pagesCol')}
            </th>
            <th scope="col">{t('submittedBy')}</th>
            <th scope="col">{t('submittedAt')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((tr) => (
            <tr key={tr.id}>
              <th scope="row" className="nowrap">
                {tr.number}
              </th>
              <td>{tr.section}</td>
              <td>
                <TransferStatusTag status={tr.status} label={tr.statusLabel} />
              </td>
              <td className="num">{tr.totals.items}</td>
              <td className="num">{tr.totals.pages}</td>
              <td>{tr.submittedByName ?? '—'}</td>
              <td className="nowrap">{when(tr.submittedAt)}</td>
              <td>
                <Link to={`/transfers/${tr.id}`}>
                  {action ?? t('open')}
                  <span className="sr-only"> {tr.number}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 退回补正: the section's returned items with the archive's reason; each opens for correction. */
function ReturnedItems({ version }: { version: number }) {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(
    () =>
      api<{ items: ItemWithTransfer[]; nextCursor: string | null }>('/api/items?status=returned&limit=200'),
    [version],
  );
  return (
    <>
      <h2>{t('returnedTitle')}</h2>
      <p className="help">{t('returnedHelp')}</p>
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : data!.items.length === 0 ? (
        <Empty>{t('returnedEmpty')}</Empty>
      ) : (
        <div className="table-wrap">
          <ItemTable items={data!.items} caption={t('returnedTitle')} withReason />
        </div>
      )}
    </>
  );
}
