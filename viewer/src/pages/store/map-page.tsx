import { useState, type CSSProperties } from 'react';
import { api } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { StoreNav } from './common';
import { messages } from './messages';
import type { Box, MapBox, MapRow, MapShelf, StorageMap } from './types';

interface Picked {
  id: string;
  code: string;
  /** The shelf it stands on (a move), or null (not shelved yet: a placing). */
  shelfId: string | null;
}

/**
 * 存放示意图: a room's rows (列) as grids of sections (节) × shelves (层), each shelf with its occupancy and
 * boxes. Pick a box (on the map, or an unshelved one), then "放到此层" on a shelf; or drag a box onto a shelf.
 */
export function MapPage({ id }: { id: string }) {
  const t = useText(messages);
  const [version, setVersion] = useState(0);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const map = useLoad(() => api<StorageMap>(`/api/locations/${id}/map`), [id, version]);
  const unshelved = useLoad(
    () =>
      api<{ boxes: Box[]; nextCursor: string | null }>('/api/boxes?unshelved=true&limit=500').then((r) =>
        r.boxes.filter((b) => !b.out && b.entries.length > 0),
      ),
    [version],
  );

  const put = async (box: Picked, shelf: MapShelf) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api(`/api/boxes/${box.id}/${box.shelfId ? 'move' : 'place'}`, { body: { shelfId: shelf.id } });
      setNotice(`${box.code} ${t('movedTo')} ${shelf.code}`);
      setPicked(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (map.loading && !map.data) return <Loading />;
  if (map.error) return <ErrorBanner error={map.error} onRetry={map.reload} />;
  const m = map.data!;
  return (
    <section aria-labelledby="map-title" className="store">
      <StoreNav />
      <p className="crumbs">
        <Link to="/store/locations">{t('backToRooms')}</Link>
      </p>
      <h1 id="map-title">
        {t('mapTitle')} · {m.room.code}
        {m.room.name ? ` ${m.room.name}` : ''}
      </h1>
      <dl className="kv">
        <div>
          <dt>{t('totalsShelves')}</dt>
          <dd>{m.totals.shelves}</dd>
        </div>
        <div>
          <dt>{t('totalsCapacity')}</dt>
          <dd>{m.totals.capacity}</dd>
        </div>
        <div>
          <dt>{t('totalsOccupied')}</dt>
          <dd>{m.totals.occupied}</dd>
        </div>
        <div>
          <dt>{t('totalsFree')}</dt>
          <dd>{m.totals.free}</dd>
        </div>
        <div>
          <dt>{t('totalsOutOfOrder')}</dt>
          <dd>{m.totals.outOfOrder ? <span className="tag warn">{m.totals.outOfOrder}</span> : 0}</dd>
        </div>
        <div className="wide">
          <dt>{t('order')}</dt>
          <dd>{m.order}</dd>
        </div>
      </dl>

      <section className="panel pick" aria-labelledby="pick-title">
        <h2 id="pick-title">{t('pickBox')}</h2>
        <p className="help">{t('pickHelp')}</p>
        <div className="toolbar">
          <label>
            {t('unshelvedBoxes')}
            <select
              value={picked && !picked.shelfId ? picked.id : ''}
              onChange={(e) => {
                const b = unshelved.data?.find((x) => x.id === e.target.value);
                setPicked(b ? { id: b.id, code: b.code, shelfId: null } : null);
              }}
            >
              <option value="">
                {t('chooseBox')}（{unshelved.data?.length ?? 0}）
              </option>
              {unshelved.data?.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.code}（{b.itemRange ?? '—'}）
                </option>
              ))}
            </select>
          </label>
          <p className="selected" role="status" aria-live="polite">
            {picked ? (
              <>
                {t('selectedBox')}：<strong>{picked.code}</strong>
              </>
            ) : null}
          </p>
          {picked && (
            <button type="button" className="secondary" onClick={() => setPicked(null)}>
              {t('cancelPick')}
            </button>
          )}
        </div>
        {unshelved.error !== null && <ErrorBanner error={unshelved.error} onRetry={unshelved.reload} />}
        {error !== null && <ErrorBanner error={error} />}
        {notice && (
          <p className="banner ok" role="status">
            {notice}
          </p>
        )}
      </section>

      {m.rows.length === 0 ? (
        <Empty>{t('mapEmpty')}</Empty>
      ) : (
        m.rows.map((row) => (
          <RowGrid
            key={row.id}
            row={row}
            picked={picked}
            busy={busy}
            onPick={(b, shelf) =>
              setPicked(picked?.id === b.id ? null : { id: b.id, code: b.code, shelfId: shelf.id })
            }
            onPut={(shelf) => picked && void put(picked, shelf)}
            onDrop={(box, shelf) => void put(box, shelf)}
          />
        ))
      )}
    </section>
  );
}

