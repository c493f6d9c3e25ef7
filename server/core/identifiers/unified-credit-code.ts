/**
 * 统一社会信用代码 (unified social credit code, USCC), GB 32100-2015.
 *
 * 18 characters from a 31-character alphabet (digits + upper-case letters
 * without I, O, Z, S, V):
 *   pos 1     登记管理部门代码 (registration department, e.g. 9 = 市场监管/工商, 1 = 机构编制, 5 = 民政)
 *   pos 2     机构类别代码 (organisation type, e.g. 91 = 企业, 12 = 事业单位)
 *   pos 3-8   登记管理机关行政区划码 (6-digit administrative region code)
 *   pos 9-17  主体标识码 (the GB 11714 organisation code, with its own check char at pos 17)
 *   pos 18    check character (GB 32100 MOD 31)
 *
 * Validation here checks length, alphabet, the all-digit region code and
 * the pos-18 check character. It does not check the department/type
 * combination or the embedded GB 11714 check character (pos 17).
 */

declare const unifiedCreditCodeBrand: unique symbol;

/** A trimmed, upper-cased, validated 18-character USCC. */
export type UnifiedCreditCode = string & { readonly [unifiedCreditCodeBrand]: true };

export type UnifiedCreditCodeFailure = 'format' | 'illegal_char' | 'checksum';

export type ParsedUnifiedCreditCode =
  | {
      ok: true;
      value: UnifiedCreditCode;
      departmentCode: string;
      typeCode: string;
      regionCode: string;
      organizationCode: string;
    }
  | { ok: false; reason: UnifiedCreditCodeFailure };

/** The 31 code characters; a character's index is its numeric value. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const ALPHABET_RE = /^[0-9A-HJ-NP-RTUW-Y]+$/;

/**
 * Computes the GB 32100 check character for the first 17 characters.
 * @param first17 17 characters from USCC_ALPHABET (upper case)
 * @throws RangeError on wrong length or a character outside the alphabet
 */
export function unifiedCreditCodeCheckChar(first17: string): string {
  if (first17.length !== 17 || !ALPHABET_RE.test(first17)) {
    throw new RangeError('unifiedCreditCodeCheckChar expects 17 USCC alphabet characters');
  }
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * weight;
  });
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Computes the GB 11714 organisation-code check character (USCC pos 17)
 * for the 8-character body (USCC pos 9-16). Letters count A=10 … Z=35.
 * @returns '0'-'9' or 'X'
 * @throws RangeError unless `first8` is 8 digits/upper-case letters
 */
export function organizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError('organizationCodeCheckChar expects 8 digits or upper-case letters');
  }
  let sum = 0;
  ORG_WEIGHTS.forEach((weight, i) => {
    sum += parseInt(first8.charAt(i), 36) * weight;
  });
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : String(c % 11);
}

/**
 * Parses and validates a USCC. Input is trimmed and upper-cased.
 * @returns the normalised code and its parts, or a failure reason:
 *  'format' (not 18 chars, or region not 6 digits), 'illegal_char'
 *  (e.g. I, O, Z, S, V or punctuation), 'checksum'
 */
export function parseUnifiedCreditCode(raw: string): ParsedUnifiedCreditCode {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: 'format' };
  if (!ALPHABET_RE.test(code)) return { ok: false, reason: 'illegal_char' };
  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) return { ok: false, reason: 'format' };
  if (unifiedCreditCodeCheckChar(code.slice(0, 17)) !== code.charAt(17)) {
    return { ok: false, reason: 'checksum' };
  }
  return {
    ok: true,
    value: code as UnifiedCreditCode,
    departmentCode: code.charAt(0),
    typeCode: code.charAt(1),
    regionCode,
    organizationCode: code.slice(8, 17),
  };
}

/**
 * Type guard: true if `raw` is already a valid, normalised USCC (no
 * surrounding whitespace, upper case).
 */
export function isUnifiedCreditCode(raw: string): raw is UnifiedCreditCode {
  const parsed = parseUnifiedCreditCode(raw);
  return parsed.ok && parsed.value === raw;
}

const RE_FIND = /(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])/g;

/**
 * Finds valid USCCs in free text (e.g. OCR output). Only upper-case,
 * contiguous 18-character tokens not adjacent to other letters/digits are
 * considered; each must pass the check character. Text is NFKC-normalised
 * first (full-width letters and digits).
 * @returns distinct codes in order of first appearance
 */
export function findUnifiedCreditCodes(text: string): string[] {
  const found: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(RE_FIND)) {
    const parsed = parseUnifiedCreditCode(m[0]);
    if (parsed.ok && !found.includes(parsed.value)) found.push(parsed.value);
  }
  return found;
}
