/**
 * 公民身份号码 (citizen identity number), GB 11643-1999.
 *
 * 18-digit form: 6-digit region code + 8-digit birth date (YYYYMMDD) +
 * 3-digit sequence (odd = male, even = female) + ISO 7064 MOD 11-2 check
 * character (0-9 or X).
 * Legacy 15-digit form (pre-1999): 6-digit region code + YYMMDD (always
 * 19YY) + 3-digit sequence, no check character.
 *
 * Pure functions only: no I/O and no clock access. Because of that,
 * birth dates in the future are NOT rejected here; callers that care
 * should compare `birthDate` with their own notion of "today".
 */

declare const residentIdBrand: unique symbol;

/** A trimmed, upper-cased, validated 15- or 18-character resident ID. */
export type ResidentId = string & { readonly [residentIdBrand]: true };

export type ResidentIdFailure = 'format' | 'checksum' | 'birth_date';

export type ParsedResidentId =
  | {
      ok: true;
      value: ResidentId;
      legacy: boolean;
      /** YYYY-MM-DD */
      birthDate: string;
      sex: 'M' | 'F';
      regionCode: string;
    }
  | { ok: false; reason: ResidentIdFailure };

/** Weights W_i = 2^(17-i) mod 11 for the first 17 positions. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by (weighted sum mod 11). */
const CHECK_CHARS = '10X98765432';

/** Earliest birth year accepted (GB 11643's own example is born 1880). */
const MIN_BIRTH_YEAR = 1800;

const RE_18 = /^[1-9]\d{16}[\dX]$/;
const RE_15 = /^[1-9]\d{14}$/;

/**
 * Computes the ISO 7064 MOD 11-2 check character for the first 17 digits.
 * @param first17 exactly 17 ASCII digits
 * @returns '0'-'9' or 'X'
 * @throws RangeError if `first17` is not 17 digits
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('residentIdCheckChar expects exactly 17 digits');
  }
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += Number(first17.charAt(i)) * weight;
  });
  return CHECK_CHARS.charAt(sum % 11);
}

/** True if year/month/day form a real Gregorian calendar date. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (days[month - 1] ?? 0);
}

/**
 * Parses and validates a resident ID (18-digit or legacy 15-digit).
 * Surrounding whitespace is trimmed and a lowercase `x` check character
 * is normalised to `X`.
 * @param raw user- or OCR-supplied text
 * @returns the normalised ID with decoded fields, or a failure reason
 */
export function parseResidentId(raw: string): ParsedResidentId {
  const id = raw.trim().toUpperCase();
  let yyyymmdd: string;
  let sexDigit: string;
  const legacy = id.length === 15;
  if (RE_18.test(id)) {
    yyyymmdd = id.slice(6, 14);
    sexDigit = id.charAt(16);
  } else if (RE_15.test(id)) {
    yyyymmdd = `19${id.slice(6, 12)}`;
    sexDigit = id.charAt(14);
  } else {
    return { ok: false, reason: 'format' };
  }
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < MIN_BIRTH_YEAR || !isCalendarDate(year, month, day)) {
    return { ok: false, reason: 'birth_date' };
  }
  if (!legacy && residentIdCheckChar(id.slice(0, 17)) !== id.charAt(17)) {
    return { ok: false, reason: 'checksum' };
  }
  return {
    ok: true,
    value: id as ResidentId,
    legacy,
    birthDate: `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`,
    sex: Number(sexDigit) % 2 === 1 ? 'M' : 'F',
    regionCode: id.slice(0, 6),
  };
}

/**
 * Type guard: true if `raw` is already a valid, normalised resident ID
 * (no surrounding whitespace, upper-case X). Use `parseResidentId` to
 * normalise untrusted input.
 */
export function isResidentId(raw: string): raw is ResidentId {
  const parsed = parseResidentId(raw);
  return parsed.ok && parsed.value === raw;
}

/**
 * Converts a valid legacy 15-digit ID to its 18-digit equivalent
 * (inserts "19" before the YYMMDD and appends the check character).
 * @returns the 18-digit ID, or undefined if `id15` is not a valid legacy ID
 */
export function upgradeLegacyResidentId(id15: string): ResidentId | undefined {
  const parsed = parseResidentId(id15);
  if (!parsed.ok || !parsed.legacy) return undefined;
  const first17 = `${parsed.value.slice(0, 6)}19${parsed.value.slice(6)}`;
  return `${first17}${residentIdCheckChar(first17)}` as ResidentId;
}

/**
 * Masks a resident ID for display, hiding the birth date and most of the
 * sequence number. Does not validate; input is trimmed and upper-cased.
 *  - 18 chars: first 6 + 8 `*` + last 4  (500102********4517)
 *  - 15 chars: first 6 + 6 `*` + last 3  (500102******451), i.e. the
 *    YYMMDD birth date is hidden and the 3-digit sequence kept.
 *  - any other length: every character replaced by `*` (never leaks).
 */
export function maskResidentId(id: string): string {
  const s = id.trim().toUpperCase();
  if (s.length === 18) return `${s.slice(0, 6)}${'*'.repeat(8)}${s.slice(14)}`;
  if (s.length === 15) return `${s.slice(0, 6)}${'*'.repeat(6)}${s.slice(12)}`;
  return '*'.repeat(s.length);
}

/** Optional single separator OCR tends to insert between digits. */
const SEP = '[ \\t]?';
/** 18 digits (last may be X), optionally single-space separated, not part of a longer run. */
const RE_FIND_18 = new RegExp(`(?<!\\d)(?=(\\d(?:${SEP}\\d){16}${SEP}[\\dXx])(?![\\dXx]))`, 'g');
/** A label such as 身份证号 / 公民身份号码 / 证件号码, up to 6 non-digits, then 15 contiguous digits. */
const RE_FIND_15 = /(?:公民身份号码|身份证|身份号码|证件号码)[^\d\n]{0,6}?(\d{15})(?![\dXx])/g;

/**
 * Finds resident IDs in free text such as OCR output.
 *  - 18-digit IDs anywhere, if the checksum and birth date are valid; a
 *    single space/tab between digits is tolerated (e.g. "500102 19900101 4517"),
 *    but a match never starts or ends inside a longer digit run.
 *  - legacy 15-digit IDs only within 6 characters after a label like
 *    身份证号 / 公民身份号码 / 证件号码, and only as a contiguous digit run.
 * Text is NFKC-normalised first (full-width digits, ideographic spaces).
 * @returns distinct normalised IDs (no spaces, upper-case X) in order of first appearance
 */
export function findResidentIds(text: string): string[] {
  const normalised = text.normalize('NFKC');
  const hits: { index: number; value: string }[] = [];
  let lastEnd = -1;
  for (const m of normalised.matchAll(RE_FIND_18)) {
    const candidate = m[1] ?? '';
    if (m.index < lastEnd) continue;
    const parsed = parseResidentId(candidate.replace(/[ \t]/g, ''));
    if (parsed.ok) {
      hits.push({ index: m.index, value: parsed.value });
      lastEnd = m.index + candidate.length;
    }
  }
  for (const m of normalised.matchAll(RE_FIND_15)) {
    const candidate = m[1] ?? '';
    const parsed = parseResidentId(candidate);
    if (parsed.ok) hits.push({ index: m.index + m[0].length - candidate.length, value: parsed.value });
  }
  hits.sort((a, b) => a.index - b.index);
  return [...new Set(hits.map((h) => h.value))];
}
