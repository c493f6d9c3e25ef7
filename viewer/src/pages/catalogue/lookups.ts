import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { RETENTION_OPTIONS, STATUS_OPTIONS } from './messages';
import type { FacetName } from './types';

/** Codes and names of the catalogue: 类别, 险种, 业务环节 (from the current catalogue versions). */
export interface Lookups {
  classes: { code: string; name: string }[];
  insuranceTypes: { code: string; name: string }[];
  links: { code: string; name: string }[];
  steps: { code: string; name: string; linkCode: string; insuranceType: string }[];
}

const EMPTY: Lookups = { classes: [], insuranceTypes: [], links: [], steps: [] };

interface Versioned<T> {
  body: T;
}

let cached: Promise<Lookups> | null = null;

/** Loaded once per page load; a failure leaves the codes shown as they are (the lists still work). */
function loadLookups(): Promise<Lookups> {
  cached ??= Promise.all([
    api<Versioned<{ classes: Lookups['classes'] }>>('/api/catalogue/retention-table').catch(() => null),
    api<Versioned<Omit<Lookups, 'classes'>>>('/api/catalogue/business-steps').catch(() => null),
  ]).then(([table, steps]) => ({
    classes: table?.body.classes.map(({ code, name }) => ({ code, name })) ?? [],
    insuranceTypes: steps?.body.insuranceTypes ?? [],
    links: steps?.body.links ?? [],
    steps:
      steps?.body.steps.map(({ code, name, linkCode, insuranceType }) => ({
        code,
        name,
        linkCode,
        insuranceType,
      })) ?? [],
  }));
  return cached;
}

export function useLookups(): Lookups {
  const [lookups, setLookups] = useState<Lookups>(EMPTY);
  useEffect(() => {
    let live = true;
    void loadLookups().then((l) => live && setLookups(l));
    return () => {
      live = false;
    };
  }, []);
  return lookups;
}

/** The label of a facet or filter value in the chosen language (falls back to the code). */
export function useValueLabel(lookups: Lookups) {
  const { lang } = useI18n();
  return (facet: FacetName, value: string): string => {
    switch (facet) {
      case 'year':
        return value;
      case 'classCode':
        return lookups.classes.find((c) => c.code === value)?.name ?? value;
      case 'insuranceType':
        return lookups.insuranceTypes.find((c) => c.code === value)?.name ?? value;
      case 'businessStep': {
        const s = lookups.steps.find((c) => c.code === value);
        return s ? `${s.code} ${s.name}` : value || '—';
      }
      case 'retention':
        return RETENTION_OPTIONS.find((r) => r.code === value)?.[lang] ?? value;
      case 'status':
        return STATUS_OPTIONS.find((r) => r.code === value)?.[lang] ?? value;
    }
  };
}
