import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api/client';
import { Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { useSession } from '../../session';
import { ApiProblem } from './api-problem';
import { fill, messages } from './messages';
import type { Versioned, VersionInfo } from './types';

const day = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/**
 * A versioned catalogue document (`path` answers the current version, `?version=N` an older one,
 * `historyPath` the list): the version shown, its history, and for catalogue.edit a JSON editor that
 * writes a new version. `children` renders the body as read views.
 */
export function VersionedDocument<T>({
  path,
  historyPath,
  save,
  withNote,
  children,
}: {
  path: string;
  historyPath: string;
  /** Writes a new version; absent: read only. */
  save?: (body: T, expectedVersion: number, note: string) => Promise<Versioned<T>>;
  withNote: boolean;
  children: (doc: Versioned<T>) => ReactNode;
}) {
  const t = useText(messages);
  const { can } = useSession();
  const [version, setVersion] = useState<number | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const doc = useLoad(
    () => api<Versioned<T>>(version === null ? path : `${path}?version=${version}`),
    [path, version],
  );
  const history = useLoad(
    () => (showHistory ? api<VersionInfo[]>(historyPath) : Promise.resolve(null)),
    [historyPath, showHistory, saved],
  );
  const editable = !!save && can('catalogue.edit') && version === null;
  if (doc.loading && !doc.data) return <Loading />;
  if (doc.error) return <ApiProblem error={doc.error} onRetry={doc.reload} />;
  const d = doc.data!;
  return (
    <div className="versioned">
      <div className="version-bar">
        <span>
          <strong>
            {t('version')} {d.version}
          </strong>
          {version === null ? <span className="tag ok">{t('current')}</span> : null} · {d.author} ·{' '}
          {day(d.createdAt)}
          {d.note ? ` · ${d.note}` : ''}
        </span>
        <span className="version-actions">
          {version !== null && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setSaved(null);
                setVersion(null);
              }}
            >
              {t('backToCurrent')}
            </button>
          )}
          <button
            type="button"
            className="secondary"
            aria-expanded={showHistory}
            onClick={() => setShowHistory(!showHistory)}
          >
            {showHistory ? t('hideHistory') : t('history')}
          </button>
          {editable && (
            <button
              type="button"
              className="secondary"
              aria-expanded={editing}
              onClick={() => setEditing(!editing)}
            >
              {t('edit')}
            </button>
          )}
        </span>
      </div>
      {saved !== null && (
        <p className="notice ok" role="status">
          {fill(t('savedVersion'), { v: saved })}
        </p>
      )}
      {version !== null && (
        <p className="notice" role="status">
          {fill(t('viewing'), { v: version })}
        </p>
      )}
      {showHistory && (
        <div className="history">
          {history.loading && <Loading />}
          {history.error ? <ApiProblem error={history.error} onRetry={history.reload} /> : null}
          {history.data && (
            <table className="grid compact">
              <caption>{t('history')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('version')}
                  </th>
                  <th scope="col">{t('createdAt')}</th>
                  <th scope="col">{t('author')}</th>
                  <th scope="col">{t('note')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('view')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...history.data].reverse().map((v) => (
                  <tr key={v.version} aria-current={v.version === d.version ? 'true' : undefined}>
                    <td className="num">{v.version}</td>
                    <td className="nowrap">{day(v.createdAt)}</td>
                    <td>{v.author}</td>
                    <td>{v.note}</td>
                    <td>
                      {v.version === d.version ? (
                        <span className="muted">{t('viewing').replace('{v}', String(v.version))}</span>
                      ) : (
                        <button
                          type="button"
                          className="link"
                          onClick={() => {
                            setEditing(false);
                            setSaved(null);
                            setVersion(v.version);
                          }}
                        >
                          {t('view')} {t('version')} {v.version}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {editing && editable && (
        <JsonEditor
          key={d.version}
          initial={d.body}
          withNote={withNote}
          onCancel={() => setEditing(false)}
          onSave={async (body, note) => {
            const v = await save(body as T, d.version, note);
            setEditing(false);
            setSaved(v.version);
            doc.reload();
          }}
        />
      )}
      {children(d)}
    </div>
  );
}

/** Edits a document as JSON; a syntax error is caught here, the API's validation is shown as it says it. */
export function JsonEditor({
  initial,
  withNote,
  onSave,
  onCancel,
}: {
  initial: unknown;
  withNote: boolean;
  onSave: (body: unknown, note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useText(messages);
  const id = useId();
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(new Error(fill(t('jsonInvalid'), { m: (err as Error).message })));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(body, note.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="json-editor panel" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('editTitle')}</h3>
      <p className="hint" id={`${id}-hint`}>
        {t('editHint')}
      </p>
      <label className="block">
        JSON
        <textarea
          value={text}
          spellCheck={false}
          rows={18}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="toolbar">
        {withNote && (
          <label className="grow">
            {t('noteLabel')}
            <input required maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('saving') : t('saveVersion')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
      {error ? <ApiProblem error={error} /> : null}
    </form>
  );
}
