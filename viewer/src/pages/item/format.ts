const pad = (n: number) => String(n).padStart(2, '0');

/** `20130517` → `2013-05-17` (the catalogue's 日期). */
export function formatItemDate(d: string): string {
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;
}

/** An ISO timestamp as a local date and time (`2026-05-03 14:05`); a bare date stays as it is. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO timestamp or date as a local date. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return formatTime(iso).slice(0, 10);
}
