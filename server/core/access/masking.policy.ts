import { findResidentIds, isResidentId, maskResidentId } from '../identifiers';

/**
 * Masking of personal information for roles that do not need it: 公民身份号码 keep the first 6 and last
 * 4 characters (`500102********4517`); names keep the surname (`张**`). Masks keep the length, so
 * highlight ranges computed on the full text stay valid on the masked one.
 */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}

export { maskResidentId };

/** Masks, in free text, every valid 公民身份号码, the given ID numbers and every occurrence of the given names. */
export function maskText(text: string, names: readonly string[], ids: readonly string[] = []): string {
  let out = text;
  for (const id of new Set([...findResidentIds(text), ...ids])) {
    for (const form of [id, id.toLowerCase()]) out = out.split(form).join(maskResidentId(id));
  }
  for (const name of names) if (Array.from(name).length > 1) out = out.split(name).join(maskName(name));
  return out;
}

/**
 * What a search or list asked for, fit for the audit trail: the trail records who looked for what, but
 * never a name or 公民身份号码 in clear. A `person` filter is masked whole (an ID as an ID, else as a name);
 * the free text has every ID number masked, and every name of the people the answer concerns; when the
 * answer concerns no one (nothing found, e.g. a destroyed person's name), every Chinese run keeps only its
 * first character (`赵**`), since it may be a name.
 */
export function auditableQuery(
  query: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') out[key] = value;
    else if (key === 'person') out[key] = isResidentId(value) ? maskResidentId(value) : maskName(value);
    else if (key === 'q' && names.length === 0)
      out[key] = maskText(value, []).replace(/\p{Script=Han}{2,}/gu, (run) => maskName(run));
    else out[key] = maskText(value, key === 'q' ? names : []);
  }
  return out;
}
