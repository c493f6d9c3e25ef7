import {
  DEFAULT_LOAN_POLICY,
  approvalRoute,
  borrowerType,
  type LoanPolicy,
  type RouteItem,
} from './loan-policy';
import { loanPolicySchema } from './loan-policy';

const item = (section: string, classCode = 'GL', held = false): RouteItem => ({ section, classCode, held });
const route = (
  kind: 'consult' | 'loan' | 'copy',
  borrower: {
    type: 'own_section' | 'other_section' | 'external';
    section: string | null;
    headsSection?: boolean;
  },
  items: RouteItem[],
  policy: LoanPolicy = DEFAULT_LOAN_POLICY,
) =>
  approvalRoute(policy, kind, { headsSection: false, ...borrower }, items).map((s) =>
    s.section ? `${s.approver}:${s.section}` : s.approver,
  );

describe('borrower type', () => {
  it('is own section when every item was formed in the borrower’s section', () => {
    expect(borrowerType({ section: '养老保险科', external: false }, [item('养老保险科')])).toBe(
      'own_section',
    );
    expect(
      borrowerType({ section: '养老保险科', external: false }, [item('养老保险科'), item('工伤保险科')]),
    ).toBe('other_section');
    expect(borrowerType({ section: null, external: false }, [item('养老保险科')])).toBe('other_section');
    expect(borrowerType({ section: null, external: true }, [item('养老保险科')])).toBe('external');
  });
});

describe('approval route (defaults from the domain guide)', () => {
  it('own section: the section head', () => {
    expect(route('consult', { type: 'own_section', section: '养老保险科' }, [item('养老保险科')])).toEqual([
      'section_head:养老保险科',
    ]);
  });

  it('another section: the owning section’s head, then the archive office', () => {
    expect(route('loan', { type: 'other_section', section: '工伤保险科' }, [item('养老保险科')])).toEqual([
      'section_head:养老保险科',
      'archive',
    ]);
  });

  it('outside body: the approving leader (主管领导)', () => {
    expect(route('consult', { type: 'external', section: null }, [item('养老保险科')])).toEqual(['leader']);
  });

  it('sensitive classes and held items add the archive office and the leader', () => {
    expect(
      route('consult', { type: 'own_section', section: '养老保险科' }, [item('养老保险科', 'JH')]),
    ).toEqual(['section_head:养老保险科', 'archive', 'leader']);
    expect(route('consult', { type: 'external', section: null }, [item('养老保险科', 'GL', true)])).toEqual([
      'archive',
      'leader',
    ]);
  });

  it('copies need the leader too', () => {
    expect(route('copy', { type: 'own_section', section: '养老保险科' }, [item('养老保险科')])).toEqual([
      'section_head:养老保险科',
      'leader',
    ]);
  });

  it('a section head borrowing their own section’s files goes to the leader instead of themselves', () => {
    expect(
      route('loan', { type: 'own_section', section: '养老保险科', headsSection: true }, [item('养老保险科')]),
    ).toEqual(['leader']);
  });

  it('follows a changed policy', () => {
    const policy = {
      ...DEFAULT_LOAN_POLICY,
      otherSectionNeedsArchive: false,
      copyNeedsLeader: false,
      sensitiveClasses: [],
    };
    expect(
      route('copy', { type: 'other_section', section: '工伤保险科' }, [item('养老保险科', 'JH')], policy),
    ).toEqual(['section_head:养老保险科']);
  });

  it('has valid defaults', () => {
    expect(loanPolicySchema.parse(DEFAULT_LOAN_POLICY)).toEqual(DEFAULT_LOAN_POLICY);
  });
});
