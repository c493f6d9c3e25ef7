/**
 * The archive's calendar: China Standard Time (UTC+8, no daylight saving), whatever the server's time
 * zone. Registers print these dates, due dates and the end of Q1 are counted in them, and the daily jobs
 * run at these midnights, so an acceptance at 07:00 on 1 April in 涪陵 is registered on 1 April, not on
 * 31 March (UTC).
 */
const CST_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

const shifted = (at: Date | string) => new Date(new Date(at).getTime() + CST_MS);

/** The calendar day of an instant, `YYYY-MM-DD`. */
export function archiveDay(at: Date | string): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** The calendar day as the catalogue's 8-digit 日期 (`20240301`). */
export function archiveDate8(at: Date | string): string {
  return archiveDay(at).replace(/-/g, '');
}

/** `YYYY-MM-DD HH:mm` (watermarks, registers, 制表时间). */
export function archiveMinute(at: Date | string): string {
  return shifted(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** The calendar year and month (1-12) of an instant. */
export function archiveYear(at: Date | string): number {
  return shifted(at).getUTCFullYear();
}
export function archiveMonth(at: Date | string): number {
  return shifted(at).getUTCMonth() + 1;
}

/** The instant a calendar day (`YYYY-MM-DD`) starts. */
export function startOfArchiveDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CST_MS);
}

/** The next midnight after `at` (when the daily jobs run). */
export function nextArchiveMidnight(at: Date): Date {
  return new Date(startOfArchiveDay(archiveDay(at)).getTime() + DAY_MS);
}

/** Whether a string is a real calendar day `YYYY-MM-DD`. */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  return archiveDay(startOfArchiveDay(day)) === day;
}

/** `2026年5月17日` from `2026-05-17`. */
export function chineseDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
