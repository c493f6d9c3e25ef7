import { assertTransition, finalStatus, totals, transferNumber } from './transfer.model';
import { lateRule } from './late-transfers';
import { archiveDay } from '../shared/calendar';

describe('transfer state machine', () => {
  it('allows submit and cancel only from draft; check and decisions only once handed over', () => {
    expect(() => assertTransition('draft', 'submit')).not.toThrow();
    expect(() => assertTransition('draft', 'cancel')).not.toThrow();
    expect(() => assertTransition('submitted', 'check')).not.toThrow();
    expect(() => assertTransition('checked', 'check')).not.toThrow();
    expect(() => assertTransition('checked', 'decide')).not.toThrow();
    for (const [status, action] of [
      ['submitted', 'submit'],
      ['draft', 'check'],
      ['draft', 'decide'],
      ['accepted', 'decide'],
      ['returned', 'check'],
      ['cancelled', 'submit'],
      ['submitted', 'cancel'],
    ] as const)
      expect(() => assertTransition(status, action)).toThrow(
        expect.objectContaining({ code: 'transfer.bad_transition', kind: 'conflict' }),
      );
  });

  it('reaches its final state only when no item is pending', () => {
    expect(finalStatus([])).toBeNull();
    expect(finalStatus([{ decision: 'accepted' }, { decision: 'pending' }])).toBeNull();
    expect(finalStatus([{ decision: 'accepted' }, { decision: 'accepted' }])).toBe('accepted');
    expect(finalStatus([{ decision: 'returned' }])).toBe('returned');
    expect(finalStatus([{ decision: 'accepted' }, { decision: 'returned' }])).toBe('partially_accepted');
  });

  it('numbers transfers YJ-<year>-<4 digits> and totals 件数 and 页数', () => {
    expect(transferNumber(2026, 1)).toBe('YJ-2026-0001');
    expect(transferNumber(2026, 12345)).toBe('YJ-2026-12345');
    expect(totals([{ pages: 3 }, { pages: 4 }])).toEqual({ items: 2, pages: 7 });
  });
});

describe('late transfers rule (次年一季度前移交)', () => {
  it('makes a year late from 1 April of the next year', () => {
    expect(lateRule('2026-03-31').lateUpToYear).toBe(2024);
    expect(lateRule('2026-03-31')).toMatchObject({ dueYear: 2025, nextDeadline: '2026-03-31' });
    expect(lateRule('2026-04-01').lateUpToYear).toBe(2025);
    expect(lateRule('2026-12-31').lateUpToYear).toBe(2025);
    expect(lateRule('2027-01-01').lateUpToYear).toBe(2025);
  });

  it('counts days in China time', () => {
    expect(archiveDay(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(archiveDay(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
  });
});
