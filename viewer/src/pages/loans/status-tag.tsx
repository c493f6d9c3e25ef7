import type { LoanView } from './types';

/** The request's status as the API names it, coloured: waiting (warn), refused / overdue (bad). */
export function StatusTag({ loan }: { loan: Pick<LoanView, 'status' | 'statusLabel' | 'daysOverdue'> }) {
  const tone =
    loan.status === 'refused' || loan.daysOverdue > 0
      ? 'tag bad'
      : loan.status === 'pending' || loan.status === 'checked_out'
        ? 'tag warn'
        : loan.status === 'approved'
          ? 'tag ok'
          : 'tag';
  return <span className={tone}>{loan.statusLabel}</span>;
}
