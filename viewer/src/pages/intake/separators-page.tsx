import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/status';
import { Link } from '../../router';
import { StepOptions, useCatalogues, useT } from './common';

interface Sheet {
  key: number;
  businessStep: string;
  personName: string;
  residentId: string;
  unitName: string;
  unitCode: string;
  copies: number;
}

let nextKey = 1;
const blank = (): Sheet => ({
  key: nextKey++,
  businessStep: '',
  personName: '',
  residentId: '',
  unitName: '',
  unitCode: '',
  copies: 1,
});

/**
 * `/intake/separators`: separator sheets to print. Names and 公民身份号码 go in the POST body
 * (`POST /api/ingest/separator-sheets`), never the address; the PDF comes back as a blob URL.
 */
export function SeparatorsPage() {
  const t = useT();
  const catalogues = useCatalogues();
  const [sheets, setSheets] = useState<Sheet[]>(() => [blank()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pdf, setPdf] = useState<string | null>(null);
  useEffect(() => () => void (pdf && URL.revokeObjectURL(pdf)), [pdf]);

  const steps = catalogues.data?.steps ?? null;
  const stepName = (code: string) => steps?.steps.find((s) => s.code === code.trim())?.name;
  const update = (key: number, patch: Partial<Sheet>) =>
    setSheets((ss) => ss.map((s) => (s.key === key ? { ...s, ...patch } : s)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setPdf(null);
    try {
      const body = {
        sheets: sheets.map((s) => ({
          businessStep: s.businessStep.trim(),
          copies: s.copies,
          ...(s.personName.trim() ? { personName: s.personName.trim() } : {}),
          ...(s.residentId.trim() ? { residentId: s.residentId.trim() } : {}),
          ...(s.unitName.trim() ? { unitName: s.unitName.trim() } : {}),
          ...(s.unitCode.trim() ? { unitCode: s.unitCode.trim() } : {}),
        })),
      };
      const res = await fetch('/api/ingest/separator-sheets', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        const data = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
        throw new ApiError(
          res.status,
          data.error?.code ?? `http.${res.status}`,
          data.error?.message ?? res.statusText,
        );
      }
      setPdf(URL.createObjectURL(await res.blob()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="intake">
      <p className="crumbs">
        <Link to="/intake">{t('backToIntake')}</Link>
      </p>
      <h1>{t('separatorsTitle')}</h1>
      <p className="intro">{t('separatorsIntro')}</p>
      {catalogues.error !== null && <ErrorBanner error={catalogues.error} />}
      <form onSubmit={(e) => void submit(e)} className="sheets" aria-label={t('separatorsTitle')}>
        <StepOptions id="sep-steps" steps={steps} />
        {sheets.map((s, i) => {
          const name = s.businessStep.trim() ? stepName(s.businessStep) : undefined;
          return (
            <fieldset key={s.key} className="sheet">
              <legend>
                {t('sheet')} {i + 1}
              </legend>
              <label className="step">
                {t('businessStep')}
                <input
                  value={s.businessStep}
                  onChange={(e) => update(s.key, { businessStep: e.target.value.toUpperCase() })}
                  list="sep-steps"
                  required
                  placeholder={t('stepPlaceholder')}
                  pattern="[A-Z]{1,8}-[0-9]{2,3}"
                  aria-describedby={`sep-step-${s.key}`}
                />
                <span
                  id={`sep-step-${s.key}`}
                  className={name || !s.businessStep ? 'muted small' : 'bad small'}
                >
                  {s.businessStep.trim() ? (name ?? (steps ? t('unknownStep') : '')) : ''}
                </span>
              </label>
              <label>
                {t('personName')}
                <input
                  value={s.personName}
                  onChange={(e) => update(s.key, { personName: e.target.value })}
                  maxLength={20}
                  autoComplete="off"
                />
              </label>
              <label className="id">
                {t('residentId')}
                <input
                  value={s.residentId}
                  onChange={(e) => update(s.key, { residentId: e.target.value })}
                  maxLength={18}
                  autoComplete="off"
                  inputMode="text"
                />
              </label>
              <label>
                {t('unitName')}
                <input
                  value={s.unitName}
                  onChange={(e) => update(s.key, { unitName: e.target.value })}
                  maxLength={100}
                  autoComplete="off"
                />
              </label>
              <label className="id">
                {t('unitCode')}
                <input
                  value={s.unitCode}
                  onChange={(e) => update(s.key, { unitCode: e.target.value })}
                  maxLength={18}
                  autoComplete="off"
                />
              </label>
              <label className="copies">
                {t('copies')}
                <input
                  type="number"
                  min={1}
                  max={50}
                  value={s.copies}
                  onChange={(e) => update(s.key, { copies: Math.max(1, Number(e.target.value) || 1) })}
                />
              </label>
              {sheets.length > 1 && (
                <button
                  type="button"
                  className="link"
                  onClick={() => setSheets((ss) => ss.filter((x) => x.key !== s.key))}
                  aria-label={`${t('remove')} ${t('sheet')} ${i + 1}`}
                >
                  {t('remove')}
                </button>
              )}
            </fieldset>
          );
        })}
        <div className="toolbar">
          <button type="button" className="secondary" onClick={() => setSheets((ss) => [...ss, blank()])}>
            {t('addSheet')}
          </button>
          <button type="submit" disabled={busy}>
            {busy ? t('making') : t('makeSheets')}
          </button>
        </div>
      </form>
      {error !== null && <ErrorBanner error={error} />}
      {pdf && (
        <div className="banner ok" role="status">
          <span>{t('sheetsReady')}</span>
          <a href={pdf} target="_blank" rel="noopener">
            {t('openPdf')}
          </a>
          <a href={pdf} download="separators.pdf">
            {t('downloadPdf')}
          </a>
        </div>
      )}
    </div>
  );
}
