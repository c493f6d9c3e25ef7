import { api, query } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { useSession } from '../../session';
import { messages, type ReportsKey } from './messages';
import { Downloads, RangeForm, type Range } from './report-controls';
import type { LoanStatistics } from './types';

/** The registers over whole years, as printed forms: 档案接收登记表, 出入库 and 异动 registers. */
export function RegistersView({ range }: { range: Range }) {
  const t = useText(messages);
  const { can } = useSession();
  const years = { fromYear: range.fromYear, toYear: range.toYear };
  // As the API reads a range: a missing fromYear is toYear (or this year), a missing toYear runs to this year.
  const thisYear = new Date().getFullYear();
  const from = range.fromYear ?? range.toYear ?? thisYear;
  const to = range.toYear ?? Math.max(from, thisYear);
  const span = from === to ? String(from) : `${from}–${to}`;
  const registers: {
    title: ReportsKey;
    hint: ReportsKey;
    path: string;
    params: Record<string, string | number | undefined>;
    show: boolean;
  }[] = [
    {
      title: 'receipts',
      hint: 'receiptsHint',
      path: '/api/reports/receipts',
      params: years,
      show: can('transfer.receive') || can('report.read'),
    },
    {
      title: 'movementsInOut',
      hint: 'movementsInOutHint',
      path: '/api/reports/movements',
      params: { kind: 'in_out', ...years },
      show: can('store.manage'),
    },
    {
      title: 'movementsChanges',
      hint: 'movementsChangesHint',
      path: '/api/reports/movements',
      params: { kind: 'changes', ...years },
      show: can('store.manage'),
    },
  ];
  return (
    <>
      <RangeForm view="registers" range={range} withFonds={false} hint="registersYearHint" />
      <p className="hint">{t('registersNote')}</p>
      <ul className="register-list">
        {registers
          .filter((r) => r.show)
          .map((r) => (
            <li key={r.title} className="card">
              <h2>《{t(r.title)}》</h2>
              <p>{t(r.hint)}</p>
              <p className="muted">
                {t('range')}：{span}
              </p>
              <Downloads path={r.path} params={r.params} />
            </li>
          ))}
      </ul>
    </>
  );
}

function CountTable({ caption, counts }: { caption: string; counts: Record<string, number> }) {
  const t = useText(messages);
  return (
    <table className="grid compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('figure')}</th>
          <th scope="col" className="num">
            {t('count')}
          </th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(counts).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td className="num">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 借阅利用统计 over whole years: on screen, and as 借阅利用统计表 (PDF / XLSX). */
export function LoansView({ range }: { range: Range }) {
  const t = useText(messages);
  const years = { fromYear: range.fromYear, toYear: range.toYear };
  const { data, error, loading, reload } = useLoad(
    () => api<LoanStatistics>(`/api/reports/loans${query(years)}`),
    [range.fromYear, range.toYear],
  );
  return (
    <>
      <RangeForm view="loans" range={range} withFonds={false} hint="registersYearHint" />
      {loading && <Loading />}
      {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
      {data && (
        <section className="report" aria-labelledby="loans-title">
          <div className="report-head">
            <h2 id="loans-title">
              {t('loans')}（{data.from} – {data.to}）
            </h2>
            <Downloads path="/api/reports/loans" params={years} />
          </div>
          {data.sections && (
            <p className="muted">
              {t('scope')}：{data.sections.join('、')}
            </p>
          )}
          <ul className="cards figures">
            {(
              [
                ['loanRequests', data.requests],
                ['loanServed', data.served],
                ['loanRefused', data.refused],
                ['loanItemUses', data.itemUses],
                ['loanTypical', data.typicalCases],
                ['loanReturnedLate', data.returnedLate],
                ['loanPageMismatch', data.pageMismatches],
              ] as [ReportsKey, number][]
            ).map(([k, v]) => (
              <li key={k} className="card">
                <span className="count">{v}</span>
                <span className="label">{t(k)}</span>
              </li>
            ))}
          </ul>
          {data.requests === 0 ? (
            <Empty>{t('noLoans')}</Empty>
          ) : (
            <>
              <div className="count-tables">
                <CountTable caption={t('byKind')} counts={data.byKind} />
                <CountTable caption={t('byPurpose')} counts={data.byPurpose} />
                <CountTable caption={t('byBorrowerType')} counts={data.byBorrowerType} />
                <CountTable caption={t('byEffect')} counts={data.byEffect} />
              </div>
              <table className="grid compact by-month">
                <caption>{t('byMonth')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('month')}</th>
                    <th scope="col" className="num">
                      {t('loanRequests')}
                    </th>
                    <th scope="col" className="num">
                      {t('consult')}
                    </th>
                    <th scope="col" className="num">
                      {t('loan')}
                    </th>
                    <th scope="col" className="num">
                      {t('copy')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.byMonth.map((m) => (
                    <tr key={m.month}>
                      <th scope="row">{m.month}</th>
                      <td className="num">{m.requests}</td>
                      <td className="num">{m.consult}</td>
                      <td className="num">{m.loan}</td>
                      <td className="num">{m.copy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </>
  );
}
