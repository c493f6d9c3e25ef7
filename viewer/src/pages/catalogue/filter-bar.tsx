import { useEffect, useId, useState } from 'react';
import { useI18n, useText } from '../../i18n/i18n';
import type { Lookups } from './lookups';
import { messages, RETENTION_OPTIONS, STATUS_OPTIONS } from './messages';
import { FILTER_KEYS, type CatalogueFilters, type FilterKey } from './types';

const YEAR = /^\d{4}$/;

/** The catalogue filters (年度 / 类别 / 保管期限 / 险种 / 业务环节 / 状态): each change applies at once. */
export function FilterBar({
  filters,
  lookups,
  onChange,
}: {
  filters: CatalogueFilters;
  lookups: Lookups;
  onChange: (next: CatalogueFilters) => void;
}) {
  const t = useText(messages);
  const { lang } = useI18n();
  const id = useId();
  const [year, setYear] = useState(filters.year ?? '');
  useEffect(() => setYear(filters.year ?? ''), [filters.year]);
  const set = (key: FilterKey, value: string) => onChange({ ...filters, [key]: value || undefined });
  const any = FILTER_KEYS.some((k) => filters[k]);
  const yearValid = year === '' || (YEAR.test(year) && Number(year) >= 1949 && Number(year) <= 2100);
  const select = (key: FilterKey, label: string, options: { value: string; label: string }[]) => (
    <div className="cat-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={filters[key] ?? ''} onChange={(e) => set(key, e.target.value)}>
        <option value="">{t('any')}</option>
        {filters[key] && !options.some((o) => o.value === filters[key]) && (
          <option value={filters[key]}>{filters[key]}</option>
        )}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      className="toolbar cat-filters"
      aria-label={t('filters')}
      onSubmit={(e) => {
        e.preventDefault();
        if (yearValid) set('year', year);
      }}
    >
      <div className="cat-field">
        <label htmlFor={`${id}-year`}>{t('year')}</label>
        <input
          id={`${id}-year`}
          className="cat-year"
          inputMode="numeric"
          maxLength={4}
          value={year}
          placeholder={t('yearHint')}
          aria-invalid={!yearValid}
          onChange={(e) => {
            const v = e.target.value.replace(/\D/g, '');
            setYear(v);
            if (v === '' || (YEAR.test(v) && Number(v) >= 1949 && Number(v) <= 2100)) set('year', v);
          }}
        />
      </div>
      {select(
        'class',
        t('classCode'),
        lookups.classes.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` })),
      )}
      {select(
        'retention',
        t('retention'),
        RETENTION_OPTIONS.map((r) => ({ value: r.code, label: r[lang] })),
      )}
      {select(
        'insuranceType',
        t('insuranceType'),
        lookups.insuranceTypes.map((c) => ({ value: c.code, label: c.name })),
      )}
      <div className="cat-field">
        <label htmlFor={`${id}-businessStep`}>{t('businessStep')}</label>
        <select
          id={`${id}-businessStep`}
          className="cat-step"
          value={filters.businessStep ?? ''}
          onChange={(e) => set('businessStep', e.target.value)}
        >
          <option value="">{t('any')}</option>
          {filters.businessStep && !lookups.steps.some((s) => s.code === filters.businessStep) && (
            <option value={filters.businessStep}>{filters.businessStep}</option>
          )}
          {lookups.links.map((l) => (
            <optgroup key={l.code} label={l.name}>
              {lookups.steps
                .filter((s) => s.linkCode === l.code)
                .map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.code} {s.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      {select(
        'status',
        t('status'),
        STATUS_OPTIONS.map((s) => ({ value: s.code, label: s[lang] })),
      )}
      <button
        type="button"
        className="secondary"
        disabled={!any}
        onClick={() => {
          setYear('');
          onChange({});
        }}
      >
        {t('clearFilters')}
      </button>
    </form>
  );
}

/** The filters from a query string (codes only: no personal data ever goes there). */
export function filtersFrom(q: URLSearchParams): CatalogueFilters {
  const out: CatalogueFilters = {};
  for (const k of FILTER_KEYS) {
    const v = q.get(k);
    if (v) out[k] = v;
  }
  return out;
}
