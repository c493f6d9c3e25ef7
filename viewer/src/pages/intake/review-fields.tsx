import type { ReactNode } from 'react';
import { useT } from './common';
import type { Decision } from './types';

/** The pipeline files an item on its own only at this confidence (docs/decisions/005). */
export const CONFIDENT = 0.85;

export function ConfidenceBadge({ confidence }: { confidence: number }) {
  const t = useT();
  const level = confidence >= CONFIDENT ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
  const pct = Math.round(confidence * 100);
  return (
    <span className={`conf ${level}`} title={`${t('confidence')} ${pct}%`}>
      <span className="sr-only">{t('confidence')} </span>
      {pct}% <span className="sr-only">({t(level)})</span>
    </span>
  );
}

/** One catalogue field in review: its input, and the pipeline's confidence and reason beside it. */
export function FieldRow({
  id,
  label,
  decision,
  note,
  changed = false,
  children,
}: {
  id: string;
  label: string;
  decision?: Decision<unknown> | null;
  note?: ReactNode;
  /** The clerk changed what the pipeline proposed. */
  changed?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  const unsure = !changed && decision && (decision.value === null || decision.confidence < CONFIDENT);
  return (
    <div className={unsure ? 'field unsure' : changed ? 'field changed' : 'field'} data-field={id}>
      <label htmlFor={id}>{label}</label>
      <div className="field-input">{children}</div>
      <div className="field-why" id={`${id}-why`}>
        {changed && <span className="tag corrected">{t('corrected')}</span>}
        {decision && <ConfidenceBadge confidence={decision.value === null ? 0 : decision.confidence} />}
        {decision && <span className="reason">{decision.reason}</span>}
        {note && <span className="note">{note}</span>}
      </div>
    </div>
  );
}
