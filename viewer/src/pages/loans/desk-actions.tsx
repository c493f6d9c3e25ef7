import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { messages } from './messages';
import { USE_EFFECTS, type LoanView } from './types';

type Done = (l: LoanView) => void;

/** Runs an API call for a form: busy while it runs, the API's refusal shown beside the form. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** The loan desk's work on one request: checkout, renewal, return, close — whichever its status allows. */
export function DeskActions({ loan, onChange }: { loan: LoanView; onChange: Done }) {
  const t = useText(messages);
  const forms: ReactNode[] = [];
  if (loan.kind === 'loan' && loan.status === 'approved')
    forms.push(<CountForm key="out" loan={loan} onChange={onChange} mode="checkout" />);
  if (loan.status === 'checked_out') {
    forms.push(<CountForm key="back" loan={loan} onChange={onChange} mode="return" />);
    forms.push(<RenewForm key="renew" loan={loan} onChange={onChange} />);
  }
  if ((loan.status === 'approved' && loan.kind !== 'loan') || loan.status === 'returned')
    forms.push(<CloseForm key="close" loan={loan} onChange={onChange} />);
  if (forms.length === 0) return null;
  return (
    <section className="desk" aria-labelledby="desk-title">
      <h2 id="desk-title">{t('deskTitle')}</h2>
      <div className="desk-forms">{forms}</div>
    </section>
  );
}

/** 借出 / 归还 with the pages counted in front of the borrower (当面清点); a differing count is flagged. */
function CountForm({
  loan,
  onChange,
  mode,
}: {
  loan: LoanView;
  onChange: Done;
  mode: 'checkout' | 'return';
}) {
  const t = useText(messages);
  const { busy, error, run } = useAction();
  const expected = (i: LoanView['items'][number]) =>
    mode === 'return' ? (i.checkout?.pages ?? i.pageCount) : i.pageCount;
  const [counts, setCounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(loan.items.map((i) => [i.itemId, String(expected(i))])),
  );
  const [notes, setNotes] = useState<Record<string, string>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const items = loan.items.map((i) => ({
        itemId: i.itemId,
        pages: Number(counts[i.itemId] ?? 0),
        ...(notes[i.itemId]?.trim() ? { note: notes[i.itemId]!.trim() } : {}),
      }));
      onChange(await api<LoanView>(`/api/loans/${loan.id}/${mode}`, { body: { items } }));
    });
  };
  return (
    <Panel title={mode === 'checkout' ? t('checkoutTitle') : t('returnTitle')}>
      <form onSubmit={submit}>
        <p className="muted small">{mode === 'checkout' ? t('checkoutHint') : t('returnHint')}</p>
        <table className="grid compact">
          <thead>
            <tr>
              <th scope="col">{t('archivalCode')}</th>
              <th scope="col">{mode === 'checkout' ? t('catalogPages') : t('checkedOutPages')}</th>
              <th scope="col">{t('countedPages')}</th>
              <th scope="col">{t('note')}</th>
            </tr>
          </thead>
          <tbody>
            {loan.items.map((i) => {
              const value = counts[i.itemId] ?? '';
              const differs = value !== '' && Number(value) !== expected(i);
              return (
                <tr key={i.itemId}>
                  <td className="code">{i.archivalCode ?? i.itemId}</td>
                  <td>{expected(i)}</td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={100000}
                      required
                      className="num"
                      aria-label={`${t('countedPages')} ${i.archivalCode ?? ''}`}
                      value={value}
                      onChange={(e) => setCounts((c) => ({ ...c, [i.itemId]: e.target.value }))}
                    />
                    {differs && (
                      <span className="tag bad" role="status">
                        {t('countDiffers').replace('{n}', String(expected(i)))}
                      </span>
                    )}
                  </td>
                  <td>
                    <input
                      type="text"
                      maxLength={500}
                      aria-label={`${t('note')} ${i.archivalCode ?? ''}`}
                      value={notes[i.itemId] ?? ''}
                      onChange={(e) => setNotes((c) => ({ ...c, [i.itemId]: e.target.value }))}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {mode === 'checkout' ? t('doCheckout') : t('doReturn')}
          </button>
        </div>
        {error ? <ErrorBanner error={error} /> : null}
      </form>
    </Panel>
  );
}

/** 续借: a new due date (the policy limits how often and for how long). */
function RenewForm({ loan, onChange }: { loan: LoanView; onChange: Done }) {
  const t = useText(messages);
  const id = useId();
  const { busy, error, run } = useAction();
  const [days, setDays] = useState('');
  return (
    <Panel title={t('renewTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () =>
            onChange(
              await api<LoanView>(`/api/loans/${loan.id}/renew`, {
                body: days ? { days: Number(days) } : {},
              }),
            ),
          );
        }}
      >
        <p className="muted small">{t('renewedTimes').replace('{n}', String(loan.renewals.length))}</p>
        <div className="toolbar">
          <label htmlFor={id}>
            {t('renewDays')}
            <input
              id={id}
              type="number"
              min={1}
              max={90}
              className="num"
              value={days}
              placeholder={t('policyDefault')}
              onChange={(e) => setDays(e.target.value)}
            />
          </label>
          <button type="submit" className="secondary" disabled={busy}>
            {t('doRenew')}
          </button>
        </div>
        {error ? <ErrorBanner error={error} /> : null}
      </form>
    </Panel>
  );
}

/** 办结: the use effect (利用效果), optionally recorded as a typical case (典型事例). */
function CloseForm({ loan, onChange }: { loan: LoanView; onChange: Done }) {
  const t = useText(messages);
  const id = useId();
  const { busy, error, run } = useAction();
  const [category, setCategory] = useState<string>(USE_EFFECTS[0]);
  const [note, setNote] = useState('');
  const [typical, setTypical] = useState(false);
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  return (
    <Panel title={t('closeTitle')}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () =>
            onChange(
              await api<LoanView>(`/api/loans/${loan.id}/close`, {
                body: {
                  effect: { category, note: note.trim() },
                  ...(typical ? { typical: { title: title.trim(), summary: summary.trim() } } : {}),
                },
              }),
            ),
          );
        }}
      >
        <label htmlFor={`${id}-e`}>{t('useEffect')}</label>
        <select id={`${id}-e`} value={category} onChange={(e) => setCategory(e.target.value)}>
          {USE_EFFECTS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <label htmlFor={`${id}-n`}>{t('effectNote')}</label>
        <textarea
          id={`${id}-n`}
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={typical} onChange={(e) => setTypical(e.target.checked)} />
          {t('typicalCase')}
        </label>
        {typical && (
          <>
            <label htmlFor={`${id}-t`}>{t('typicalTitle')}</label>
            <input
              id={`${id}-t`}
              required
              maxLength={100}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
            <label htmlFor={`${id}-s`}>{t('typicalSummary')}</label>
            <textarea
              id={`${id}-s`}
              required
              rows={3}
              maxLength={4000}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
            />
          </>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('doClose')}
          </button>
        </div>
        {error ? <ErrorBanner error={error} /> : null}
      </form>
    </Panel>
  );
}
