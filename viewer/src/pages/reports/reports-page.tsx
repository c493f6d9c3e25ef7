import { api, query } from '../../api/client';
import { ErrorBanner, Loading, Empty, useLoad } from '../../components/status';
import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { useText } from '../../i18n/i18n';
import { InspectionView } from './inspection-view';
import { LoansView, RegistersView } from './registers-view';
import { messages } from './messages';
import {
  Downloads,
  RangeForm,
  reportsPath,
  STATISTICS,
  VIEWS,
  yearOf,
  type Range,
  type View,
} from './report-controls';
import { StatisticsGrid } from './statistics-table';
import type { StatisticsReport, StatisticsTable } from './types';

function StatisticsView({ report, range }: { report: StatisticsReport; range: Range }) {
  const t = useText(messages);
  const path = `/api/reports/${report}`;
  const params = { fromYear: range.fromYear, toYear: range.toYear, fondsCode: range.fondsCode };
  const { data, error, loading, reload } = useLoad(
    () => api<StatisticsTable>(`${path}${query(params)}`),
    [report, range.fromYear, range.toYear, range.fondsCode],
  );
  return (
    <>
      <RangeForm view={report} range={range} withFonds />
      {loading && <Loading />}
      {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
      {data && (
        <section aria-labelledby="report-title" className="report">
          <div className="report-head">
            <h2 id="report-title">{data.title}</h2>
            <Downloads path={path} params={params} />
          </div>
          <dl className="report-meta">
            <div>
              <dt>{t('range')}</dt>
              <dd>{data.fromYear === null ? t('allYears') : `${data.fromYear}–${data.toYear}`}</dd>
            </div>
            <div>
              <dt>{t('fondsCode')}</dt>
              <dd>{data.fondsCode ?? t('allFonds')}</dd>
            </div>
            {data.sections && (
              <div>
                <dt>{t('scope')}</dt>
                <dd>{data.sections.join('、')}</dd>
              </div>
            )}
            <div>
              <dt>{t('preparedBy')}</dt>
              <dd>{data.preparedBy}</dd>
            </div>
            <div>
              <dt>{t('preparedOn')}</dt>
              <dd>{data.preparedOn}</dd>
            </div>
          </dl>
          {data.rows.length === 0 ? (
            <Empty>{t('emptyTable')}</Empty>
          ) : (
            <StatisticsGrid caption={data.title} columns={data.columns} rows={data.rows} total={data.total} />
          )}
          {data.notes.length > 0 && (
            <div className="report-notes">
              <h3>{t('notes')}</h3>
              <ul>
                {data.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}
    </>
  );
}

/** 统计报表: the statistics tables, the registers, loan statistics and the 达标验收 readiness report. */
export function ReportsPage() {
  const t = useText(messages);
  const { query: q } = useRoute();
  const { me } = useSession();
  // A section head's figures cover their own section; the readiness report covers the whole archive.
  const wholeArchive = !me?.section;
  const views = VIEWS.filter((v) => v !== 'inspection' || wholeArchive);
  const asked = q.get('view') as View | null;
  const view: View = asked && views.includes(asked) ? asked : 'business';
  const range: Range = {
    fromYear: yearOf(q.get('fromYear')),
    toYear: yearOf(q.get('toYear')),
    fondsCode: /^[0-9A-Za-z]{1,12}$/.test(q.get('fondsCode') ?? '') ? q.get('fondsCode')! : undefined,
  };
  return (
    <section aria-labelledby="reports-title" className="reports-page">
      <h1 id="reports-title">{t('title')}</h1>
      <nav className="report-tabs" aria-label={t('tabs')}>
        {views.map((v) => (
          <Link
            key={v}
            to={reportsPath(v, v === 'inspection' ? { fondsCode: range.fondsCode } : range)}
            aria-current={v === view ? 'page' : undefined}
          >
            {t(v)}
          </Link>
        ))}
      </nav>
      {(STATISTICS as View[]).includes(view) ? (
        <StatisticsView key={view} report={view as StatisticsReport} range={range} />
      ) : view === 'registers' ? (
        <RegistersView range={range} />
      ) : view === 'loans' ? (
        <LoansView range={range} />
      ) : (
        <InspectionView fondsCode={range.fondsCode} />
      )}
    </section>
  );
}
