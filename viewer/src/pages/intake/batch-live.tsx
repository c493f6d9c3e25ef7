import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { Link } from '../../router';
import { DraftStatusTag, FileStatusTag, formatBytes, formatTime, groupReasons, useT } from './common';
import type { BatchFile, BatchItem, BatchProgress } from './types';
import type { ChosenFile } from './upload';

export type LiveState = 'connecting' | 'live' | 'done' | 'lost';

/**
 * A batch's progress, live: `GET /api/ingest/batches/{id}/events` (server-sent events, `progress` then
 * `done`). When the stream is refused, the API's own answer to `GET …/{id}` says why.
 */
export function useBatchEvents(id: string, initial: BatchProgress | null = null) {
  const [progress, setProgress] = useState<BatchProgress | null>(initial);
  const [state, setState] = useState<LiveState>('connecting');
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let finished = false;
    setError(null);
    setState('connecting');
    const es = new EventSource(`/api/ingest/batches/${encodeURIComponent(id)}/events`);
    es.addEventListener('progress', (e) => {
      setProgress(JSON.parse((e as MessageEvent<string>).data) as BatchProgress);
      setState('live');
    });
    es.addEventListener('done', (e) => {
      finished = true;
      setProgress(JSON.parse((e as MessageEvent<string>).data) as BatchProgress);
      setState('done');
      es.close();
    });
    es.onerror = () => {
      if (finished) return;
      if (es.readyState !== EventSource.CLOSED) return setState('lost');
      // Refused outright (404, 401 …): EventSource gives no reason, so ask the API for it.
      api<BatchProgress>(`/api/ingest/batches/${encodeURIComponent(id)}`).then(
        (p) => {
          setProgress(p);
          setState('lost');
        },
        (err: unknown) => setError(err),
      );
    };
    return () => {
      finished = true;
      es.close();
    };
  }, [id, attempt]);
  return { progress, state, error, retry: () => setAttempt((a) => a + 1) };
}

const STAGES = [
  'quality',
  'derivatives',
  'ocr',
  'searchable_pdf',
  'extract',
  'classify',
  'register',
] as const;

