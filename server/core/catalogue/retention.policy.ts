import { invalid } from '../shared/errors';

/**
 * 保管期限. `Y` 永久 (permanent) or 定期 `D100`/`D50`/`D30`/`D10`: minimum periods, in years.
 * Accounting material follows 《会计档案管理办法》, whose periods map onto the same codes (30 years: D30,
 * 10 years: D10, permanent: Y).
 */
export const RETENTION_PERIODS = ['Y', 'D100', 'D50', 'D30', 'D10'] as const;
export type RetentionPeriod = (typeof RETENTION_PERIODS)[number];

export const RETENTION_LABELS: Record<RetentionPeriod, string> = {
  Y: '永久',
  D100: '100年',
  D50: '50年',
  D30: '30年',
  D10: '10年',
};

export function isRetentionPeriod(value: string): value is RetentionPeriod {
  return (RETENTION_PERIODS as readonly string[]).includes(value);
}

/** Length in years, or `null` for permanent. */
export function periodYears(period: RetentionPeriod): number | null {
  return period === 'Y' ? null : Number(period.slice(1));
}

/**
 * The day an item falls due for appraisal: 1 January of (year formed + 1 + period). The clock starts on
 * 1 January of the year after the record was formed (保管期限自形成之日的次年1月1日开始计算), so a record
 * formed in 2013 with `D10` falls due on 2024-01-01. Permanent records never fall due: `null`.
 * Returned as an ISO date (`YYYY-MM-DD`), which is what the catalogue stores and compares.
 */
export function retentionDueDate(yearFormed: number, period: RetentionPeriod): string | null {
  if (!Number.isInteger(yearFormed) || yearFormed < 1000 || yearFormed > 9999) {
    throw invalid('retention.bad_year', `Year formed must be a four-digit year, got ${yearFormed}.`);
  }
  const years = periodYears(period);
  if (years === null) return null;
  return `${String(yearFormed + 1 + years).padStart(4, '0')}-01-01`;
}

/** Whether an item formed in `yearFormed` with `period` has expired on `today` (an ISO date). */
export function isRetentionExpired(yearFormed: number, period: RetentionPeriod, today: string): boolean {
  const due = retentionDueDate(yearFormed, period);
  return due !== null && today >= due;
}

/**
 * Appraisal may extend a period, never shorten it: `Y` outranks every 定期 period, and a longer 定期
 * outranks a shorter one. Keeping the same period is not an extension.
 */
export function isExtension(current: RetentionPeriod, proposed: RetentionPeriod): boolean {
  const a = periodYears(current);
  const b = periodYears(proposed);
  if (a === null) return false;
  if (b === null) return true;
  return b > a;
}

/** Throws `retention.not_an_extension` unless `proposed` is longer than `current`. */
export function assertExtension(current: RetentionPeriod, proposed: RetentionPeriod): void {
  if (!isExtension(current, proposed)) {
    throw invalid(
      'retention.not_an_extension',
      `Appraisal may only extend a retention period: ${current} → ${proposed} is not longer.`,
      {
        current,
        proposed,
      },
    );
  }
}
