import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { Link } from '../../router';
import { useSession } from '../../session';
import { BatchView, FilesTable, useBatchEvents } from './batch-live';
import { formatBytes, formatTime, useT } from './common';
import type { Batch, BatchProgress, SplitMode } from './types';
import { fromDrop, fromFileList, uploadBatch, type ChosenFile } from './upload';

interface Sent {
  progress: BatchProgress;
  files: ChosenFile[];
  fractions: Record<string, number>;
}

/** `/intake`: choose files or folders, upload them as one batch, watch it live; recent batches below. */
export function IntakePage() {
  const t = useT();
  const { me } = useSession();
  const ownSection = me?.section && !me.roles.includes('archivist') ? me.section : null;
  const fonds = useLoad(() => api<{ scope: string; body: { name: string } }[]>('/api/fonds'), []);
  const recent = useLoad(() => api<{ batches: Batch[] }>('/api/ingest/batches'), []);
  const [fondsCode, setFondsCode] = useState('');
  const [section, setSection] = useState('');
  const [splitMode, setSplitMode] = useState<SplitMode>('file');
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const [uploading, setUploading] = useState<{
    files: ChosenFile[];
    fractions: Record<string, number>;
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const pickFiles = useRef<HTMLInputElement>(null);
  const pickFolder = useRef<HTMLInputElement>(null);

  const fondsList = fonds.data ?? [];
  const chosenFonds = fondsCode || fondsList[0]?.scope || '';
  const knownSections = [...new Set((recent.data?.batches ?? []).map((b) => b.section))];

  const add = (more: ChosenFile[]) => {
    setError(null);
    setFiles((prev) => {
      const seen = new Set(prev.map((f) => `${f.path}|${f.file.size}|${f.file.lastModified}`));
      return [...prev, ...more.filter((f) => !seen.has(`${f.path}|${f.file.size}|${f.file.lastModified}`))];
    });
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (uploading) return;
    setReading(true);
    try {
      add(await fromDrop(e.dataTransfer));
    } catch (err) {
      setError(err);
    } finally {
      setReading(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosenFonds) return setError(new Error(t('chooseFonds')));
    const sectionToSend = ownSection ?? section.trim();
    if (!sectionToSend) return setError(new Error(t('chooseSection')));
    setError(null);
    const batchFiles = files;
    setUploading({ files: batchFiles, fractions: {} });
    const { done } = uploadBatch(
      { fondsCode: chosenFonds, section: sectionToSend, splitMode, files: batchFiles },
      (fractions) => setUploading({ files: batchFiles, fractions }),
    );
    try {
      const progress = await done;
      const full = Object.fromEntries(batchFiles.map((f) => [f.key, 1]));
      setSent({ progress, files: batchFiles, fractions: full });
      setFiles([]);
      recent.reload();
    } catch (err) {
      setError(err);
    } finally {
      setUploading(null);
    }
  };

  const totalBytes = files.reduce((a, f) => a + f.file.size, 0);

  return (
    <div className="intake">
      <div className="intake-head">
        <h1>{t('intakeTitle')}</h1>
        <nav className="intake-links" aria-label={t('intakeTitle')}>
          <Link to="/intake/review">{t('reviewQueueLink')}</Link>
          <Link to="/intake/separators">{t('separatorsLink')}</Link>
        </nav>
      </div>
      <p className="intro">{t('intakeIntro')}</p>

      {sent && <SentBatch key={sent.progress.batch.id} sent={sent} onDone={recent.reload} />}

      <form className="intake-form" onSubmit={(e) => void submit(e)} aria-label={t('batchSettings')}>
        <div className="toolbar">
          <label>
            {t('fonds')}
            <select value={chosenFonds} onChange={(e) => setFondsCode(e.target.value)} disabled={!!uploading}>
              {fondsList.map((f) => (
                <option key={f.scope} value={f.scope}>
                  {f.scope} {f.body.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('section')}
            {ownSection ? (
              <input value={ownSection} readOnly aria-readonly="true" className="readonly" />
            ) : (
              <>
                <input
                  value={section}
                  onChange={(e) => setSection(e.target.value)}
                  list="intake-sections"
                  placeholder={t('sectionHint')}
                  required
                  disabled={!!uploading}
                />
                <datalist id="intake-sections">
                  {knownSections.map((s) => (
                    <option key={s} value={s} />
                  ))}
                </datalist>
              </>
            )}
          </label>
          <label>
            {t('splitMode')}
            <select
              value={splitMode}
              onChange={(e) => setSplitMode(e.target.value as SplitMode)}
              disabled={!!uploading}
            >
              {(['file', 'separator', 'blank'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`split_${m}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {fonds.error !== null && <ErrorBanner error={fonds.error} onRetry={fonds.reload} />}

        <div
          className={over ? 'dropzone over' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => void onDrop(e)}
          data-testid="dropzone"
        >
          <strong>{t('dropTitle')}</strong>
          <span className="muted">{t('dropHint')}</span>
          <div className="drop-buttons">
            <button
              type="button"
              className="secondary"
              onClick={() => pickFiles.current?.click()}
              disabled={!!uploading}
            >
              {t('pickFiles')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => pickFolder.current?.click()}
              disabled={!!uploading}
            >
              {t('pickFolder')}
            </button>
          </div>
          <input
            ref={pickFiles}
            type="file"
            multiple
            hidden
            accept=".jpg,.jpeg,.png,.tif,.tiff,.pdf,image/jpeg,image/png,image/tiff,application/pdf"
            onChange={(e) => {
              add(fromFileList(e.target.files));
              e.target.value = '';
            }}
          />
          <input
            ref={(el) => {
              pickFolder.current = el;
              el?.setAttribute('webkitdirectory', '');
            }}
            type="file"
            multiple
            hidden
            onChange={(e) => {
              add(fromFileList(e.target.files));
              e.target.value = '';
            }}
          />
          {reading && <span role="status">{t('readingFolder')}</span>}
        </div>

        {error !== null && <ErrorBanner error={error} />}

        {uploading ? (
          <section aria-labelledby="uploading-h">
            <h2 id="uploading-h">{t('uploading')}</h2>
            <FilesTable files={null} uploads={uploading.files} fractions={uploading.fractions} />
          </section>
        ) : (
          <section aria-labelledby="chosen-h">
            <h2 id="chosen-h">
              {t('filesChosen')}
              {files.length > 0 && (
                <span className="muted small">
                  {' '}
                  {files.length} {t('filesCount')} · {formatBytes(totalBytes)}
                </span>
              )}
            </h2>
            {files.length === 0 ? (
              <Empty>{t('noFilesChosen')}</Empty>
            ) : (
              <ChosenList
                files={files}
                onRemove={(key) => setFiles((fs) => fs.filter((f) => f.key !== key))}
              />
            )}
          </section>
        )}
        <div className="toolbar">
          <button type="submit" disabled={files.length === 0 || !!uploading || !chosenFonds}>
            {uploading ? t('uploading') : t('upload')}
          </button>
          {files.length > 0 && !uploading && (
            <button type="button" className="secondary" onClick={() => setFiles([])}>
              {t('removeAll')}
            </button>
          )}
        </div>
      </form>

      <section aria-labelledby="recent-h">
        <h2 id="recent-h">{t('recentBatches')}</h2>
        {recent.loading && !recent.data ? (
          <Loading />
        ) : recent.error !== null ? (
          <ErrorBanner error={recent.error} onRetry={recent.reload} />
        ) : (
          <RecentBatches batches={recent.data?.batches ?? []} />
        )}
      </section>
    </div>
  );
}

function ChosenList({ files, onRemove }: { files: ChosenFile[]; onRemove: (key: string) => void }) {
  const t = useT();
  return (
    <div className="intake-scroll short">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('n')}</th>
            <th scope="col">{t('fileName')}</th>
            <th scope="col">{t('size')}</th>
            <th scope="col">
              <span className="sr-only">{t('remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((f, i) => (
            <tr key={f.key}>
              <td>{i + 1}</td>
              <td className="name">{f.path}</td>
              <td className="num">{formatBytes(f.file.size)}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => onRemove(f.key)}
                  aria-label={`${t('remove')} ${f.path}`}
                >
                  {t('remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The batch just uploaded: upload progress kept beside each file, the rest live from the server. */
function SentBatch({ sent, onDone }: { sent: Sent; onDone: () => void }) {
  const t = useT();
  const { progress, state, error, retry } = useBatchEvents(sent.progress.batch.id, sent.progress);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The batch just sent is what the clerk watches now: bring it into view, its heading focused.
    const h = box.current?.querySelector<HTMLElement>('h2');
    h?.focus();
    box.current?.scrollIntoView({ block: 'start' });
  }, []);
  useEffect(() => {
    if (state === 'done') onDone();
  }, [state]);
  return (
    <div className="current-batch" ref={box}>
      {error !== null && <ErrorBanner error={error} onRetry={retry} />}
      <BatchView
        progress={progress ?? sent.progress}
        state={state}
        onRefresh={retry}
        uploads={sent.files}
        fractions={sent.fractions}
      />
      <p>
        <Link to={`/intake/batches/${sent.progress.batch.id}`}>{t('openBatch')}</Link>
      </p>
    </div>
  );
}

function RecentBatches({ batches }: { batches: Batch[] }) {
  const t = useT();
  if (batches.length === 0) return <Empty>{t('noBatches')}</Empty>;
  return (
    <div className="intake-scroll">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('createdAt')}</th>
            <th scope="col">{t('batch')}</th>
            <th scope="col">{t('section')}</th>
            <th scope="col">{t('splitMode')}</th>
            <th scope="col">{t('batchFiles')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('source')}</th>
            <th scope="col">{t('createdBy')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => {
            const rejected = b.files.filter(
              (f) => f.status === 'rejected' || f.status === 'duplicate',
            ).length;
            return (
              <tr key={b.id}>
                <td className="nowrap">{formatTime(b.createdAt)}</td>
                <td>
                  <Link to={`/intake/batches/${b.id}`}>
                    <code>{b.id}</code>
                  </Link>
                </td>
                <td>{b.section}</td>
                <td>{t(`split_${b.splitMode}`)}</td>
                <td className="num">
                  {b.files.length}
                  {rejected > 0 && (
                    <span className="tag bad rejected-count">{t('rejectedCount', { n: rejected })}</span>
                  )}
                </td>
                <td>
                  <span className={b.status === 'done' ? 'tag ok' : 'tag'}>{t(`batch_${b.status}`)}</span>
                </td>
                <td>{t(`source_${b.source}`)}</td>
                <td>{b.createdBy}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
