import type { SeparatorHint } from './ingest.model';

/**
 * The payload of a separator sheet's QR code: `SBDA-SEP/1|<step>|<residentId>|<name>|<unitCode>|<unitName>`.
 * Short enough for a small QR code, versioned, and tolerant of empty parts.
 */
const PREFIX = 'SBDA-SEP/1';

export function encodeSeparator(hint: SeparatorHint): string {
  const clean = (s: string | undefined) => (s ?? '').replace(/\|/g, ' ').trim();
  return [
    PREFIX,
    clean(hint.businessStep),
    clean(hint.residentId),
    clean(hint.personName),
    clean(hint.unitCode),
    clean(hint.unitName),
  ].join('|');
}

/** Reads a payload back; null when the text is not one of our separator codes. */
export function decodeSeparator(payload: string): SeparatorHint | null {
  const parts = payload.split('|');
  if (parts[0] !== PREFIX || parts.length !== 6 || !parts[1]) return null;
  const [, businessStep, residentId, personName, unitCode, unitName] = parts as [string, string, ...string[]];
  return {
    businessStep,
    ...(residentId ? { residentId } : {}),
    ...(personName ? { personName } : {}),
    ...(unitCode ? { unitCode } : {}),
    ...(unitName ? { unitName } : {}),
  };
}
