import { useEffect } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { messages } from './messages';
import type { Location, StorageMap } from './types';

/**
 * 库房 → 层: a keyboard-friendly shelf picker. The room's storage map lists every shelf with its free
 * places (full shelves cannot be chosen); `exclude` is the shelf the box stands on now.
 */
export function ShelfPicker({
  roomId,
  shelfId,
  exclude,
  onChange,
  version = 0,
}: {
  roomId: string;
  shelfId: string;
  exclude?: string | null;
  onChange: (next: { roomId: string; shelfId: string }) => void;
  version?: number;
}) {
  const t = useText(messages);
  const rooms = useLoad(
    () => api<{ locations: Location[] }>('/api/locations').then((r) => r.locations),
    [version],
  );
  const map = useLoad(
    () => (roomId ? api<StorageMap>(`/api/locations/${roomId}/map`) : Promise.resolve(null)),
    [roomId, version],
  );
  const only = rooms.data?.length === 1 ? rooms.data[0]!.id : null;
  useEffect(() => {
    if (!roomId && only) onChange({ roomId: only, shelfId: '' });
  }, [roomId, only]);

  if (rooms.loading && !rooms.data) return <Loading />;
  if (rooms.error) return <ErrorBanner error={rooms.error} onRetry={rooms.reload} />;
  if (rooms.data!.length === 0) return <p className="muted">{t('noRooms')}</p>;
  return (
    <>
      <label>
        {t('room')}
        <select value={roomId} onChange={(e) => onChange({ roomId: e.target.value, shelfId: '' })}>
          <option value="">{t('chooseRoom')}</option>
          {rooms.data!.map((r) => (
            <option key={r.id} value={r.id}>
              {r.code}
              {r.name ? ` ${r.name}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('shelf')}
        <select
          value={shelfId}
          disabled={!map.data}
          onChange={(e) => onChange({ roomId, shelfId: e.target.value })}
        >
          <option value="">{t('chooseShelf')}</option>
          {map.data?.rows.map((row) => (
            <optgroup key={row.id} label={`${row.code}${row.name ? ` ${row.name}` : ''}`}>
              {row.sections.flatMap((s) =>
                s.shelves.map((sh) => (
                  <option key={sh.id} value={sh.id} disabled={sh.free === 0 || sh.id === exclude}>
                    {sh.code}（{sh.free === 0 ? t('full') : `${t('free')} ${sh.free}`}）
                  </option>
                )),
              )}
            </optgroup>
          ))}
        </select>
      </label>
      {map.error !== null && <ErrorBanner error={map.error} onRetry={map.reload} />}
    </>
  );
}
