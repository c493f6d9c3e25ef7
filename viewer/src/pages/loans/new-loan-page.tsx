import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { useRoute } from '../../router';
import { useSession } from '../../session';
import { Issues } from './issues';
import { LoansNav } from './loans-nav';
import { messages } from './messages';
import {
  ID_TYPES,
  LOAN_KINDS,
  LOAN_PURPOSES,
  parseRanges,
  type ItemLookup,
  type LoanKind,
  type LoanPolicy,
  type LoanView,
  type PageRange,
} from './types';

/** Where the catalogue keeps the items selected there (a JSON array of item ids). */
const SELECTION_KEY = 'archive.selection';

interface Row {
  itemId: string;
  archivalCode: string | null;
  title: string;
  pageCount: number;
  pages: string;
}

type BorrowerMode = 'self' | 'account' | 'outside';

function selectedIds(): string[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(SELECTION_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * 借阅申请: which items (from the catalogue's selection, or 档号 / item ids pasted), which pages, which kind
 * (电子查阅 / 借出 / 复制), why and for how long. The desk may register someone else: an account, or an
 * outside person with 证件类型 and 证件号码. Names and ID numbers travel only in the POST body.
 */
export function NewLoanPage() {
  const t = useText(messages);
  const id = useId();
  const { me, can } = useSession();
  const { navigate } = useRoute();
  const desk = can('loan.desk');
  /** An outside borrower's own account (borrower role only, no section): it shows its ID each time. */
  const externalAccount = !!me && me.section === null && me.roles.every((r) => r === 'borrower');
  const policy = useLoad(() => api<LoanPolicy>('/api/loans/policy'), []);

  const [rows, setRows] = useState<Row[]>([]);
  const [paste, setPaste] = useState('');
  const [lookupNotes, setLookupNotes] = useState<ItemLookup[]>([]);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [looking, setLooking] = useState(false);
  const [kind, setKind] = useState<LoanKind>('consult');
  const [category, setCategory] = useState<string>(LOAN_PURPOSES[0]);
  const [purpose, setPurpose] = useState('');
  const [days, setDays] = useState('3');
  const [mode, setMode] = useState<BorrowerMode>('self');
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [idType, setIdType] = useState<string>(ID_TYPES[0]);
  const [idNumber, setIdNumber] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const lookup = async (refs: string[]) => {
    const wanted = refs.filter((r) => !rows.some((x) => x.itemId === r || x.archivalCode === r));
    if (wanted.length === 0) return;
    setLooking(true);
    setLookupError(null);
    try {
      const found: ItemLookup[] = [];
      for (let k = 0; k < wanted.length; k += 50)
        found.push(
          ...(
            await api<{ items: ItemLookup[] }>('/api/loans/item-lookup', {
              body: { refs: wanted.slice(k, k + 50) },
            })
          ).items,
        );
      setRows((old) => {
        const next = [...old];
        for (const f of found)
          if (f.item && !next.some((r) => r.itemId === f.item!.itemId)) next.push({ ...f.item, pages: '' });
        return next;
      });
      setLookupNotes(found.filter((f) => f.problem));
    } catch (e) {
      setLookupError(e);
    } finally {
      setLooking(false);
    }
  };

  useEffect(() => {
    const ids = selectedIds();
    if (ids.length) void lookup(ids.slice(0, 50));
  }, []);

  const maxDays = policy.data?.policy.maxDays[kind];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setError(null);
    if (rows.length === 0) return setProblem(t('needItems'));
    const items: { itemId: string; pages?: PageRange[] }[] = [];
    for (const r of rows) {
      if (kind === 'loan') {
        items.push({ itemId: r.itemId });
        continue;
      }
      const parsed = parseRanges(r.pages, r.pageCount);
      if (parsed && 'error' in parsed)
        return setProblem(
          t('badRange')
            .replace('{code}', r.archivalCode ?? r.itemId)
            .replace('{part}', parsed.error)
            .replace('{n}', String(r.pageCount)),
        );
      items.push(parsed ? { itemId: r.itemId, pages: parsed } : { itemId: r.itemId });
    }
    let borrower: Record<string, string> | undefined;
    if (externalAccount)
      borrower = {
        username: me!.username,
        idType,
        idNumber: idNumber.trim(),
        ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
      };
    else if (desk && mode === 'account') borrower = { username: username.trim() };
    else if (desk && mode === 'outside')
      borrower = {
        name: name.trim(),
        idType,
        idNumber: idNumber.trim(),
        ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
      };
    setBusy(true);
    try {
      const loan = await api<LoanView>('/api/loans', {
        body: {
          kind,
          purpose: { category, text: purpose.trim() },
          items,
          days: Number(days),
          ...(borrower ? { borrower } : {}),
        },
      });
      navigate(`/loans/${loan.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const showId = externalAccount || (desk && mode === 'outside');

  return (
    <section className="loans" aria-labelledby="new-title">
      <LoansNav />
      <h1 id="new-title">{t('newRequest')}</h1>
      <form className="new-loan" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('stepItems')}</legend>
          <p className="muted small">{t('itemsHint')}</p>
          <div className="paste">
            <label htmlFor={`${id}-paste`}>{t('pasteLabel')}</label>
            <textarea
              id={`${id}-paste`}
              rows={2}
              value={paste}
              placeholder="160-2013-GL-D100-0001"
              onChange={(e) => setPaste(e.target.value)}
            />
            <button
              type="button"
              className="secondary"
              disabled={looking || !paste.trim()}
              onClick={() => {
                const refs = paste
                  .split(/[\s,，;；、]+/)
                  .map((s) => s.trim())
                  .filter(Boolean);
                void lookup(refs).then(() => setPaste(''));
              }}
            >
              {looking ? t('looking') : t('addItems')}
            </button>
          </div>
          {lookupError ? <ErrorBanner error={lookupError} /> : null}
          {lookupNotes.length > 0 && (
            <ul className="notes" role="status">
              {lookupNotes.map((n) => (
                <li key={n.ref}>
                  <span className="tag warn">
                    {n.problem === 'not_available' ? t('notAvailable') : t('notFound')}
                  </span>{' '}
                  {n.ref}
                </li>
              ))}
            </ul>
          )}
          {rows.length === 0 ? (
            <p className="empty">{t('noItemsYet')}</p>
          ) : (
            <div className="table-wrap">
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">{t('archivalCode')}</th>
                    <th scope="col">{t('title')}</th>
                    <th scope="col">{t('catalogPages')}</th>
                    {kind !== 'loan' && <th scope="col">{t('pagesAsked')}</th>}
                    <th scope="col">
                      <span className="sr-only">{t('remove')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.itemId}>
                      <td className="code nowrap">{r.archivalCode ?? r.itemId}</td>
                      <td>{r.title}</td>
                      <td>{r.pageCount}</td>
                      {kind !== 'loan' && (
                        <td>
                          <input
                            type="text"
                            className="ranges"
                            aria-label={`${t('pagesAsked')} ${r.archivalCode ?? ''}`}
                            placeholder={t('rangesPlaceholder')}
                            value={r.pages}
                            onChange={(e) =>
                              setRows((old) =>
                                old.map((x) => (x.itemId === r.itemId ? { ...x, pages: e.target.value } : x)),
                              )
                            }
                          />
                        </td>
                      )}
                      <td>
                        <button
                          type="button"
                          className="link"
                          aria-label={`${t('remove')} ${r.archivalCode ?? r.itemId}`}
                          onClick={() => setRows((old) => old.filter((x) => x.itemId !== r.itemId))}
                        >
                          {t('remove')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('kind')}</legend>
          <div className="choices">
            {LOAN_KINDS.map((k) => (
              <label key={k} className="check">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {t(`kind_${k}`)}
                <span className="muted small">{t(`kindHint_${k}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="grid2">
          <legend>{t('purposeAndPeriod')}</legend>
          <label htmlFor={`${id}-cat`}>{t('purposeCategory')}</label>
          <select id={`${id}-cat`} value={category} onChange={(e) => setCategory(e.target.value)}>
            {LOAN_PURPOSES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <label htmlFor={`${id}-why`}>{t('purposeText')}</label>
          <textarea
            id={`${id}-why`}
            rows={2}
            required
            maxLength={500}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
          />
          <label htmlFor={`${id}-days`}>{t('daysAsked')}</label>
          <div>
            <input
              id={`${id}-days`}
              type="number"
              className="num"
              min={1}
              max={maxDays ?? 365}
              required
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />{' '}
            {maxDays !== undefined && (
              <span className="muted small">{t('maxDays').replace('{n}', String(maxDays))}</span>
            )}
          </div>
        </fieldset>

        {(desk || externalAccount) && (
          <fieldset className="grid2">
            <legend>{t('borrower')}</legend>
            {desk && !externalAccount && (
              <>
                <span className="label">{t('whoBorrows')}</span>
                <div className="choices">
                  {(['self', 'account', 'outside'] as const).map((m) => (
                    <label key={m} className="check">
                      <input type="radio" name="borrower" checked={mode === m} onChange={() => setMode(m)} />
                      {t(`borrower_${m}`)}
                    </label>
                  ))}
                </div>
              </>
            )}
            {desk && mode === 'account' && (
              <>
                <label htmlFor={`${id}-user`}>{t('username')}</label>
                <input
                  id={`${id}-user`}
                  autoComplete="off"
                  required
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                />
              </>
            )}
            {desk && mode === 'outside' && !externalAccount && (
              <>
                <label htmlFor={`${id}-name`}>{t('personName')}</label>
                <input
                  id={`${id}-name`}
                  autoComplete="off"
                  required
                  maxLength={50}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              </>
            )}
            {showId && (
              <>
                <label htmlFor={`${id}-idt`}>{t('idType')}</label>
                <select id={`${id}-idt`} value={idType} onChange={(e) => setIdType(e.target.value)}>
                  {ID_TYPES.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
                <label htmlFor={`${id}-idn`}>{t('idNumber')}</label>
                <input
                  id={`${id}-idn`}
                  autoComplete="off"
                  required
                  maxLength={40}
                  value={idNumber}
                  onChange={(e) => setIdNumber(e.target.value)}
                />
                <label htmlFor={`${id}-org`}>{t('organisation')}</label>
                <input
                  id={`${id}-org`}
                  autoComplete="off"
                  maxLength={200}
                  value={organisation}
                  onChange={(e) => setOrganisation(e.target.value)}
                />
              </>
            )}
            {showId && <p className="muted small span2">{t('idPrivacy')}</p>}
          </fieldset>
        )}

        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        {error ? <ErrorBanner error={error} /> : null}
        <Issues error={error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('submitting') : t('submitRequest')}
          </button>
        </div>
      </form>
    </section>
  );
}
