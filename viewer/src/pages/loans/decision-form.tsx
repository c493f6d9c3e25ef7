import { useId, useState } from 'react';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { messages } from './messages';
import type { LoanView } from './types';

/**
 * 审批: approve or refuse the step waiting, with a comment (required to refuse). The step's index goes with
 * the decision, so that an approver racing another for the same step gets the API's refusal, not a
 * second decision.
 */
export function DecisionForm({ loan, onDecided }: { loan: LoanView; onDecided: (l: LoanView) => void }) {
  const t = useText(messages);
  const id = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [needReason, setNeedReason] = useState(false);
  const decide = async (decision: 'approve' | 'refuse') => {
    if (decision === 'refuse' && !comment.trim()) {
      setNeedReason(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api<LoanView>(`/api/loans/${loan.id}/decision`, {
        body: {
          decision,
          comment: comment.trim(),
          ...(loan.currentStep !== null ? { step: loan.currentStep } : {}),
        },
      });
      onDecided(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="decision"
      onSubmit={(e) => e.preventDefault()}
      aria-label={`${t('decide')} ${loan.number}`}
    >
      <label htmlFor={`${id}-c`}>
        {t('comment')} <span className="muted">{t('commentHint')}</span>
      </label>
      <textarea
        id={`${id}-c`}
        rows={2}
        value={comment}
        maxLength={500}
        aria-invalid={needReason && !comment.trim()}
        aria-describedby={needReason ? `${id}-r` : undefined}
        onChange={(e) => setComment(e.target.value)}
      />
      {needReason && !comment.trim() && (
        <p id={`${id}-r`} className="field-error" role="alert">
          {t('reasonToRefuse')}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void decide('approve')}>
          {t('approve')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void decide('refuse')}>
          {t('refuse')}
        </button>
      </div>
      {error ? <ErrorBanner error={error} /> : null}
    </form>
  );
}