/** The files of a batch, with upload progress while they are being sent. */
export function FilesTable({
  files,
  uploads,
  fractions,
}: {
  files: BatchFile[] | null;
  uploads?: ChosenFile[];
  fractions?: Record<string, number>;
}) {
  const t = useT();
  const rows =
    files?.map((f, i) => ({
      key: `n${f.n}`,
      n: f.n,
      name: f.originalName,
      bytes: f.bytes,
      f,
      up: uploads?.[i],
    })) ??
    (uploads ?? []).map((u, i) => ({
      key: u.key,
      n: i + 1,
      name: u.path,
      bytes: u.file.size,
      f: null,
      up: u,
    }));
  const showUpload = !!uploads && !!fractions;
  return (
    <div className="intake-scroll">
      <table className="grid intake-files">
        <caption className="sr-only">{t('batchFiles')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('n')}</th>
            <th scope="col">{t('fileName')}</th>
            <th scope="col">{t('size')}</th>
            {showUpload && <th scope="col">{t('upload_label')}</th>}
            <th scope="col">{t('fileStatus')}</th>
            <th scope="col">{t('pages')}</th>
            <th scope="col">{t('detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const frac = r.up ? (fractions?.[r.up.key] ?? 0) : 1;
            return (
              <tr key={r.key} data-file={r.name}>
                <td>{r.n}</td>
                <td className="name">{r.name}</td>
                <td className="num">{formatBytes(r.bytes)}</td>
                {showUpload && (
                  <td className="progress-cell">
                    <progress max={1} value={frac} aria-label={`${t('uploadProgress')} ${r.name}`} />
                    <span className="pct">{Math.round(frac * 100)}%</span>
                  </td>
                )}
                <td>{r.f ? <FileStatusTag status={r.f.status} /> : <span className="muted">…</span>}</td>
                <td className="num">{r.f?.status === 'paged' ? r.f.pages : ''}</td>
                <td className="detail">{r.f && <FileDetail f={r.f} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FileDetail({ f }: { f: BatchFile }) {
  const t = useT();
  if (f.status === 'duplicate' && f.duplicateOf)
    return (
      <span>
        {t('duplicateOf')}
        <Link to={`/items/${f.duplicateOf}`}>{f.duplicateOf}</Link>
      </span>
    );
  if (!f.error) return null;
  return (
    <span className="problem">
      <code>{f.error.code}</code> {f.error.message}
    </span>
  );
}

/** The items (drafts) cut from a batch, each with its stage, status, reasons and where to go next. */
export function ItemsTable({ items }: { items: BatchItem[] }) {
  const t = useT();
  if (items.length === 0) return <Empty>{t('noItemsYet')}</Empty>;
  return (
    <div className="intake-scroll">
      <table className="grid intake-items">
        <caption className="sr-only">{t('batchItems')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('item')}</th>
            <th scope="col">{t('pages')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('stages')}</th>
            <th scope="col">{t('reasons')}</th>
            <th scope="col">
              <span className="sr-only">{t('open')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const done = STAGES.filter((s) => d.stagesDone.includes(s)).length;
            const next = STAGES.find((s) => !d.stagesDone.includes(s));
            return (
              <tr key={d.draftId} data-draft={d.draftId}>
                <td>
                  <code>{d.draftId.slice(-4)}</code>
                </td>
                <td className="num">{d.pages}</td>
                <td>
                  <DraftStatusTag status={d.status} />
                </td>
                <td className="progress-cell">
                  <progress max={STAGES.length} value={done} aria-label={`${t('stages')} ${d.draftId}`} />
                  <span className="pct">
                    {d.status === 'processing' && next ? t(`stage_${next}`) : `${done}/${STAGES.length}`}
                  </span>
                </td>
                <td className="detail">
                  {d.error && (
                    <span className="problem">
                      <code>{d.error.code}</code> {d.error.message} ({t(stageKey(d.error.stage))})
                    </span>
                  )}
                  {d.reasons.length > 0 && (
                    <ul className="reasons">
                      {groupReasons(d.reasons).map((r, i) => (
                        <li key={i}>{r}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {d.status === 'needs_review' && (
                    <Link to={`/intake/review/${d.draftId}`} className="button-like">
                      {t('reviewIt')}
                    </Link>
                  )}
                  {d.status === 'filed' && <Link to={`/items/${d.itemId}`}>{t('openItem')}</Link>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const stageKey = (s: string) =>
  (STAGES as readonly string[]).includes(s) ? (`stage_${s}` as `stage_${(typeof STAGES)[number]}`) : 'detail';

/** A batch's heading, counts and live state, then its files and items. */
export function BatchView({
  progress,
  state,
  onRefresh,
  uploads,
  fractions,
  headingLevel = 2,
}: {
  progress: BatchProgress;
  state: LiveState;
  onRefresh: () => void;
  uploads?: ChosenFile[];
  fractions?: Record<string, number>;
  headingLevel?: 1 | 2;
}) {
  const t = useT();
  const { batch, counts, items } = progress;
  const H = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section className="batch-view" aria-labelledby={`h-${batch.id}`} data-batch={batch.id}>
      <H id={`h-${batch.id}`} tabIndex={-1}>
        {t('batch')} <code>{batch.id}</code>{' '}
        <span className={batch.status === 'done' ? 'tag ok' : 'tag'} data-batch-status={batch.status}>
          {t(`batch_${batch.status}`)}
        </span>
      </H>
      <p className="batch-meta">
        {t('fonds')} {batch.fondsCode} · {t('section')} {batch.section} · {t(`split_${batch.splitMode}`)} ·{' '}
        {formatTime(batch.createdAt)} · {batch.createdBy}
      </p>
      <div className="batch-summary">
        <ul className="counts" aria-label={t('batchItems')}>
          {(['filed', 'needs_review', 'processing', 'failed'] as const).map((s) => (
            <li key={s} data-count={s}>
              <DraftStatusTag status={s} /> <strong>{counts[s]}</strong>
            </li>
          ))}
        </ul>
        <span className="live" role="status" aria-live="polite">
          {state === 'live' || state === 'connecting' ? (
            <span className="pulse">{t('live')}</span>
          ) : state === 'done' ? (
            t('liveDone')
          ) : (
            t('liveLost')
          )}
        </span>
        <button type="button" className="secondary" onClick={onRefresh}>
          {t('refresh')}
        </button>
        {counts.needs_review > 0 && <Link to="/intake/review">{t('reviewQueueLink')}</Link>}
      </div>
      <h3>{t('batchFiles')}</h3>
      <FilesTable files={batch.files} uploads={uploads} fractions={fractions} />
      <h3>{t('batchItems')}</h3>
      <ItemsTable items={items} />
    </section>
  );
}

/** `/intake/batches/:id`: one batch, live. */
export function BatchPage({ id }: { id: string }) {
  const t = useT();
  const { progress, state, error, retry } = useBatchEvents(id);
  return (
    <div className="intake">
      <p className="crumbs">
        <Link to="/intake">{t('backToIntake')}</Link>
      </p>
      {error !== null && <ErrorBanner error={error} onRetry={retry} />}
      {progress ? (
        <BatchView progress={progress} state={state} onRefresh={retry} headingLevel={1} />
      ) : (
        error === null && <Loading />
      )}
    </div>
  );
}
