import { useEffect, useId, useState } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { dateTime } from './format';
import { messages } from './messages';
import { RetentionNav } from './retention-nav';
import {
  RETENTION_LABELS,
  longerThan,
  type AppraisalEntry,
  type AppraisalView,
  type DestructionListView,
  type RetentionPeriod,
} from './types';
import { ItemCode } from './item-code';

interface Draft {
  decision: 'destroy' | 'keep' | '';
  retention: RetentionPeriod | '';
  reason: string;
}

const SHOW = 200;

const voters = (e: AppraisalEntry) => new Set(e.votes.map((v) => v.by)).size;

/**
 * 鉴定 item by item: committee members (appraisers) vote destroy, or keep with a longer period and a reason;
 * the archivist takes items out or closes the appraisal once every item has its quorum, which turns the
 * destroy decisions into a 销毁清册.
 */
export function AppraisalPage({ id }: { id: string }) {
  const { data, error, loading, reload } = useLoad(() => api<AppraisalView>(`/api/appraisals/${id}`), [id]);
  const [updated, setUpdated] = useState<AppraisalView | null>(null);
  const a = updated ?? data;
  return (
    <section className="retention" aria-labelledby="apr-title">
      <RetentionNav />
      {loading && !a ? (
        <Loading />
      ) : error && !a ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : (
        <Appraisal a={a!} onChange={setUpdated} />
      )}
    </section>
  );
}

