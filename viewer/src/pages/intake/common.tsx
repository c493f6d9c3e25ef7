import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useText } from '../../i18n/i18n';
import { messages, type IntakeKey } from './messages';
import type { DraftStatus, FileStatus, RetentionTable, StepCatalogue } from './types';

/** This area's labels; `{n}` in a label is filled from `vars`. */
export function useT() {
  const t = useText(messages);
  return (key: IntakeKey, vars?: Record<string, string | number>) => {
    let s = t(key);
    for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
}

/**
 * The pipeline gives one reason per field ("业务环节：未能…", "表单：未能…"); fields failing for the same
 * reason are shown as one line ("业务环节、表单：未能…").
 */
export function groupReasons(reasons: string[]): string[] {
  const groups = new Map<string, string[]>();
  const out: (string | { why: string })[] = [];
  for (const r of reasons) {
    const at = r.indexOf('：');
    if (at <= 0 || at > 12) {
      out.push(r);
      continue;
    }
    const [field, why] = [r.slice(0, at), r.slice(at + 1)];
    if (!groups.has(why)) {
      groups.set(why, []);
      out.push({ why });
    }
    groups.get(why)!.push(field);
  }
  return out.map((x) => (typeof x === 'string' ? x : `${groups.get(x.why)!.join('、')}：${x.why}`));
}

/** 保管期限 as the retention table writes them. */
export const RETENTION_LABELS: Record<string, string> = {
  Y: '永久',
  D100: '100年',
  D50: '50年',
  D30: '30年',
  D10: '10年',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const FILE_TONE: Record<FileStatus, string> = {
  stored: 'tag',
  paged: 'tag ok',
  rejected: 'tag bad',
  duplicate: 'tag warn',
};

export function FileStatusTag({ status }: { status: FileStatus }) {
  const t = useT();
  return (
    <span className={FILE_TONE[status]} data-status={status}>
      {t(`file_${status}`)}
    </span>
  );
}

const DRAFT_TONE: Record<DraftStatus, string> = {
  processing: 'tag',
  filed: 'tag ok',
  needs_review: 'tag warn',
  failed: 'tag bad',
  merged: 'tag',
};

export function DraftStatusTag({ status }: { status: DraftStatus }) {
  const t = useT();
  return (
    <span className={DRAFT_TONE[status]} data-status={status}>
      {t(`draft_${status}`)}
    </span>
  );
}

interface Catalogues {
  steps: StepCatalogue;
  retention: RetentionTable;
}

let cached: Promise<Catalogues> | null = null;

/** The business-step catalogue and retention table (current versions), loaded once per page load. */
function loadCatalogues(): Promise<Catalogues> {
  cached ??= Promise.all([
    api<{ body: StepCatalogue }>('/api/catalogue/business-steps'),
    api<{ body: RetentionTable }>('/api/catalogue/retention-table'),
  ]).then(
    ([s, r]) => ({ steps: s.body, retention: r.body }),
    (e: unknown) => {
      cached = null;
      throw e;
    },
  );
  return cached;
}

export function useCatalogues(): { data: Catalogues | null; error: unknown } {
  const [state, setState] = useState<{ data: Catalogues | null; error: unknown }>({
    data: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    loadCatalogues().then(
      (data) => live && setState({ data, error: null }),
      (error: unknown) => live && setState({ data: null, error }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** A `<datalist>` of the business steps (code, with its name as the label). */
export function StepOptions({ id, steps }: { id: string; steps: StepCatalogue | null }) {
  return (
    <datalist id={id}>
      {steps?.steps.map((s) => (
        <option key={s.code} value={s.code} label={s.name} />
      ))}
    </datalist>
  );
}
