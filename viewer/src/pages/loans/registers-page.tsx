import { useId, useState } from 'react';
import { query } from '../../api/client';
import { useText } from '../../i18n/i18n';
import { today } from './format';
import { LoansNav } from './loans-nav';
import { messages } from './messages';

/** The loan registers for a date range, as PDF (opened) or XLSX (downloaded), and the year's typical cases. */
export function RegistersPage() {
  const t = useText(messages);
  const id = useId();
  const now = today();
  const [from, setFrom] = useState(`${now.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(now);
  const [year, setYear] = useState(now.slice(0, 4));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const registers = [
    { path: 'consultation', title: t('registerConsultation') },
    { path: 'internal', title: t('registerInternal') },
  ];
  return (
    <section className="loans" aria-labelledby="reg-title">
      <LoansNav />
      <h1 id="reg-title">{t('registers')}</h1>
      <div className="toolbar">
        <label htmlFor={`${id}-from`}>
          {t('from')}
          <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label htmlFor={`${id}-to`}>
          {t('to')}
          <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {!valid && (
        <p className="field-error" role="alert">
          {t('badDateRange')}
        </p>
      )}
      <ul className="cards">
        {registers.map((r) => (
          <li key={r.path} className="card">
            <span className="label">{r.title}</span>
            <span className="muted small">
              {from} — {to}
            </span>
            {valid ? (
              <span className="links">
                <a
                  href={`/api/loans/registers/${r.path}${query({ from, to, format: 'pdf' })}`}
                  target="_blank"
                  rel="noopener"
                >
                  PDF
                </a>
                <a href={`/api/loans/registers/${r.path}${query({ from, to, format: 'xlsx' })}`}>XLSX</a>
              </span>
            ) : null}
          </li>
        ))}
        <li className="card">
          <span className="label">{t('typicalCases')}</span>
          <label htmlFor={`${id}-year`} className="muted small">
            {t('year')}{' '}
            <input
              id={`${id}-year`}
              type="number"
              className="num"
              min={1950}
              max={2200}
              value={year}
              onChange={(e) => setYear(e.target.value)}
            />
          </label>
          <span className="links">
            <a
              href={`/api/loans/typical-cases${query({ year, format: 'pdf' })}`}
              target="_blank"
              rel="noopener"
            >
              PDF
            </a>
            <a href={`/api/loans/typical-cases${query({ year, format: 'xlsx' })}`}>XLSX</a>
          </span>
        </li>
      </ul>
    </section>
  );
}
