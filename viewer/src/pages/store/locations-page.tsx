import { useState } from 'react';
import { api } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { StoreNav } from './common';
import { messages } from './messages';
import type { Location } from './types';

/** 库房: the store rooms, and a new room built from a layout (rows × sections × shelves × boxes). */
export function LocationsPage() {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(
    () => api<{ locations: Location[] }>('/api/locations').then((r) => r.locations),
    [],
  );
  return (
    <section aria-labelledby="rooms-title" className="store">
      <StoreNav />
      <h1 id="rooms-title">{t('roomsTitle')}</h1>
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : data!.length === 0 ? (
        <Empty>{t('roomsEmpty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('roomCode')}</th>
                <th scope="col">{t('roomName')}</th>
                <th scope="col">{t('map')}</th>
              </tr>
            </thead>
            <tbody>
              {data!.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.code}</th>
                  <td>{r.name || '—'}</td>
                  <td>
                    <Link to={`/store/locations/${r.id}`}>
                      {t('map')}
                      <span className="sr-only"> {r.code}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateRoom next={(data?.reduce((n, r) => Math.max(n, r.number), 0) ?? 0) + 1} />
    </section>
  );
}

function CreateRoom({ next }: { next: number }) {
  const t = useText(messages);
  const { navigate } = useRoute();
  const [form, setForm] = useState({
    number: '',
    name: '',
    rows: '4',
    sections: '3',
    shelves: '5',
    capacity: '12',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await api<{ location: Location; created: number }>('/api/locations', {
        body: {
          kind: 'room',
          number: Number(form.number || next),
          name: form.name.trim(),
          layout: {
            rows: Number(form.rows),
            sections: Number(form.sections),
            shelves: Number(form.shelves),
            capacity: Number(form.capacity),
          },
        },
      });
      navigate(`/store/locations/${out.location.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const num = (k: keyof typeof form, label: string, max: number, placeholder?: string) => (
    <label>
      {label}
      <input
        className="short"
        type="number"
        min={1}
        max={max}
        required={k !== 'number'}
        value={form[k]}
        placeholder={placeholder}
        onChange={(e) => set(k, e.target.value)}
      />
    </label>
  );
  return (
    <form className="panel" onSubmit={(e) => void create(e)} aria-labelledby="create-room-title">
      <h2 id="create-room-title">{t('createRoomTitle')}</h2>
      <p className="help">{t('createRoomHelp')}</p>
      <div className="toolbar">
        {num('number', t('roomNumber'), 999, String(next))}
        <label>
          {t('roomName')}
          <input value={form.name} maxLength={100} onChange={(e) => set('name', e.target.value)} />
        </label>
        {num('rows', t('rows'), 200)}
        {num('sections', t('sections'), 50)}
        {num('shelves', t('shelves'), 20)}
        {num('capacity', t('shelfCapacity'), 200)}
        <button type="submit" disabled={busy}>
          {t('create')}
        </button>
      </div>
      {error !== null && <ErrorBanner error={error} />}
    </form>
  );
}
