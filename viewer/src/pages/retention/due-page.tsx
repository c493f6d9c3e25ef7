import { useId, useState, type FormEvent } from 'react';
import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { useRoute } from '../../router';
import { useSession } from '../../session';
import { day } from './format';
import { messages } from './messages';
import { usePaged } from '../../components/paged';
import { RetentionNav } from './retention-nav';
import type { AppraisalView, DueItem, DuePage } from './types';
import { ItemCode } from './item-code';

const PAGE = 100;

/**
 * 到期档案: archived items whose retention has expired on a day (default today), not frozen and in no
 * appraisal, paged by the API's cursor. The archivist selects items and opens an appraisal (鉴定) over them.
 */
export function DuePage() {
  const t = useText(messages);
  const id = useId();
  const { can } = useSession();
  const { query: q, navigate } = useRoute();
  const on = q.get('on') ?? '';
  const [meta, setMeta] = useState<{ on: string; excluded: DuePage['excluded'] } | null>(null);
  const list = usePaged<DueItem>(
    async (cursor) => {
      const r = await api<DuePage>(`/api/retention/due${query({ on, cursor, limit: PAGE })}`);
      setMeta((m) =>
        cursor && m
          ? {
              on: r.on,
              excluded: {
                held: m.excluded.held + r.excluded.held,
                in_appraisal: m.excluded.in_appraisal + r.excluded.in_appraisal,
              },
            }
          : { on: r.on, excluded: r.excluded },
      );
      return { rows: r.items, next: r.nextCursor };
    },
    [on],
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [title, setTitle] = useState('');
  const [quorum, setQuorum] = useState('2');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const manage = can('retention.manage');

  const toggle = (itemId: string, checked: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (checked) n.add(itemId);
      else n.delete(itemId);
      return n;
    });
  const allChecked = list.rows.length > 0 && list.rows.every((r) => selected.has(r.id));

  const open = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await api<AppraisalView>('/api/appraisals', {
        body: {
          itemIds: [...selected],
          ...(title.trim() ? { title: title.trim() } : {}),
          quorum: Number(quorum),
        },
      });
      navigate(`/retention/appraisals/${a.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="retention" aria-labelledby="due-title">
      <RetentionNav />
      <h1 id="due-title">{t('dueTitle')}</h1>
      <div className="toolbar">
        <label htmlFor={`${id}-on`}>
          {t('dueOn')}
          <input
            id={`${id}-on`}
            type="date"
            value={on || meta?.on || ''}
            onChange={(e) => navigate(`/retention${query({ on: e.target.value })}`, { replace: true })}
          />
        </label>
        {meta && (
          <p className="muted small" role="status">
            {t('excluded')
              .replace('{held}', String(meta.excluded.held))
              .replace('{busy}', String(meta.excluded.in_appraisal))}
          </p>
        )}
      </div>
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {list.rows.length === 0 && list.loading ? <Loading /> : null}
      {list.rows.length === 0 && !list.loading && !list.error ? (
        list.next ? (
          <p className="muted">{t('pageFiltered')}</p>
        ) : (
          <Empty>{t('emptyDue')}</Empty>
        )
      ) : null}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                {manage && (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t('selectAll')}
                      checked={allChecked}
                      onChange={(e) => {
                        const checked = e.target.checked;
                        setSelected((s) => {
                          const n = new Set(s);
                          for (const r of list.rows)
                            if (checked) n.add(r.id);
                            else n.delete(r.id);
                          return n;
                        });
                      }}
                    />
                  </th>
                )}
                <th scope="col">{t('archivalCode')}</th>
                <th scope="col">{t('title')}</th>
                <th scope="col">{t('year')}</th>
                <th scope="col">{t('classCode')}</th>
                <th scope="col">{t('retention')}</th>
                <th scope="col">{t('dueDate')}</th>
                <th scope="col">{t('pages')}</th>
                <th scope="col">{t('section')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className={selected.has(r.id) ? 'selected' : undefined}>
                  {manage && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${t('select')} ${r.archivalCode ?? r.id}`}
                        checked={selected.has(r.id)}
                        onChange={(e) => toggle(r.id, e.target.checked)}
                      />
                    </td>
                  )}
                  <td className="nowrap">
                    <ItemCode id={r.id} code={r.archivalCode} />
                  </td>
                  <td>
                    {r.title}
                    {r.out && <span className="tag warn">{r.out.label}</span>}
                  </td>
                  <td>{r.year}</td>
                  <td>{r.classCode}</td>
                  <td>{r.retentionLabel}</td>
                  <td className="nowrap">{r.dueDate ?? '—'}</td>
                  <td>{r.pageCount}</td>
                  <td>{r.section}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.next && (
        <p>
          <button type="button" className="secondary" onClick={() => list.more()} disabled={list.loading}>
            {list.loading ? t('loading') : t('loadMore')}
          </button>
        </p>
      )}
      {manage && list.rows.length > 0 && (
        <form className="open-appraisal" onSubmit={(e) => void open(e)} aria-labelledby={`${id}-open`}>
          <h2 id={`${id}-open`}>{t('openAppraisal')}</h2>
          <p className="muted small">{t('openHint')}</p>
          <div className="toolbar">
            <label htmlFor={`${id}-title`}>
              {t('appraisalTitle')}
              <input
                id={`${id}-title`}
                maxLength={200}
                placeholder={t('appraisalTitleDefault').replace(
                  '{day}',
                  meta?.on ?? day(new Date().toISOString()),
                )}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
              />
            </label>
            <label htmlFor={`${id}-q`}>
              {t('quorum')}
              <input
                id={`${id}-q`}
                type="number"
                className="num"
                min={2}
                max={20}
                value={quorum}
                onChange={(e) => setQuorum(e.target.value)}
              />
            </label>
            <button type="submit" disabled={busy || selected.size === 0}>
              {t('openWithN').replace('{n}', String(selected.size))}
            </button>
          </div>
          {error ? <ErrorBanner error={error} /> : null}
        </form>
      )}
    </section>
  );
}