const DRAG_TYPE = 'application/x-archive-box';

function RowGrid({
  row,
  picked,
  busy,
  onPick,
  onPut,
  onDrop,
}: {
  row: MapRow;
  picked: Picked | null;
  busy: boolean;
  onPick: (b: MapBox, shelf: MapShelf) => void;
  onPut: (shelf: MapShelf) => void;
  onDrop: (box: Picked, shelf: MapShelf) => void;
}) {
  const t = useText(messages);
  const [over, setOver] = useState<string | null>(null);
  const shelfNumbers = [...new Set(row.sections.flatMap((s) => s.shelves.map((sh) => sh.number)))].sort(
    (a, b) => a - b,
  );
  const pct = row.capacity ? Math.round((row.occupied / row.capacity) * 100) : 0;
  return (
    <section className="map-row" aria-labelledby={`row-${row.id}`}>
      <h2 id={`row-${row.id}`}>
        {row.code}
        {row.name ? ` ${row.name}` : ''}
        <span className="muted small">
          {' '}
          {t('occupancy')} {row.occupied}/{row.capacity}（{pct}%）
        </span>
      </h2>
      <div className="table-wrap">
        <table className="map-grid" style={{ '--sections': row.sections.length } as CSSProperties}>
          <thead>
            <tr>
              <th scope="col" className="corner">
                <span className="sr-only">{t('shelf')}</span>
              </th>
              {row.sections.map((s) => (
                <th scope="col" key={s.id}>
                  {s.number}
                  {t('sectionLabel')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shelfNumbers.map((n) => (
              <tr key={n}>
                <th scope="row">
                  {n}
                  {t('shelf')}
                </th>
                {row.sections.map((s) => {
                  const shelf = s.shelves.find((sh) => sh.number === n);
                  if (!shelf) return <td key={s.id} className="none" />;
                  const canPut = !!picked && shelf.free > 0 && picked.shelfId !== shelf.id;
                  const level = shelf.occupied === 0 ? 'empty' : shelf.free === 0 ? 'full' : 'partial';
                  return (
                    <td
                      key={s.id}
                      className={`shelf ${level}${over === shelf.id ? ' over' : ''}`}
                      aria-label={shelf.code}
                      onDragOver={(e) => {
                        if (!e.dataTransfer.types.includes(DRAG_TYPE) || shelf.free === 0) return;
                        e.preventDefault();
                        setOver(shelf.id);
                      }}
                      onDragLeave={() => setOver((o) => (o === shelf.id ? null : o))}
                      onDrop={(e) => {
                        e.preventDefault();
                        setOver(null);
                        const raw = e.dataTransfer.getData(DRAG_TYPE);
                        if (!raw) return;
                        const box = JSON.parse(raw) as Picked;
                        if (box.shelfId !== shelf.id) onDrop(box, shelf);
                      }}
                    >
                      <div className="occ">
                        <meter min={0} max={shelf.capacity} value={shelf.occupied} aria-hidden="true" />
                        <span>
                          {shelf.occupied}/{shelf.capacity}
                        </span>
                      </div>
                      <div className="chips">
                        {shelf.boxes.map((b) => (
                          <button
                            key={b.id}
                            type="button"
                            draggable
                            className={`box-chip${b.outOfOrder ? ' disorder' : ''}${b.out ? ' out' : ''}`}
                            aria-pressed={picked?.id === b.id}
                            aria-label={`${b.code}（${b.itemRange ?? '—'}）${b.outOfOrder ? ` ${t('outOfOrderBox')}` : ''}${b.out ? ` ${t('boxOut')}` : ''}`}
                            title={`${b.code}\n${t('itemRange')} ${b.itemRange ?? '—'} · ${b.itemCount} ${t('itemsUnit')}`}
                            onClick={() => onPick(b, shelf)}
                            onDragStart={(e) => {
                              e.dataTransfer.setData(
                                DRAG_TYPE,
                                JSON.stringify({ id: b.id, code: b.code, shelfId: shelf.id }),
                              );
                              e.dataTransfer.effectAllowed = 'move';
                            }}
                          >
                            {b.year}·{b.classCode}·{b.retention}·{b.boxNumber}
                          </button>
                        ))}
                      </div>
                      {canPut && (
                        <button type="button" className="put" disabled={busy} onClick={() => onPut(shelf)}>
                          {t('putHere')}
                          <span className="sr-only"> {shelf.code}</span>
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
