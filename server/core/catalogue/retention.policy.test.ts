import { assertExtension, isExtension, isRetentionExpired, retentionDueDate } from './retention.policy';

describe('retention arithmetic', () => {
  it('starts the clock on 1 January of the year after formation', () => {
    expect(retentionDueDate(2013, 'D10')).toBe('2024-01-01');
    expect(retentionDueDate(2013, 'D30')).toBe('2044-01-01');
    expect(retentionDueDate(2009, 'D100')).toBe('2110-01-01');
    expect(retentionDueDate(2025, 'D50')).toBe('2076-01-01');
  });

  it('never makes a permanent record fall due', () => {
    expect(retentionDueDate(1990, 'Y')).toBeNull();
    expect(isRetentionExpired(1990, 'Y', '9999-12-31')).toBe(false);
  });

  it('expires exactly on the due date, not the day before', () => {
    expect(isRetentionExpired(2013, 'D10', '2023-12-31')).toBe(false);
    expect(isRetentionExpired(2013, 'D10', '2024-01-01')).toBe(true);
    expect(isRetentionExpired(2013, 'D10', '2030-06-15')).toBe(true);
  });

  it('treats a record formed on 31 December like any other day of that year', () => {
    // formed 2013-12-31 or 2013-01-01: both count from 2014-01-01.
    expect(retentionDueDate(2013, 'D10')).toBe(retentionDueDate(2013, 'D10'));
    expect(isRetentionExpired(2014, 'D10', '2024-01-01')).toBe(false);
  });

  it('refuses impossible years', () => {
    expect(() => retentionDueDate(13, 'D10')).toThrow(
      expect.objectContaining({ code: 'retention.bad_year' }),
    );
    expect(() => retentionDueDate(2013.5, 'D10')).toThrow(
      expect.objectContaining({ code: 'retention.bad_year' }),
    );
  });

  it('lets appraisal extend but never shorten or keep', () => {
    expect(isExtension('D10', 'D30')).toBe(true);
    expect(isExtension('D10', 'Y')).toBe(true);
    expect(isExtension('D50', 'D100')).toBe(true);
    expect(isExtension('D30', 'D10')).toBe(false);
    expect(isExtension('D30', 'D30')).toBe(false);
    expect(isExtension('Y', 'D100')).toBe(false);
    expect(isExtension('Y', 'Y')).toBe(false);
    expect(() => assertExtension('D30', 'D10')).toThrow(
      expect.objectContaining({ code: 'retention.not_an_extension' }),
    );
    expect(() => assertExtension('D10', 'D30')).not.toThrow();
  });
});
