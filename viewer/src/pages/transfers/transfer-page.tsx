import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { TransferStatusTag, day, when } from './common';
import { messages, type TransferText } from './messages';
import { DocumentLink, refusal } from './open-document';
import type { ItemCheck, Reconciliation, Transfer, TransferCheck, TransferItemView } from './types';

const PAGE = 200;

/** One transfer (移交单): the section prints and submits it; the archive checks, reconciles, accepts or returns. */
export function TransferPage({ id }: { id: string }) {
  const t = useText(messages);
  const { can } = useSession();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const transfer = useLoad(() => api<Transfer>(`/api/transfers/${id}`), [id, version]);
  const items = useLoad(
    () => api<{ items: TransferItemView[] }>(`/api/transfers/${id}/items`).then((r) => r.items),
    [id, version],
  );

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setVersion((v) => v + 1);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (transfer.loading && !transfer.data) return <Loading />;
  if (transfer.error) return <ErrorBanner error={transfer.error} onRetry={transfer.reload} />;
  const tr = transfer.data!;
  const receiving = can('transfer.receive') && (tr.status === 'submitted' || tr.status === 'checked');
  const preparing = can('transfer.prepare') && tr.status === 'draft';

  return (
    <section aria-labelledby="transfer-title" className="transfers">
      <p className="crumbs">
        <Link to="/transfers">{t('backToTransfers')}</Link>
      </p>
      <h1 id="transfer-title">
        {t('transfer')} {tr.number} <TransferStatusTag status={tr.status} label={tr.statusLabel} />
      </h1>
      <dl className="kv">
        <div>
          <dt>{t('sectionCol')}</dt>
          <dd>{tr.section}</dd>
        </div>
        <div>
          <dt>{t('counts')}</dt>
          <dd>
            {tr.totals.items} / {tr.totals.pages}
          </dd>
        </div>
        {tr.declared && (
          <div>
            <dt>{t('declared')}</dt>
            <dd>
              {tr.declared.items} / {tr.declared.pages}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('submittedBy')}</dt>
          <dd>{tr.submittedByName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('sectionHead')}</dt>
          <dd>{tr.sectionHeadName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('submittedAt')}</dt>
          <dd>{when(tr.submittedAt)}</dd>
        </div>
        <div>
          <dt>{t('receivedBy')}</dt>
          <dd>{tr.receivedByName ?? '—'}</dd>
        </div>
        <div>
          <dt>
            {t('accepted')} / {t('returned')} / {t('pending')}
          </dt>
          <dd>
            {tr.accepted} / {tr.returned} / {tr.pending}
          </dd>
        </div>
      </dl>
      <div className="toolbar">
        <DocumentLink href={`/api/transfers/${tr.id}/form`}>{t('printForm')}</DocumentLink>
      </div>
      {error !== null && <ErrorBanner error={error} />}

      {preparing && <SubmitPanel tr={tr} busy={busy} act={act} />}
      {receiving && <CheckPanel tr={tr} busy={busy} act={act} />}
      {!receiving && tr.check && <CheckSummary check={tr.check} />}
      {receiving && <ReconcilePanel tr={tr} busy={busy} act={act} items={items.data} />}
      {!receiving && tr.reconciliation && <ReconciliationResult rec={tr.reconciliation} items={items.data} />}

      <h2>{t('itemsTitle')}</h2>
      {items.loading && !items.data ? (
        <Loading />
      ) : items.error ? (
        <ErrorBanner error={items.error} onRetry={items.reload} />
      ) : items.data!.length === 0 ? (
        <Empty>—</Empty>
      ) : (
        <ItemsTable tr={tr} items={items.data!} receiving={receiving} busy={busy} act={act} />
      )}
    </section>
  );
}

type Act = (work: () => Promise<unknown>) => Promise<boolean>;

/** 提交移交: the counts on the paper form when they differ, and the section head who signs. */
function SubmitPanel({ tr, busy, act }: { tr: Transfer; busy: boolean; act: Act }) {
  const t = useText(messages);
  const [items, setItems] = useState('');
  const [pages, setPages] = useState('');
  const [head, setHead] = useState('');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void act(() =>
      api(`/api/transfers/${tr.id}/submit`, {
        body: {
          ...(items.trim() ? { declaredItems: Number(items) } : {}),
          ...(pages.trim() ? { declaredPages: Number(pages) } : {}),
          ...(head.trim() ? { sectionHead: head.trim() } : {}),
        },
      }),
    );
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="submit-title">
      <h2 id="submit-title">{t('submitTitle')}</h2>
      <p className="help">{t('submitHelp')}</p>
      <div className="toolbar">
        <label>
          {t('declaredItems')}
          <input
            type="number"
            min={0}
            inputMode="numeric"
            value={items}
            placeholder={String(tr.totals.items)}
            onChange={(e) => setItems(e.target.value)}
          />
        </label>
        <label>
          {t('declaredPages')}
          <input
            type="number"
            min={0}
            inputMode="numeric"
            value={pages}
            placeholder={String(tr.totals.pages)}
            onChange={(e) => setPages(e.target.value)}
          />
        </label>
        <label>
          {t('sectionHeadUser')}
          <input value={head} onChange={(e) => setHead(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit" disabled={busy}>
          {t('submit')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void act(() => api(`/api/transfers/${tr.id}/cancel`, { method: 'POST' }))}
        >
          {t('cancelTransfer')}
        </button>
      </div>
    </form>
  );
}

/** 核对: the archivist's counts, then the check; its result. */
function CheckPanel({ tr, busy, act }: { tr: Transfer; busy: boolean; act: Act }) {
  const t = useText(messages);
  const [items, setItems] = useState('');
  const [pages, setPages] = useState('');
  const run = (e: React.FormEvent) => {
    e.preventDefault();
    void act(() =>
      api(`/api/transfers/${tr.id}/check`, {
        body: {
          ...(items.trim() ? { countedItems: Number(items) } : {}),
          ...(pages.trim() ? { countedPages: Number(pages) } : {}),
        },
      }),
    );
  };
  return (
    <form className="panel" onSubmit={run} aria-labelledby="check-title">
      <h2 id="check-title">{t('checkTitle')}</h2>
      <p className="help">{t('checkHelp')}</p>
      <div className="toolbar">
        <label>
          {t('countedItems')}
          <input
            type="number"
            min={0}
            inputMode="numeric"
            value={items}
            onChange={(e) => setItems(e.target.value)}
          />
        </label>
        <label>
          {t('countedPages')}
          <input
            type="number"
            min={0}
            inputMode="numeric"
            value={pages}
            onChange={(e) => setPages(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t('runCheck')}
        </button>
      </div>
      {tr.check ? <CheckSummary check={tr.check} embedded /> : <p className="muted">{t('notChecked')}</p>}
    </form>
  );
}

function CheckSummary({ check, embedded }: { check: TransferCheck; embedded?: boolean }) {
  const t = useText(messages);
  const c = check.counts;
  return (
    <div className={embedded ? 'check-summary' : 'panel check-summary'}>
      {!embedded && <h2>{t('checkTitle')}</h2>}
      <p>
        {t('checkedAt')} {when(check.at)} ·{' '}
        <span className="tag good">
          {t('summaryOk')} {check.summary.ok}
        </span>{' '}
        <span className="tag bad">
          {t('summaryProblems')} {check.summary.problems}
        </span>{' '}
        <span className="tag warn">
          {t('summaryUnverifiable')} {check.summary.unverifiable}
        </span>
      </p>
      <table className="grid compact counts">
        <caption>{t('countsTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('side')}</th>
            <th scope="col" className="num">
              {t('itemsCol')}
            </th>
            <th scope="col" className="num">
              {t('pagesCol')}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('declaredRow')}</th>
            <td className="num">{c.declared.items}</td>
            <td className="num">{c.declared.pages}</td>
          </tr>
          <tr>
            <th scope="row">{t('actualRow')}</th>
            <td className="num">{c.actual.items}</td>
            <td className="num">{c.actual.pages}</td>
          </tr>
          {c.counted && (
            <tr>
              <th scope="row">{t('countedRow')}</th>
              <td className="num">{c.counted.items}</td>
              <td className="num">{c.counted.pages}</td>
            </tr>
          )}
        </tbody>
      </table>
      {check.findings.length > 0 && (
        <ul className="findings">
          {check.findings.map((f, i) => (
            <li key={i} className={f.severity === 'error' ? 'bad' : 'warn'}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** 对账: the business system's CSV, uploaded as it is (the server decodes UTF-8 or GBK). */
function ReconcilePanel({
  tr,
  busy,
  act,
  items,
}: {
  tr: Transfer;
  busy: boolean;
  act: Act;
  items: TransferItemView[] | null;
}) {
  const t = useText(messages);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const upload = (e: React.FormEvent) => {
    e.preventDefault();
    if (!file) {
      setMissingFile(true);
      return;
    }
    setMissingFile(false);
    void act(async () => {
      const res = await fetch(`/api/transfers/${tr.id}/reconciliation`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'text/csv' },
        body: file,
      });
      if (!res.ok) throw await refusal(res);
    });
  };
  return (
    <form className="panel" onSubmit={upload} aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">{t('reconcileTitle')}</h2>
      <p className="help">{t('reconcileHelp')}</p>
      <div className="toolbar">
        <label>
          {t('csvFile')}
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" disabled={busy}>
          {t('upload')}
        </button>
      </div>
      {missingFile && <ErrorBanner error={new ApiError(400, 'reconcile.no_file', t('chooseFile'))} />}
      {tr.reconciliation && <ReconciliationResult rec={tr.reconciliation} items={items} embedded />}
    </form>
  );
}

function ReconciliationResult({
  rec,
  items,
  embedded,
}: {
  rec: Reconciliation;
  items: TransferItemView[] | null;
  embedded?: boolean;
}) {
  const t = useText(messages);
  const titleOf = (id: string) => items?.find((i) => i.id === id)?.title ?? id;
  return (
    <div className={embedded ? 'reconciliation' : 'panel reconciliation'}>
      {!embedded && <h2>{t('reconcileTitle')}</h2>}
      <p>
        {when(rec.at)} · {t('rows')} {rec.rows} · {t('matched')} {rec.matched} · {t('ignored')} {rec.ignored}
      </p>
      <h3>
        {t('missing')}（{rec.missing.length}）
      </h3>
      {rec.missing.length === 0 ? (
        <p className="muted">{t('noneListed')}</p>
      ) : (
        <div className="table-wrap short">
          <table className="grid compact">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('line')}
                </th>
                <th scope="col">{t('serialNo')}</th>
                <th scope="col">{t('step')}</th>
                <th scope="col">{t('residentId')}</th>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('completedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {rec.missing.map((m) => (
                <tr key={m.line}>
                  <td className="num">{m.line}</td>
                  <td>{m.serialNo ?? '—'}</td>
                  <td>{m.businessStep}</td>
                  <td className="nowrap">{m.residentId}</td>
                  <td>{m.name ?? '—'}</td>
                  <td className="nowrap">{day(m.completedOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>
        {t('extra')}（{rec.extra.length}）
      </h3>
      {rec.extra.length === 0 ? (
        <p className="muted">{t('noneListed')}</p>
      ) : (
        <ul>
          {rec.extra.map((x) => (
            <li key={x.itemId}>
              <Link to={`/items/${x.itemId}`}>{titleOf(x.itemId)}</Link> — {x.reason}
            </li>
          ))}
        </ul>
      )}
      <h3>
        {t('mismatched')}（{rec.mismatched.length}）
      </h3>
      {rec.mismatched.length === 0 ? (
        <p className="muted">{t('noneListed')}</p>
      ) : (
        <ul>
          {rec.mismatched.map((x) => (
            <li key={`${x.itemId}-${x.line}`}>
              <Link to={`/items/${x.itemId}`}>{titleOf(x.itemId)}</Link> — {t('line')} {x.line}，
              {t('matchedBy')} {x.matchedBy}，{t('fields')}：{x.fields.join('、')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function outcomeTag(check: ItemCheck | undefined, t: TransferText) {
  if (!check) return null;
  const cls = check.outcome === 'ok' ? 'tag good' : check.outcome === 'problems' ? 'tag bad' : 'tag warn';
  return <span className={cls}>{t(check.outcome)}</span>;
}

/** The items of the transfer with their check findings and decision; the archive decides item by item. */
function ItemsTable({
  tr,
  items,
  receiving,
  busy,
  act,
}: {
  tr: Transfer;
  items: TransferItemView[];
  receiving: boolean;
  busy: boolean;
  act: Act;
}) {
  const t = useText(messages);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [problem, setProblem] = useState<string | null>(null);
  const entry = new Map(tr.items.map((e) => [e.itemId, e]));
  const checks = new Map(tr.check?.items.map((c) => [c.itemId, c]) ?? []);
  const recon = tr.reconciliation;
  const reconNotes = (id: string): string[] => [
    ...(recon?.extra.filter((x) => x.itemId === id).map((x) => `${t('extra')}：${x.reason}`) ?? []),
    ...(recon?.mismatched
      .filter((x) => x.itemId === id)
      .map((x) => `${t('mismatched')}：${x.fields.join('、')}`) ?? []),
  ];
  const pendingIds = items.filter((i) => i.decision === 'pending').map((i) => i.id);
  const allPicked = pendingIds.length > 0 && pendingIds.every((id) => picked.has(id));
  const toggle = (id: string) =>
    setPicked((p) => {
      const n = new Set(p);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const decide = async (kind: 'accept' | 'accept-all' | 'return') => {
    setProblem(null);
    const ids = [...picked].filter((id) => pendingIds.includes(id));
    if (kind !== 'accept-all' && ids.length === 0) return setProblem(t('needSelection'));
    if (kind === 'return' && !reason.trim()) return setProblem(t('needReason'));
    const done = await act(() =>
      kind === 'return'
        ? api(`/api/transfers/${tr.id}/return`, {
            body: { items: ids.map((itemId) => ({ itemId, reason: reason.trim() })) },
          })
        : api(`/api/transfers/${tr.id}/accept`, { body: kind === 'accept' ? { itemIds: ids } : {} }),
    );
    if (done) {
      setPicked(new Set());
      if (kind === 'return') setReason('');
    }
  };
  const decisionTag = (d: string) => (d === 'accepted' ? 'tag good' : d === 'returned' ? 'tag bad' : 'tag');

  return (
    <>
      {receiving && (
        <section className="panel decide" aria-labelledby="decide-title">
          <h2 id="decide-title">{t('decideTitle')}</h2>
          <p className="help">{t('decideHelp')}</p>
          <div className="toolbar">
            <span className="muted">
              {t('selected')} {picked.size}
            </span>
            <button type="button" disabled={busy} onClick={() => void decide('accept')}>
              {t('acceptSelected')}
            </button>
            <button type="button" disabled={busy} onClick={() => void decide('accept-all')}>
              {t('acceptAll')}
            </button>
            <label className="grow">
              {t('returnReasonInput')}
              <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="button" className="danger" disabled={busy} onClick={() => void decide('return')}>
              {t('returnSelected')}
            </button>
          </div>
          {problem && <ErrorBanner error={new ApiError(400, 'viewer.input', problem)} />}
        </section>
      )}
      <div className="table-wrap">
        <table className="grid transfer-items">
          <thead>
            <tr>
              {receiving && (
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('selectAll')}
                    checked={allPicked}
                    onChange={() => setPicked(allPicked ? new Set() : new Set(pendingIds))}
                  />
                </th>
              )}
              <th scope="col" className="num">
                {t('seq')}
              </th>
              <th scope="col">{t('itemTitle')}</th>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('step')}</th>
              <th scope="col" className="num">
                {t('pagesCol')}
              </th>
              <th scope="col">{t('finding')}</th>
              <th scope="col">{t('decision')}</th>
              <th scope="col">{t('archivalCode')}</th>
            </tr>
          </thead>
          <tbody>
            {items.slice(0, shown).map((i, n) => {
              const e = entry.get(i.id);
              const c = checks.get(i.id);
              const notes = reconNotes(i.id);
              return (
                <tr key={i.id} className={picked.has(i.id) ? 'picked' : undefined}>
                  {receiving && (
                    <td>
                      {i.decision === 'pending' && (
                        <input
                          type="checkbox"
                          checked={picked.has(i.id)}
                          onChange={() => toggle(i.id)}
                          aria-label={`${t('selectItem')} ${n + 1} ${i.title}`}
                        />
                      )}
                    </td>
                  )}
                  <td className="num">{n + 1}</td>
                  <td className="title-cell">
                    <Link to={`/items/${i.id}`}>{i.title}</Link>
                  </td>
                  <td className="nowrap">{day(i.date)}</td>
                  <td>{i.businessStep ?? '—'}</td>
                  <td className="num">{i.pageCount}</td>
                  <td className="findings-cell">
                    {outcomeTag(c, t)}
                    {(c?.findings.length ?? 0) + notes.length > 0 && (
                      <ul className="findings">
                        {c?.findings.map((f, k) => (
                          <li key={k} className={f.severity === 'error' ? 'bad' : 'warn'}>
                            {f.message}
                          </li>
                        ))}
                        {notes.map((note) => (
                          <li key={note} className="warn">
                            {note}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <span className={decisionTag(i.decision)}>{t(i.decision)}</span>
                    {i.returnReason && <div className="reason">{i.returnReason}</div>}
                  </td>
                  <td className="nowrap code">{e?.archivalCode ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {items.length > shown && (
        <div className="toolbar after">
          <button type="button" className="secondary" onClick={() => setShown((s) => s + PAGE)}>
            {t('showMore')}（{shown}/{items.length}）
          </button>
        </div>
      )}
    </>
  );
}
