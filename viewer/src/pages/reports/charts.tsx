import { useId } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { messages } from './messages';
import type { StatisticsTable } from './types';
import './reports.css';

export interface Datum {
  label: string;
  value: number;
}

/** A round upper bound for an axis (1, 2, 5 × 10ⁿ) and its tick step. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const niceStep = Math.max(1, step);
  return { top: Math.ceil(max / niceStep) * niceStep, step: niceStep };
}

const fmt = (n: number) => n.toLocaleString('zh-CN');

/**
 * A vertical bar chart in plain SVG: one bar per datum, its value above it. Screen readers get the
 * `<title>` and the numbers in a visually hidden table beside it.
 */
export function BarChart({
  title,
  data,
  unit,
  axisLabel,
}: {
  title: string;
  data: Datum[];
  unit: string;
  axisLabel: string;
}) {
  const id = useId();
  const W = 560;
  const H = 230;
  const left = 44;
  const right = 8;
  const top = 20;
  const bottom = 30;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const { top: yTop, step } = axis(Math.max(0, ...data.map((d) => d.value)));
  const band = plotW / Math.max(1, data.length);
  const barW = Math.min(48, band * 0.64);
  const y = (v: number) => top + plotH - (v / yTop) * plotH;
  const ticks: number[] = [];
  for (let v = 0; v <= yTop; v += step) ticks.push(v);
  const small = band < 34;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-t`}
        className="bar-chart"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-t`}>{title}</title>
        {ticks.map((v) => (
          <g key={v} className="tick">
            <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} />
            <text x={left - 6} y={y(v) + 4} textAnchor="end">
              {fmt(v)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const cx = left + band * i + band / 2;
          const h = y(0) - y(d.value);
          return (
            <g key={d.label} className="bar-group" data-label={d.label}>
              <rect className="bar" x={cx - barW / 2} y={y(d.value)} width={barW} height={Math.max(0, h)}>
                <title>{`${d.label}：${fmt(d.value)} ${unit}`}</title>
              </rect>
              {d.value > 0 && (
                <text className="value" x={cx} y={y(d.value) - 5} textAnchor="middle">
                  {fmt(d.value)}
                </text>
              )}
              <text
                className={small ? 'label small' : 'label'}
                x={cx}
                y={H - bottom + 16}
                textAnchor="middle"
              >
                {small ? d.label.slice(-2) : d.label}
              </text>
            </g>
          );
        })}
        <line className="axis" x1={left} x2={W - right} y1={y(0)} y2={y(0)} />
      </svg>
      <figcaption>{title}</figcaption>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{axisLabel}</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Horizontal bars with the count and share of each, for a breakdown (保管期限). */
export function ShareChart({
  title,
  data,
  unit,
  axisLabel,
}: {
  title: string;
  data: Datum[];
  unit: string;
  axisLabel: string;
}) {
  const id = useId();
  const W = 560;
  const rowH = 40;
  const H = data.length * rowH + 8;
  const left = 64;
  const right = 110;
  const plotW = W - left - right;
  const total = data.reduce((s, d) => s + d.value, 0);
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} className="share-chart">
        <title id={`${id}-t`}>{title}</title>
        {data.map((d, i) => {
          const yy = 4 + i * rowH;
          const w = (d.value / max) * plotW;
          const pct = total > 0 ? Math.round((d.value / total) * 1000) / 10 : 0;
          return (
            <g key={d.label} className="share-row" data-label={d.label}>
              <text className="label" x={left - 8} y={yy + rowH / 2 + 4} textAnchor="end">
                {d.label}
              </text>
              <rect className="track" x={left} y={yy + 6} width={plotW} height={rowH - 14} />
              <rect className="bar" x={left} y={yy + 6} width={Math.max(0, w)} height={rowH - 14}>
                <title>{`${d.label}：${fmt(d.value)} ${unit}（${pct}%）`}</title>
              </rect>
              <text className="value" x={left + plotW + 8} y={yy + rowH / 2 + 4}>
                {`${fmt(d.value)}（${pct}%）`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{axisLabel}</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** How many years the dashboard's chart shows at most (the newest). */
const MAX_YEARS = 15;

/**
 * The dashboard's key statistics (report.read): items held per 年度 and by 保管期限, from the
 * 业务档案统计表 (GET /api/reports/business, all years of the holdings).
 */
export function DashboardCharts() {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(() => api<StatisticsTable>('/api/reports/business'), []);
  return (
    <section className="dashboard-charts" aria-labelledby="charts-title">
      <div className="report-head">
        <h2 id="charts-title">{t('chartsTitle')}</h2>
        <Link to="/reports?view=business">{t('chartMore')}</Link>
      </div>
      {loading && <Loading />}
      {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
      {data && <Charts table={data} />}
    </section>
  );
}

function Charts({ table }: { table: StatisticsTable }) {
  const t = useText(messages);
  const totalItems = Number(table.total['total.items'] ?? 0);
  if (totalItems === 0) return <p className="empty">{t('chartNoData')}</p>;
  const years = table.rows
    .map((r) => ({ label: String(r.year), value: Number(r['total.items'] ?? 0) }))
    .slice(-MAX_YEARS);
  const periods = table.columns
    .filter((c) => c.key.endsWith('.items') && c.key !== 'total.items' && c.group)
    .map((c) => ({ label: c.group!, value: Number(table.total[c.key] ?? 0) }));
  const yearTitle =
    table.rows.length > MAX_YEARS
      ? `${t('chartPerYear')}${t('chartLastYears').replace('{n}', String(MAX_YEARS))}`
      : t('chartPerYear');
  return (
    <div className="chart-row">
      <BarChart title={yearTitle} data={years} unit={t('chartItems')} axisLabel={t('year')} />
      <ShareChart
        title={t('chartByRetention')}
        data={periods}
        unit={t('chartItems')}
        axisLabel={t('retention')}
      />
    </div>
  );
}