function Appraisal({ a, onChange }: { a: AppraisalView; onChange: (a: AppraisalView) => void }) {
  const t = useText(messages);
  const uid = useId();
  const { me, can } = useSession();
  const { navigate } = useRoute();
  const voter = can('appraisal.decide') && a.status === 'open';
  const manage = can('retention.manage');
  const active = a.entries.filter((e) => !e.released);
  const decided = active.filter((e) => voters(e) >= a.quorum).length;
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [shown, setShown] = useState(SHOW);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [releasing, setReleasing] = useState<string | null>(null);
  const [releaseReason, setReleaseReason] = useState('');

  // Start from my own votes, so that a member sees (and may change) what they said.
  useEffect(() => {
    const mine: Record<string, Draft> = {};
    for (const e of a.entries) {
      const v = e.votes.find((x) => x.by === me?.username);
      mine[e.itemId] = v
        ? { decision: v.decision, retention: v.retention ?? '', reason: v.reason }
        : { decision: '', retention: '', reason: '' };
    }
    setDrafts(mine);
  }, [a.id, a.entries.length, me?.username]);

  const setDraft = (itemId: string, d: Partial<Draft>) =>
    setDrafts((old) => ({
      ...old,
      [itemId]: { ...(old[itemId] ?? { decision: '', retention: '', reason: '' }), ...d },
    }));

  const run = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await call();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const votes = active
    .map((e) => ({ e, d: drafts[e.itemId] }))
    .filter((x): x is { e: AppraisalEntry; d: Draft } => !!x.d && x.d.decision !== '');

  const submitVotes = () =>
    run(async () => {
      const body = votes.map(({ e, d }) =>
        d.decision === 'keep'
          ? {
              itemId: e.itemId,
              decision: 'keep',
              retention: d.retention || undefined,
              reason: d.reason.trim(),
            }
          : {
              itemId: e.itemId,
              decision: 'destroy',
              ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
            },
      );
      const next = await api<AppraisalView>(`/api/appraisals/${a.id}/votes`, { body: { votes: body } });
      onChange(next);
      setSaved(t('votesSaved').replace('{n}', String(body.length)));
    });

  const close = () =>
    run(async () => {
      const next = await api<{ appraisal: AppraisalView; destructionList: DestructionListView | null }>(
        `/api/appraisals/${a.id}/close`,
        { method: 'POST' },
      );
      onChange(next.appraisal);
    });

  const makeList = () =>
    run(async () => {
      const list = await api<DestructionListView>('/api/destruction-lists', { body: { appraisalId: a.id } });
      navigate(`/retention/destruction-lists/${list.id}`);
    });

  const release = (itemId: string) =>
    run(async () => {
      const next = await api<AppraisalView>(`/api/appraisals/${a.id}/items/${itemId}/release`, {
        body: { reason: releaseReason.trim() },
      });
      setReleasing(null);
      setReleaseReason('');
      onChange(next);
    });

  const destroyCount = active.filter((e) => e.outcome?.decision === 'destroy').length;

  return (
    <>
      <div className="page-head">
        <h1 id="apr-title">
          {t('appraisal')} {a.number}
        </h1>
        <span className={a.status === 'open' ? 'tag warn' : 'tag'}>{a.statusLabel}</span>
      </div>
      <dl className="facts">
        <dt>{t('appraisalTitle')}</dt>
        <dd>{a.title}</dd>
        <dt>{t('fonds')}</dt>
        <dd>{a.fondsCode}</dd>
        <dt>{t('dueOn')}</dt>
        <dd>{a.on}</dd>
        <dt>{t('quorum')}</dt>
        <dd>{t('quorumText').replace('{n}', String(a.quorum))}</dd>
        <dt>{t('progress')}</dt>
        <dd>
          <progress max={Math.max(1, active.length)} value={decided} aria-label={t('progress')} />{' '}
          {t('decidedText').replace('{d}', String(decided)).replace('{n}', String(active.length))}
        </dd>
        <dt>{t('openedBy')}</dt>
        <dd>
          {a.openedBy} · {dateTime(a.openedAt)}
        </dd>
        {a.closedAt && (
          <>
            <dt>{t('closedBy')}</dt>
            <dd>
              {a.closedBy} · {dateTime(a.closedAt)}
            </dd>
          </>
        )}
        {a.destructionListId && (
          <>
            <dt>{t('destructionList')}</dt>
            <dd>
              <Link to={`/retention/destruction-lists/${a.destructionListId}`}>{t('openList')}</Link>
            </dd>
          </>
        )}
      </dl>

      {voter && <p className="hint">{t('voteHint')}</p>}
      {voter && (
        <div className="toolbar">
          <button
            type="button"
            className="secondary"
            onClick={() => {
              for (const e of active)
                if (!drafts[e.itemId]?.decision) setDraft(e.itemId, { decision: 'destroy', retention: '' });
            }}
          >
            {t('allDestroy')}
          </button>
        </div>
      )}

      <div className="table-wrap">
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('archivalCode')}</th>
              <th scope="col">{t('title')}</th>
              <th scope="col">{t('year')}</th>
              <th scope="col">{t('retention')}</th>
              <th scope="col">{t('pages')}</th>
              <th scope="col">{t('votes')}</th>
              <th scope="col">{a.status === 'open' ? t('state') : t('outcome')}</th>
              {voter && <th scope="col">{t('myVote')}</th>}
              {manage && a.status === 'open' && (
                <th scope="col">
                  <span className="sr-only">{t('release')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {a.entries.slice(0, shown).map((e) => {
              const d = drafts[e.itemId];
              const code = e.archivalCode ?? e.itemId;
              return (
                <tr key={e.itemId} className={e.released ? 'released' : undefined}>
                  <td className="nowrap">
                    <ItemCode id={e.itemId} code={e.archivalCode} />
                  </td>
                  <td>
                    {e.title}
                    {e.out && <span className="tag warn">{e.out.label}</span>}
                    {e.released && (
                      <div className="muted small">
                        {t('released')}：{e.released.reason}（{e.released.by}）
                      </div>
                    )}
                  </td>
                  <td>{e.year}</td>
                  <td className="nowrap">{e.retentionLabel}</td>
                  <td>{e.pages}</td>
                  <td className="votes">
                    {e.votes.length === 0
                      ? '—'
                      : e.votes.map((v) => (
                          <div key={v.by}>
                            {v.by}：
                            {v.decision === 'destroy'
                              ? t('destroy')
                              : `${t('keep')} ${v.retention ? RETENTION_LABELS[v.retention] : ''}`}
                            {v.reason && <span className="muted">（{v.reason}）</span>}
                          </div>
                        ))}
                  </td>
                  <td>
                    {e.released ? (
                      <span className="tag">{t('released')}</span>
                    ) : e.outcome ? (
                      <>
                        <span className={e.outcome.decision === 'destroy' ? 'tag bad' : 'tag ok'}>
                          {e.outcome.decision === 'destroy'
                            ? t('destroy')
                            : `${t('keep')} ${e.outcome.retention ? RETENTION_LABELS[e.outcome.retention] : ''}`}
                        </span>
                        {e.outcome.contested && <span className="tag warn">{t('contested')}</span>}
                        <div className="muted small">{e.outcome.reason}</div>
                      </>
                    ) : (
                      <span className={voters(e) >= a.quorum ? 'tag ok' : 'tag warn'}>
                        {t('votesOf')
                          .replace('{v}', String(voters(e)))
                          .replace('{q}', String(a.quorum))}
                      </span>
                    )}
                  </td>
                  {voter && (
                    <td className="my-vote">
                      {!e.released && d && (
                        <fieldset>
                          <legend className="sr-only">
                            {t('myVote')} {code}
                          </legend>
                          <label className="check">
                            <input
                              type="radio"
                              name={`${uid}-${e.itemId}`}
                              checked={d.decision === 'destroy'}
                              onChange={() => setDraft(e.itemId, { decision: 'destroy', retention: '' })}
                            />
                            {t('destroy')}
                          </label>
                          <label className="check">
                            <input
                              type="radio"
                              name={`${uid}-${e.itemId}`}
                              checked={d.decision === 'keep'}
                              disabled={longerThan(e.retention).length === 0}
                              onChange={() =>
                                setDraft(e.itemId, {
                                  decision: 'keep',
                                  retention: d.retention || longerThan(e.retention).at(-1) || '',
                                })
                              }
                            />
                            {t('keep')}
                          </label>
                          {d.decision === 'keep' && (
                            <select
                              aria-label={`${t('newPeriod')} ${code}`}
                              value={d.retention}
                              onChange={(ev) =>
                                setDraft(e.itemId, { retention: ev.target.value as RetentionPeriod })
                              }
                            >
                              {longerThan(e.retention).map((p) => (
                                <option key={p} value={p}>
                                  {RETENTION_LABELS[p]}
                                </option>
                              ))}
                            </select>
                          )}
                          {d.decision !== '' && (
                            <input
                              type="text"
                              maxLength={500}
                              aria-label={`${t('opinion')} ${code}`}
                              placeholder={d.decision === 'keep' ? t('reasonRequired') : t('opinionOptional')}
                              required={d.decision === 'keep'}
                              value={d.reason}
                              onChange={(ev) => setDraft(e.itemId, { reason: ev.target.value })}
                            />
                          )}
                        </fieldset>
                      )}
                    </td>
                  )}
                  {manage && a.status === 'open' && (
                    <td>
                      {!e.released &&
                        (releasing === e.itemId ? (
                          <form
                            className="inline"
                            onSubmit={(ev) => {
                              ev.preventDefault();
                              void release(e.itemId);
                            }}
                          >
                            <input
                              aria-label={`${t('releaseReason')} ${code}`}
                              placeholder={t('releaseReason')}
                              required
                              maxLength={500}
                              value={releaseReason}
                              onChange={(ev) => setReleaseReason(ev.target.value)}
                            />
                            <button type="submit" className="secondary" disabled={busy}>
                              {t('release')}
                            </button>
                            <button type="button" className="link" onClick={() => setReleasing(null)}>
                              {t('cancel')}
                            </button>
                          </form>
                        ) : (
                          <button
                            type="button"
                            className="link"
                            aria-label={`${t('release')} ${code}`}
                            onClick={() => {
                              setReleasing(e.itemId);
                              setReleaseReason('');
                            }}
                          >
                            {t('release')}
                          </button>
                        ))}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {a.entries.length > shown && (
        <p>
          <button type="button" className="secondary" onClick={() => setShown((n) => n + SHOW)}>
            {t('showMore').replace('{n}', String(a.entries.length - shown))}
          </button>
        </p>
      )}

      {error ? <ErrorBanner error={error} /> : null}
      {saved && (
        <p className="ok-note" role="status">
          {saved}
        </p>
      )}
      <div className="actions">
        {voter && (
          <button type="button" disabled={busy || votes.length === 0} onClick={() => void submitVotes()}>
            {t('submitVotes').replace('{n}', String(votes.length))}
          </button>
        )}
        {manage && a.status === 'open' && (
          <button
            type="button"
            className={decided < active.length ? 'secondary' : undefined}
            disabled={busy}
            onClick={() => void close()}
          >
            {t('closeAppraisal')}
          </button>
        )}
        {manage && a.status === 'closed' && !a.destructionListId && destroyCount > 0 && (
          <button type="button" disabled={busy} onClick={() => void makeList()}>
            {t('makeList')}
          </button>
        )}
      </div>
      {manage && a.status === 'open' && decided < active.length && (
        <p className="muted small">{t('closeHint').replace('{n}', String(active.length - decided))}</p>
      )}
      {a.status === 'closed' && (
        <p className="muted">
          {destroyCount > 0 ? t('closedWithList').replace('{n}', String(destroyCount)) : t('closedNoDestroy')}
        </p>
      )}
    </>
  );
}
