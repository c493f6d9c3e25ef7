import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, query } from '../../api/client';
import { Empty, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { AdminLayout } from './admin-layout';
import { ApiProblem } from './api-problem';
import { fill, messages, type AdminKey } from './messages';
import type { AuditEntry, ChainReport } from './types';

interface Filters {
  actor: string;
  action: string;
  target: string;
}
const NONE: Filters = { actor: '', action: '', target: '' };
const PAGE = 100;

const OUTCOME: Record<string, { cls: string; key: AdminKey }> = {
  ok: { cls: 'tag ok', key: 'ok' },
  denied: { cls: 'tag bad', key: 'denied' },
  failed: { cls: 'tag bad', key: 'failed' },
};

const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** The chain check (GET /api/audit/verify), itself recorded in the trail. */
function VerifyChain() {
  const t = useText(messages);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ChainReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await api<ChainReport>('/api/audit/verify'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="verify">
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? t('verifying') : t('verify')}
      </button>
      <div aria-live="polite" className="verify-result">
        {report?.ok === true && (
          <p className="notice ok" role="status">
            {fill(t('chainOk'), { n: report.entries, h: report.lastHash.slice(0, 16) })}
          </p>
        )}
        {report?.ok === false && (
          <p className="banner error" role="alert">
            {fill(t('chainBroken'), { seq: report.brokenAt, reason: report.reason, n: report.entries })}
          </p>
        )}
      </div>
      {error ? <ApiProblem error={error} /> : null}
    </div>
  );
}

/**
 * 审计日志 (auditor): newest first, filtered by actor, action or target, a page at a time ("load more"
 * by `before`). The filters stay in the page's state, never in the address bar.
 */
export function AuditPage() {
  const t = useText(messages);
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (before: number | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api<{ entries: AuditEntry[]; nextBefore: number | null }>(
          `/api/audit${query({ ...filters, before: before ?? undefined, limit: PAGE })}`,
        );
        setEntries((old) => (before === null ? page.entries : [...old, ...page.entries]));
        setNext(page.nextBefore);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [filters],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ actor: draft.actor.trim(), action: draft.action.trim(), target: draft.target.trim() });
  };
  const field = (k: keyof Filters, label: AdminKey) => (
    <label>
      {t(label)}
      <input value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
    </label>
  );

  return (
    <AdminLayout title="audit" intro="auditIntro">
      <VerifyChain />
      <form className="toolbar" onSubmit={submit}>
        {field('actor', 'actor')}
        {field('action', 'action')}
        {field('target', 'target')}
        <button type="submit">{t('filter')}</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(NONE);
            setFilters(NONE);
          }}
        >
          {t('clear')}
        </button>
      </form>
      {error ? <ApiProblem error={error} onRetry={() => void load(null)} /> : null}
      {!loading && !error && entries.length === 0 && <Empty>{t('noEntries')}</Empty>}
      {entries.length > 0 && (
        <table className="grid audit">
          <caption className="visually-hidden">{t('auditList')}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('seq')}
              </th>
              <th scope="col">{t('at')}</th>
              <th scope="col">{t('actorCol')}</th>
              <th scope="col">{t('actionCol')}</th>
              <th scope="col">{t('targetCol')}</th>
              <th scope="col">{t('outcome')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const o = OUTCOME[e.outcome];
              const details = Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : '';
              return (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap">{localTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="target">{e.target ?? ''}</td>
                  <td>
                    <span className={o?.cls ?? 'tag'}>{o ? t(o.key) : e.outcome}</span>
                  </td>
                  <td className="details">
                    <code>{details}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="load-more" aria-live="polite">
        {loading && <Loading />}
        {!loading && entries.length > 0 && (
          <span className="muted">
            {fill(t('loadedN'), { n: entries.length })}
            {next === null ? ` · ${t('loadedAll')}` : ''}
          </span>
        )}
        {!loading && next !== null && (
          <button type="button" className="secondary" onClick={() => void load(next)}>
            {t('loadMore')}
          </button>
        )}
      </div>
    </AdminLayout>
  );
}
