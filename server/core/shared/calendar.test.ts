import {
  archiveDate8,
  archiveDay,
  archiveMinute,
  archiveMonth,
  archiveYear,
  chineseDate,
  isCalendarDay,
  nextArchiveMidnight,
  startOfArchiveDay,
} from './calendar';

describe('the archive calendar (China Standard Time)', () => {
  it('puts an instant on its China calendar day, whatever the server zone', () => {
    expect(archiveDay(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
    expect(archiveDay('2026-03-31T15:59:59Z')).toBe('2026-03-31');
    expect(archiveDate8('2026-12-31T16:00:00Z')).toBe('20270101');
    expect(archiveMinute('2026-05-17T01:02:00Z')).toBe('2026-05-17 09:02');
    expect([archiveYear('2026-12-31T16:00:00Z'), archiveMonth('2026-12-31T16:00:00Z')]).toEqual([2027, 1]);
  });

  it('finds midnights and checks calendar days', () => {
    expect(startOfArchiveDay('2026-04-01').toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(nextArchiveMidnight(new Date('2026-03-31T16:00:00Z')).toISOString()).toBe(
      '2026-04-01T16:00:00.000Z',
    );
    expect(nextArchiveMidnight(new Date('2026-03-31T15:59:59Z')).toISOString()).toBe(
      '2026-03-31T16:00:00.000Z',
    );
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2023-02-29')).toBe(false);
    expect(isCalendarDay('2023-2-1')).toBe(false);
    expect(chineseDate('2026-05-07')).toBe('2026年5月7日');
  });
});
