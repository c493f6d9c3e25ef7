import { Fragment } from 'react';
import { api, query } from '../../api/client';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { useI18n, useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { messages, STATUS_TAG } from './messages';
import { Downloads, reportsPath } from './report-controls';
import type { Fonds, InspectionLine, InspectionReport } from './types';

/** Where the viewer shows what an evidence link of the report answers; other links open the API's answer. */
const VIEWER_PAGES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^\/api\/reports\/(business|by-class|holdings|yearly)$/, (m) => `/reports?view=${m[1]}`],
  [/^\/api\/transfers\/late$/, () => '/transfers/late'],
  [/^\/api\/transfers$/, () => '/transfers'],
  [/^\/api\/(boxes|locations)$/, () => '/store'],
  [/^\/api\/loans\?view=all$/, () => '/loans?view=all'],
  [/^\/api\/appraisals$/, () => '/retention/appraisals'],
  [/^\/api\/destruction-lists$/, () => '/retention/destruction-lists'],
  [/^\/api\/catalogue\/retention-table$/, () => '/admin/retention-table'],
  [/^\/api\/fonds$/, () => '/admin/fonds'],
  [/^\/api\/items$/, () => '/catalogue'],
];

export function viewerPageOf(href: string): string | null {
  for (const [re, to] of VIEWER_PAGES) {
    const m = href.match(re);
    if (m) return to(m);
  }
  return null;
}

export function StatusTag({ status, label }: { status: string; label?: string }) {
  const { lang } = useI18n();
  const tag = STATUS_TAG[status];
  return <span className={tag?.cls ?? 'tag'}>{tag ? tag[lang] : (label ?? status)}</span>;
}

function EvidenceLinks({ links }: { links: InspectionLine['links'] }) {
  const t = useText(messages);
  if (links.length === 0) return null;
  return (
    <ul className="plain">
      {links.map((l) => {
        const page = viewerPageOf(l.href);
        return (
          <li key={l.href + l.label}>
            {page ? (
              <Link to={page}>{l.label}</Link>
            ) : (
              <a href={l.href} target="_blank" rel="noreferrer">
                {l.label}
                <span className="muted">{t('apiData')}</span>
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** 达标验收 readiness report: each checklist item, its status, the finding, the evidence and links. */
export function InspectionView({ fondsCode }: { fondsCode?: string }) {
  const t = useText(messages);
  const { navigate } = useRoute();
  const { can } = useSession();
  const params = { fondsCode };
  const { data, error, loading, reload } = useLoad(
    () => api<InspectionReport>(`/api/reports/inspection${query(params)}`),
    [fondsCode],
  );
  const fonds = useLoad(() => (can('catalogue.read') ? api<Fonds[]>('/api/fonds') : Promise.resolve([])), []);
  const sections = data ? [...new Set(data.lines.map((l) => l.section))] : [];
  return (
    <>
      {(fonds.data?.length ?? 0) > 1 && (
        <div className="toolbar">
          <label>
            {t('fondsCode')}
            <select
              value={fondsCode ?? ''}
              onChange={(e) =>
                navigate(reportsPath('inspection', { fondsCode: e.target.value || undefined }))
              }
            >
              <option value="">{t('allFonds')}</option>
              {fonds.data!.map((f) => (
                <option key={f.scope} value={f.scope}>
                  {f.scope} {f.body.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {loading && <Loading />}
      {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
      {data && (
        <section className="report inspection" aria-labelledby="inspection-title">
          <div className="report-head">
            <h2 id="inspection-title">{data.title}</h2>
            <Downloads path="/api/reports/inspection" params={params} />
          </div>
          <p className="muted">
            {t('asOf')} {data.asOfLocal} · {t('preparedBy')} {data.preparedBy} · {t('inspectionNote')}
          </p>
          <table className="grid compact summary">
            <caption>{t('summary')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('status')}</th>
                <th scope="col" className="num">
                  {t('items')}
                </th>
                <th scope="col" className="num">
                  {t('points')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.summary.map((s) => (
                <tr key={s.status}>
                  <th scope="row">
                    <StatusTag status={s.status} label={s.label} />
                  </th>
                  <td className="num">{s.items}</td>
                  <td className="num">{s.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="report-scroll" role="region" aria-label={data.title} tabIndex={0}>
            <table className="grid inspection-lines">
              <caption className="visually-hidden">{data.title}</caption>
              <thead>
                <tr>
                  <th scope="col" className="col-item">
                    {t('item')}
                  </th>
                  <th scope="col" className="col-status">
                    {t('status')}
                  </th>
                  <th scope="col">{t('finding')}</th>
                  <th scope="col" className="col-evidence">
                    {t('evidence')}
                  </th>
                  <th scope="col" className="col-links">
                    {t('links')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {sections.map((section) => (
                  <Fragment key={section}>
                    <tr className="section-row">
                      <th scope="rowgroup" colSpan={5}>
                        {section}
                      </th>
                    </tr>
                    {data.lines
                      .filter((l) => l.section === section)
                      .map((l) => (
                        <tr key={l.item} data-status={l.status}>
                          <th scope="row" className="col-item">
                            <span className="item-name">{l.item}</span>
                            <span className="muted">
                              （{l.points} {t('points')}）
                            </span>
                            <span className="checks">{l.checks}</span>
                          </th>
                          <td className="col-status">
                            <StatusTag status={l.status} label={l.statusLabel} />
                          </td>
                          <td>{l.finding}</td>
                          <td className="col-evidence">
                            {l.evidence.length > 0 && (
                              <dl className="evidence">
                                {l.evidence.map((e) => (
                                  <div key={e.label}>
                                    <dt>{e.label}</dt>
                                    <dd>{e.value}</dd>
                                  </div>
                                ))}
                              </dl>
                            )}
                          </td>
                          <td className="col-links">
                            <EvidenceLinks links={l.links} />
                          </td>
                        </tr>
                      ))}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
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
