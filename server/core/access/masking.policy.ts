import { findResidentIds, maskResidentId } from '../identifiers';

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
