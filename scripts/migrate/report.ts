import type { Side } from './digest';

/** One kind of unit copied: what each side holds, and what this run did. */
export interface KindReport {
  kind: string;
  source: Side;
  target: Side;
  /** Written by this run. */
  copied: number;
  /** Found in the target already (checked now, or by an earlier run that recorded its progress). */
  present: number;
  /** What a reader of the report should know (units that differ, what the digest covers). */
  notes: string[];
}

export interface MigrationReport {
  kinds: KindReport[];
  ok: boolean;
}

export const sidesMatch = (k: KindReport): boolean =>
  k.source.count === k.target.count && k.source.digest === k.target.digest;

export function reportOf(kinds: KindReport[]): MigrationReport {
  return { kinds, ok: kinds.every(sidesMatch) };
}

/** Digests are long: the table shows their head, enough to see two differ (the full ones are compared). */
const short = (digest: string) => digest.replace(/([0-9a-f]{16})[0-9a-f]{48}/g, '$1…');

/** The report as a markdown table, with OK only when every pair of counts and digests matches. */
export function renderReport(report: MigrationReport): string {
  const lines = [
    '| Kind | Source | Target | Copied this run | Already present | Source digest | Target digest | |',
    '|---|---:|---:|---:|---:|---|---|---|',
  ];
  for (const k of report.kinds)
    lines.push(
      `| ${k.kind} | ${k.source.count} | ${k.target.count} | ${k.copied} | ${k.present} | ` +
        `${short(k.source.digest)} | ${short(k.target.digest)} | ${sidesMatch(k) ? 'ok' : '**DIFFERS**'} |`,
    );
  const notes = report.kinds.flatMap((k) => k.notes.map((n) => `- ${k.kind}: ${n}`));
  return [
    ...lines,
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    report.ok
      ? 'OK: every kind has the same count and digest on both sides.'
      : 'MISMATCH: the kinds marked DIFFERS do not match on both sides.',
  ].join('\n');
}
