import type { DomainError } from '../shared/errors';
import {
  assertTransition,
  currentStep,
  daysOverdue,
  dueDate,
  formatPageRanges,
  grantStatus,
  grantedPages,
  loanNumber,
  normalizePageRanges,
  pageGranted,
  stepKey,
  type ApprovalStep,
  type LoanKind,
  type LoanStatus,
} from './loan.model';
import { archiveDay, archiveMinute } from '../shared/calendar';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('loan state machine', () => {
  const loan = (status: LoanStatus, kind: LoanKind = 'loan') => ({ status, kind, number: 'JY-2026-0001' });

  it('allows the route pending → approved → checked_out → returned → closed for a physical loan', () => {
    expect(code(() => assertTransition(loan('pending'), 'approved'))).toBeNull();
    expect(code(() => assertTransition(loan('approved'), 'checked_out'))).toBeNull();
    expect(code(() => assertTransition(loan('checked_out'), 'returned'))).toBeNull();
    expect(code(() => assertTransition(loan('returned'), 'closed'))).toBeNull();
  });

  it('closes a consultation straight from approved, but never checks it out', () => {
    expect(code(() => assertTransition(loan('approved', 'consult'), 'closed'))).toBeNull();
    expect(code(() => assertTransition(loan('approved', 'copy'), 'checked_out'))).toBe('loan.bad_transition');
  });

  it('refuses to close a physical loan that is not back, and any move out of an end state', () => {
    expect(code(() => assertTransition(loan('approved'), 'closed'))).toBe('loan.bad_transition');
    expect(code(() => assertTransition(loan('checked_out'), 'closed'))).toBe('loan.bad_transition');
    expect(code(() => assertTransition(loan('checked_out'), 'cancelled'))).toBe('loan.bad_transition');
    for (const end of ['refused', 'cancelled', 'closed'] as const)
      for (const to of ['approved', 'checked_out', 'closed', 'cancelled'] as const)
        expect(code(() => assertTransition(loan(end), to))).toBe('loan.bad_transition');
  });

  it('finds the step waiting and keys it for lists', () => {
    const step = (
      approver: ApprovalStep['approver'],
      section: string | null,
      decision: ApprovalStep['decision'],
    ) =>
      ({
        approver,
        section,
        decision,
        reason: '',
        by: null,
        byId: null,
        at: null,
        comment: '',
      }) as ApprovalStep;
    const steps = [
      step('section_head', '养老保险科', 'approved'),
      step('archive', null, null),
      step('leader', null, null),
    ];
    expect(currentStep({ status: 'pending', steps })?.index).toBe(1);
    expect(currentStep({ status: 'approved', steps })).toBeNull();
    expect(stepKey(steps[0]!)).toBe('section_head:养老保险科');
    expect(stepKey(steps[2]!)).toBe('leader');
  });
});

describe('page ranges', () => {
  it('merges overlapping and adjacent ranges, and the whole item becomes null', () => {
    expect(
      normalizePageRanges(
        [
          { from: 5, to: 6 },
          { from: 1, to: 2 },
          { from: 3, to: 3 },
        ],
        10,
      ),
    ).toEqual([
      { from: 1, to: 3 },
      { from: 5, to: 6 },
    ]);
    expect(
      normalizePageRanges(
        [
          { from: 1, to: 4 },
          { from: 3, to: 10 },
        ],
        10,
      ),
    ).toBeNull();
    expect(normalizePageRanges(undefined, 10)).toBeNull();
  });

  it('refuses ranges outside the item', () => {
    expect(code(() => normalizePageRanges([{ from: 9, to: 11 }], 10))).toBe('loan.bad_pages');
    expect(code(() => normalizePageRanges([{ from: 0, to: 1 }], 10))).toBe('loan.bad_pages');
    expect(code(() => normalizePageRanges([{ from: 3, to: 2 }], 10))).toBe('loan.bad_pages');
  });

  it('grants exactly the pages asked for', () => {
    const item = {
      pageCount: 6,
      pages: [
        { from: 2, to: 3 },
        { from: 5, to: 5 },
      ],
    };
    expect(grantedPages(item)).toEqual([2, 3, 5]);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => pageGranted(item, n))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
    expect(grantedPages({ pageCount: 3, pages: null })).toEqual([1, 2, 3]);
    expect(formatPageRanges(item.pages)).toBe('2-3, 5');
    expect(formatPageRanges(null)).toBe('全部');
  });
});

describe('time', () => {
  it('prints China Standard Time', () => {
    expect(archiveDay('2026-03-01T17:30:00Z')).toBe('2026-03-02');
    expect(archiveMinute('2026-03-01T17:30:00Z')).toBe('2026-03-02 01:30');
  });

  it('is due days later, or at the end of the local day when in-room', () => {
    const at = new Date('2026-03-02T02:00:00Z'); // 10:00 in Chongqing
    expect(dueDate(at, 7, false).toISOString()).toBe('2026-03-09T02:00:00.000Z');
    expect(dueDate(at, 7, true).toISOString()).toBe('2026-03-02T15:59:59.000Z');
  });

  it('counts whole days overdue', () => {
    const due = '2026-03-09T02:00:00.000Z';
    expect(daysOverdue(due, new Date('2026-03-09T01:00:00Z'))).toBe(0);
    expect(daysOverdue(due, new Date('2026-03-09T03:00:00Z'))).toBe(1);
    expect(daysOverdue(due, new Date('2026-03-12T03:00:00Z'))).toBe(4);
  });

  it('knows whether a grant is active, expired or closed', () => {
    const grant = { from: '2026-03-02T00:00:00Z', until: '2026-03-09T00:00:00Z' };
    const at = (iso: string) => new Date(iso);
    expect(grantStatus({ status: 'approved', kind: 'consult', grant }, at('2026-03-05T00:00:00Z'))).toBe(
      'active',
    );
    expect(grantStatus({ status: 'approved', kind: 'consult', grant }, at('2026-03-09T00:00:00Z'))).toBe(
      'expired',
    );
    expect(grantStatus({ status: 'closed', kind: 'copy', grant }, at('2026-03-05T00:00:00Z'))).toBe('closed');
    expect(grantStatus({ status: 'pending', kind: 'consult', grant: null }, at('2026-03-05T00:00:00Z'))).toBe(
      'not_granted',
    );
    expect(grantStatus({ status: 'approved', kind: 'loan', grant: null }, at('2026-03-05T00:00:00Z'))).toBe(
      'not_granted',
    );
  });

  it('numbers requests per year, four digits', () => {
    expect(loanNumber(2026, 1)).toBe('JY-2026-0001');
    expect(loanNumber(2026, 12345)).toBe('JY-2026-12345');
  });
});
