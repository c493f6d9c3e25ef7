import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, query } from '../../api/client';
import { useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { useRoute } from '../../router';
import { useSession } from '../../session';
import { messages, type ReportsKey } from './messages';
import type { Fonds, StatisticsReport } from './types';

export const STATISTICS: StatisticsReport[] = ['business', 'by-class', 'holdings', 'yearly'];
export type View = StatisticsReport | 'registers' | 'loans' | 'inspection';
export const VIEWS: View[] = [...STATISTICS, 'registers', 'loans', 'inspection'];

export interface Range {
  fromYear?: number;
  toYear?: number;
  fondsCode?: string;
}

export const yearOf = (s: string | null): number | undefined => {
  if (!s || !/^\d{4}$/.test(s)) return undefined;
  const y = Number(s);
  return y >= 1949 && y <= 2100 ? y : undefined;
};

/** `/reports?view=…&fromYear=…&toYear=…&fondsCode=…` (years and a fonds code only: no personal data). */
export function reportsPath(view: View, range: Range): string {
  return `/reports${query({ view, fromYear: range.fromYear, toYear: range.toYear, fondsCode: range.fondsCode })}`;
}

/** A link styled as a button to the printed form of a report: `format=pdf|xlsx` on the same URL. */
export function Downloads({
  path,
  params,
}: {
  path: string;
  params: Record<string, string | number | undefined>;
}) {
  const t = useText(messages);
  return (
    <span className="downloads">
      <a className="button secondary" href={`${path}${query({ ...params, format: 'pdf' })}`} download>
        {t('downloadPdf')}
      </a>
      <a className="button secondary" href={`${path}${query({ ...params, format: 'xlsx' })}`} download>
        {t('downloadXlsx')}
      </a>
    </span>
  );
}

/** The year range (and fonds) picker; applies by navigating, so the range survives a reload. */
export function RangeForm({
  view,
  range,
  withFonds,
  hint,
}: {
  view: View;
  range: Range;
  withFonds: boolean;
  hint?: ReportsKey;
}) {
  const t = useText(messages);
  const { navigate } = useRoute();
  const { can } = useSession();
  const id = useId();
  const [from, setFrom] = useState(range.fromYear?.toString() ?? '');
  const [to, setTo] = useState(range.toYear?.toString() ?? '');
  const [fonds, setFonds] = useState(range.fondsCode ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setFrom(range.fromYear?.toString() ?? '');
    setTo(range.toYear?.toString() ?? '');
    setFonds(range.fondsCode ?? '');
  }, [range.fromYear, range.toYear, range.fondsCode]);
  const fondsList = useLoad(
    () => (withFonds && can('catalogue.read') ? api<Fonds[]>('/api/fonds') : Promise.resolve([])),
    [withFonds],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = from.trim() ? yearOf(from.trim()) : undefined;
    const tt = to.trim() ? yearOf(to.trim()) : undefined;
    if ((from.trim() && f === undefined) || (to.trim() && tt === undefined))
      return setProblem(t('yearInvalid'));
    if (f !== undefined && tt !== undefined && f > tt) return setProblem(t('badRange'));
    setProblem(null);
    navigate(
      reportsPath(view, { fromYear: f, toYear: tt, fondsCode: withFonds && fonds ? fonds : undefined }),
    );
  };
  return (
    <form className="toolbar report-range" onSubmit={submit} aria-describedby={`${id}-hint`}>
      <label>
        {t('fromYear')}
        <input
          inputMode="numeric"
          pattern="\d{4}"
          maxLength={4}
          size={6}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
      </label>
      <label>
        {t('toYear')}
        <input
          inputMode="numeric"
          pattern="\d{4}"
          maxLength={4}
          size={6}
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
      </label>
      {withFonds && (fondsList.data?.length ?? 0) > 0 && (
        <label>
          {t('fondsCode')}
          <select value={fonds} onChange={(e) => setFonds(e.target.value)}>
            <option value="">{t('allFonds')}</option>
            {fondsList.data!.map((f) => (
              <option key={f.scope} value={f.scope}>
                {f.scope} {f.body.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit">{t('show')}</button>
      <span id={`${id}-hint`} className="hint">
        {t(hint ?? 'yearHint')}
      </span>
      {problem && (
        <span className="banner error inline" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
