import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { DocumentLink } from '../transfers/open-document';
import { StoreNav, groupLabel, when } from './common';
import { messages } from './messages';
import { ShelfPicker } from './shelf-picker';
import type { BoxNote, BoxView } from './types';

/** One box (also `/boxes/:id`, where its label's QR code points): contents, 备考表, labels, place and move. */
export function BoxPage({ id }: { id: string }) {
  const t = useText(messages);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const {
    data: box,
    error: loadError,
    loading,
    reload,
  } = useLoad(() => api<BoxView>(`/api/boxes/${id}`), [id, version]);
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
  if (loading && !box) return <Loading />;
  if (loadError) return <ErrorBanner error={loadError} onRetry={reload} />;
  const b = box!;
  const sealed = b.status === 'sealed';
  return (
    <section aria-labelledby="box-title" className="store">
      <StoreNav />
      <p className="crumbs">
        <Link to="/store">{t('backToBoxes')}</Link>
      </p>
      <h1 id="box-title">
        {t('box')} {b.code}
        <span className={sealed ? 'tag good' : 'tag info'}>{b.statusLabel}</span>
      </h1>
      <dl className="kv">
        <div>
          <dt>{t('group')}</dt>
          <dd>{groupLabel(b)}</dd>
        </div>
        <div>
          <dt>{t('itemRange')}</dt>
          <dd>{b.itemRange ?? '—'}</dd>
        </div>
        <div>
          <dt>
            {t('items')} / {t('pages')}
          </dt>
          <dd>
            {b.itemCount} / {b.pageCount}
          </dd>
        </div>
        <div>
          <dt>{t('onLoan')}</dt>
          <dd>{b.outCount}</dd>
        </div>
        <div>
          <dt>{t('destroyed')}</dt>
          <dd>
            {b.destroyedCount}
            {b.destroyedCount > 0 ? `（${b.destroyedPages} ${t('pagesUnit')}）` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('gaps')}</dt>
          <dd>{b.gaps.length ? b.gaps.map((n) => String(n).padStart(4, '0')).join('、') : t('none')}</dd>
        </div>
        <div>
          <dt>{t('boxType')}</dt>
          <dd>
            {b.type.name}（{t('capacity')} {b.type.capacityItems} {t('itemsUnit')}
            {b.type.capacityPages ? ` / ${b.type.capacityPages} ${t('pagesUnit')}` : ''}）
          </dd>
        </div>
        <div>
          <dt>{t('location')}</dt>
          <dd>
            {b.out ? (
              <span className="tag warn">{t('outOfStore')}</span>
            ) : b.locationCode && b.roomId ? (
              <Link to={`/store/locations/${b.roomId}`}>{b.locationCode}</Link>
            ) : (
              t('notShelved')
            )}
          </dd>
        </div>
      </dl>
      <div className="toolbar">
        {sealed ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              void act(() => api(`/api/boxes/${b.id}/reopen`, { body: { revision: b.revision } }))
            }
          >
            {t('reopen')}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy || b.entries.length === 0}
            onClick={() => void act(() => api(`/api/boxes/${b.id}/seal`, { body: { revision: b.revision } }))}
          >
            {t('seal')}
          </button>
        )}
        <DocumentLink href={`/api/boxes/${b.id}/labels`}>{t('printLabels')}</DocumentLink>
        <DocumentLink href={`/api/boxes/${b.id}/note-sheet`}>{t('printNoteSheet')}</DocumentLink>
      </div>
      {error !== null && <ErrorBanner error={error} />}

      <div className="two-col">
        {!b.out && <PlacePanel box={b} busy={busy} act={act} version={version} />}
        <NotePanel box={b} busy={busy} act={act} />
      </div>

      <h2>{t('contentsTitle')}</h2>
      {b.items.length === 0 ? (
        <Empty>{t('boxEmpty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('itemNumber')}
                </th>
                <th scope="col">{t('archivalCode')}</th>
                <th scope="col">{t('title')}</th>
                <th scope="col" className="num">
                  {t('pages')}
                </th>
                <th scope="col">{t('retention')}</th>
                <th scope="col">{t('presence')}</th>
              </tr>
            </thead>
            <tbody>
              {b.items.map((i) => (
                <tr key={i.id} className={i.presence === 'destroyed' ? 'gone' : undefined}>
                  <td className="num">{String(i.itemNumber).padStart(4, '0')}</td>
                  <td className="nowrap code">{i.archivalCode}</td>
                  <td>
                    {i.presence === 'destroyed' ? i.title : <Link to={`/items/${i.id}`}>{i.title}</Link>}
                  </td>
                  <td className="num">{i.pages}</td>
                  <td className="nowrap">{i.retentionLabel}</td>
                  <td>
                    <span
                      className={
                        i.presence === 'in_box'
                          ? 'tag good'
                          : i.presence === 'destroyed'
                            ? 'tag bad'
                            : 'tag warn'
                      }
                    >
                      {i.presenceLabel}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {b.log.length > 0 && (
        <>
          <h2>{t('logTitle')}</h2>
          <ul>
            {b.log.map((l, n) => (
              <li key={n}>
                {when(l.at)} {l.by} {l.kind === 'added' ? t('added') : t('removed')}：
                {l.archivalCodes.join('、')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type Act = (work: () => Promise<unknown>) => Promise<boolean>;

/** 上架 (not yet on a shelf) or 移位 (to another shelf), with a shelf picker. */
function PlacePanel({ box, busy, act, version }: { box: BoxView; busy: boolean; act: Act; version: number }) {
  const t = useText(messages);
  const [where, setWhere] = useState({ roomId: box.roomId ?? '', shelfId: '' });
  const shelved = !!box.shelfId;
  useEffect(() => setWhere((w) => ({ roomId: w.roomId || box.roomId || '', shelfId: '' })), [version]);
  const go = (e: React.FormEvent) => {
    e.preventDefault();
    if (!where.shelfId) return;
    void act(() =>
      api(`/api/boxes/${box.id}/${shelved ? 'move' : 'place'}`, { body: { shelfId: where.shelfId } }),
    );
  };
  return (
    <form className="panel" onSubmit={go} aria-labelledby="place-title">
      <h2 id="place-title">{shelved ? t('moveTitle') : t('placeTitle')}</h2>
      <p className="help">
        {shelved ? (
          <>
            {t('onShelf')} <strong>{box.locationCode}</strong>。{t('moveHelp')}
          </>
        ) : (
          t('placeHelp')
        )}
      </p>
      <div className="toolbar">
        <ShelfPicker
          roomId={where.roomId}
          shelfId={where.shelfId}
          exclude={box.shelfId}
          onChange={setWhere}
          version={version}
        />
        <button type="submit" disabled={busy || !where.shelfId}>
          {shelved ? t('move') : t('place')}
        </button>
      </div>
    </form>
  );
}

/** 备考表: 盒内文件情况说明, 整理人, 整理日期, 检查人, 检查日期 (compare-and-set on the box's revision). */
function NotePanel({ box, busy, act }: { box: BoxView; busy: boolean; act: Act }) {
  const t = useText(messages);
  const [note, setNote] = useState<BoxNote>(box.note);
  const [saved, setSaved] = useState(false);
  useEffect(() => setNote(box.note), [box.revision]);
  const set = (k: keyof BoxNote, v: string) => {
    setSaved(false);
    setNote((n) => ({ ...n, [k]: v }));
  };
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const ok = await act(() =>
      api(`/api/boxes/${box.id}/note`, {
        method: 'PATCH',
        body: {
          description: note.description,
          arrangedBy: note.arrangedBy,
          arrangedOn: note.arrangedOn || null,
          checkedBy: note.checkedBy,
          checkedOn: note.checkedOn || null,
          revision: box.revision,
        },
      }),
    );
    setSaved(ok);
  };
  return (
    <form className="panel note" onSubmit={(e) => void save(e)} aria-labelledby="note-title">
      <h2 id="note-title">{t('noteTitle')}</h2>
      <label className="block">
        {t('description')}
        <textarea
          rows={3}
          maxLength={4000}
          value={note.description}
          onChange={(e) => set('description', e.target.value)}
        />
      </label>
      <div className="toolbar">
        <label>
          {t('arrangedBy')}
          <input value={note.arrangedBy} maxLength={50} onChange={(e) => set('arrangedBy', e.target.value)} />
        </label>
        <label>
          {t('arrangedOn')}
          <input
            type="date"
            value={note.arrangedOn ?? ''}
            onChange={(e) => set('arrangedOn', e.target.value)}
          />
        </label>
        <label>
          {t('checkedBy')}
          <input value={note.checkedBy} maxLength={50} onChange={(e) => set('checkedBy', e.target.value)} />
        </label>
        <label>
          {t('checkedOn')}
          <input
            type="date"
            value={note.checkedOn ?? ''}
            onChange={(e) => set('checkedOn', e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t('saveNote')}
        </button>
        {saved && (
          <span role="status" className="ok-text">
            {t('saved')}
          </span>
        )}
      </div>
    </form>
  );
}
