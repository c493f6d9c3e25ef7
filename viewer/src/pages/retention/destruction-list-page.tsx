import { useEffect, useId, useState } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { dateTime } from './format';
import { ListStatus } from './list-status';
import { messages } from './messages';
import { RetentionNav } from './retention-nav';
import { DESTRUCTION_METHODS, type DestructionListView } from './types';
import { ItemCode } from './item-code';

const SKIPS = ['held', 'out', 'not_in_appraisal', 'not_archived', 'not_due', 'missing'] as const;
type Skip = (typeof SKIPS)[number];
const isSkip = (s: string): s is Skip => (SKIPS as readonly string[]).includes(s);

/** How often an executing list is read again, to show the job's progress. */
const POLL_MS = 1500;

/**
 * One 销毁清册: its rows; the approver's decision; the 监销人 confirmations (two distinct ones needed);
 * execution with method and time, watched until every row is done; the printed list and, once executed,
 * the permanent record that holds it.
 */
export function DestructionListPage({ id }: { id: string }) {
  const { data, error, loading, reload } = useLoad(
    () => api<DestructionListView>(`/api/destruction-lists/${id}`),
    [id],
  );
  const [updated, setUpdated] = useState<DestructionListView | null>(null);
  const list = updated ?? data;
  const executing = list?.status === 'executing';

  useEffect(() => {
    if (!executing) return;
    const timer = setInterval(() => {
      api<DestructionListView>(`/api/destruction-lists/${id}`).then(setUpdated, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [id, executing]);

  return (
    <section className="retention" aria-labelledby="dl-title">
      <RetentionNav />
      {loading && !list ? (
        <Loading />
      ) : error && !list ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : (
        <ListDetail list={list!} onChange={setUpdated} />
      )}
    </section>
  );
}

function ListDetail({
  list: l,
  onChange,
}: {
  list: DestructionListView;
  onChange: (l: DestructionListView) => void;
}) {
  const t = useText(messages);
  const uid = useId();
  const { me, can } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [needReason, setNeedReason] = useState(false);
  const [method, setMethod] = useState<string>(DESTRUCTION_METHODS[0]);
  const [at, setAt] = useState('');
  const [checked, setChecked] = useState(false);

  const run = async (call: () => Promise<DestructionListView>) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await call());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const ex = l.execution;
  const settled = ex ? ex.done.length + ex.skipped.length : 0;
  const skipOf = (itemId: string) => ex?.skipped.find((s) => s.itemId === itemId)?.reason;
  const counted = l.supervisors.counted.length;
  const iConfirmed = l.confirmations.some((c) => c.by === me?.username);
  const mayApprove = can('destruction.approve') && l.status === 'draft';
  const mayConfirm = can('destruction.supervise') && l.status === 'approved' && !iConfirmed;
  const mayExecute = can('retention.manage') && l.status === 'approved';
  const pages = l.rows.reduce((s, r) => s + r.pages, 0);

  return (
    <>
      <div className="page-head">
        <h1 id="dl-title">
          {t('list')} {l.number}
        </h1>
        <ListStatus status={l.status} label={l.statusLabel} />
        <a
          className="button-link secondary"
          href={`/api/destruction-lists/${l.id}/form`}
          target="_blank"
          rel="noopener"
        >
          {t('printList')}
        </a>
      </div>

      <div className="dl-layout">
        <dl className="facts">
          <dt>{t('appraisal')}</dt>
          <dd>
            <Link to={`/retention/appraisals/${l.appraisalId}`}>{l.appraisalNumber}</Link>
          </dd>
          <dt>{t('fonds')}</dt>
          <dd>{l.fondsCode}</dd>
          <dt>{t('itemsPages')}</dt>
          <dd>
            {l.rows.length} / {pages}
          </dd>
          <dt>{t('committee')}</dt>
          <dd>{l.committee.join('、') || '—'}</dd>
          <dt>{t('madeBy')}</dt>
          <dd>
            {l.createdBy} · {dateTime(l.createdAt)}
          </dd>
          <dt>{t('approval')}</dt>
          <dd>
            {l.approval ? (
              <>
                <span className={l.approval.decision === 'approved' ? 'tag ok' : 'tag bad'}>
                  {l.approval.decision === 'approved' ? t('approved') : t('refused')}
                </span>
                {l.approval.by} · {dateTime(l.approval.at)}
                {l.approval.reason ? `：${l.approval.reason}` : ''}
              </>
            ) : (
              t('awaitingApproval')
            )}
          </dd>
          <dt>{t('supervisors')}</dt>
          <dd>
            <span className={counted >= l.supervisors.required ? 'tag ok' : 'tag warn'}>
              {t('confirmedOf')
                .replace('{n}', String(counted))
                .replace('{m}', String(l.supervisors.required))}
            </span>
            {l.confirmations.map((c) => `${c.by}（${dateTime(c.at)}）`).join('、')}
          </dd>
          {l.record && (
            <>
              <dt>{t('permanentRecord')}</dt>
              <dd>
                <Link to={`/items/${l.record.itemId}`}>{l.record.archivalCode ?? l.record.itemId}</Link>
              </dd>
            </>
          )}
        </dl>

        <div className="dl-actions">
          {mayApprove && (
            <section className="panel" aria-labelledby={`${uid}-ap`}>
              <h2 id={`${uid}-ap`}>{t('approveTitle')}</h2>
              <label htmlFor={`${uid}-r`}>
                {t('approvalOpinion')} <span className="muted small">{t('refuseNeedsReason')}</span>
              </label>
              <textarea
                id={`${uid}-r`}
                rows={2}
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              {needReason && !reason.trim() && (
                <p className="field-error" role="alert">
                  {t('reasonToRefuse')}
                </p>
              )}
              <div className="actions">
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void run(() =>
                      api(`/api/destruction-lists/${l.id}/approve`, { body: { reason: reason.trim() } }),
                    )
                  }
                >
                  {t('approveList')}
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => {
                    if (!reason.trim()) return setNeedReason(true);
                    void run(() =>
                      api(`/api/destruction-lists/${l.id}/refuse`, { body: { reason: reason.trim() } }),
                    );
                  }}
                >
                  {t('refuseList')}
                </button>
              </div>
            </section>
          )}
          {mayConfirm && (
            <section className="panel" aria-labelledby={`${uid}-cf`}>
              <h2 id={`${uid}-cf`}>{t('confirmTitle')}</h2>
              <p className="small">{t('confirmHint')}</p>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void run(() => api(`/api/destruction-lists/${l.id}/confirm`, { method: 'POST' }))
                }
              >
                {t('confirmAsSupervisor')}
              </button>
            </section>
          )}
          {can('destruction.supervise') && l.status === 'approved' && iConfirmed && (
            <p className="ok-note">{t('youConfirmed')}</p>
          )}
          {mayExecute && (
            <section className="panel" aria-labelledby={`${uid}-ex`}>
              <h2 id={`${uid}-ex`}>{t('executeTitle')}</h2>
              {counted < l.supervisors.required && (
                <p className="muted small">
                  {t('needSupervisors').replace('{n}', String(l.supervisors.required - counted))}
                </p>
              )}
              <form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(() =>
                    api(`/api/destruction-lists/${l.id}/execute`, {
                      body: { method, ...(at ? { at: new Date(at).toISOString() } : {}) },
                    }),
                  );
                }}
              >
                <label htmlFor={`${uid}-m`}>{t('method')}</label>
                <select id={`${uid}-m`} value={method} onChange={(e) => setMethod(e.target.value)}>
                  {DESTRUCTION_METHODS.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
                <label htmlFor={`${uid}-t`}>
                  {t('time')} <span className="muted small">{t('timeHint')}</span>
                </label>
                <input
                  id={`${uid}-t`}
                  type="datetime-local"
                  value={at}
                  onChange={(e) => setAt(e.target.value)}
                />
                <label className="check">
                  <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
                  {t('executeCheck').replace('{n}', String(l.rows.length))}
                </label>
                <div className="actions">
                  <button type="submit" className="danger-solid" disabled={busy || !checked}>
                    {t('execute')}
                  </button>
                </div>
              </form>
            </section>
          )}
          {ex && (
            <section className="panel" aria-labelledby={`${uid}-pr`}>
              <h2 id={`${uid}-pr`}>
                {t('execution')}{' '}
                {ex.finishedAt ? (
                  <span className="tag done">{t('executed')}</span>
                ) : (
                  <span className="tag warn">{t('executing')}</span>
                )}
              </h2>
              <progress max={Math.max(1, l.rows.length)} value={settled} aria-label={t('execution')} />
              <p className="small" role="status" aria-live="polite">
                {t('executionProgress')
                  .replace('{done}', String(ex.done.length))
                  .replace('{skipped}', String(ex.skipped.length))
                  .replace('{n}', String(l.rows.length))}
              </p>
              <dl className="facts compact">
                <dt>{t('method')}</dt>
                <dd>{ex.method}</dd>
                <dt>{t('time')}</dt>
                <dd>{dateTime(ex.at)}</dd>
                <dt>{t('orderedBy')}</dt>
                <dd>
                  {ex.orderedBy.username} · {dateTime(ex.orderedAt)}
                </dd>
                <dt>{t('objects')}</dt>
                <dd>
                  {t('objectsText')
                    .replace('{d}', String(ex.deletedBlobs))
                    .replace('{k}', String(ex.keptBlobs))}
                </dd>
                {ex.finishedAt && (
                  <>
                    <dt>{t('finishedAt')}</dt>
                    <dd>{dateTime(ex.finishedAt)}</dd>
                  </>
                )}
              </dl>
            </section>
          )}
          {error ? <ErrorBanner error={error} /> : null}
        </div>
      </div>

      <h2>{t('rows')}</h2>
      <div className="table-wrap">
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('seq')}</th>
              <th scope="col">{t('archivalCode')}</th>
              <th scope="col">{t('title')}</th>
              <th scope="col">{t('year')}</th>
              <th scope="col">{t('retention')}</th>
              <th scope="col">{t('pages')}</th>
              <th scope="col">{t('opinion')}</th>
              <th scope="col">{t('remarks')}</th>
            </tr>
          </thead>
          <tbody>
            {l.rows.map((r) => {
              const skip = skipOf(r.itemId);
              return (
                <tr key={r.itemId}>
                  <td>{r.seq}</td>
                  <td className="nowrap">
                    <ItemCode id={r.itemId} code={r.archivalCode} />
                  </td>
                  <td>
                    {r.title}
                    {r.out && <span className="tag warn">{r.out.label}</span>}
                  </td>
                  <td>{r.year}</td>
                  <td className="nowrap">{r.retentionLabel}</td>
                  <td>{r.pages}</td>
                  <td>{r.opinion}</td>
                  <td>
                    {r.status === 'destroyed' && <span className="tag done">{t('itemDestroyed')}</span>}
                    {skip && !r.remarks && (
                      <span className="tag warn">{isSkip(skip) ? t(`skip_${skip}`) : skip}</span>
                    )}
                    {r.remarks}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
