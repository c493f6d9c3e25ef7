/** Chinese official identifiers: resident ID numbers and unified social credit codes. */
export {
  findResidentIds,
  isResidentId,
  maskResidentId,
  parseResidentId,
  residentIdCheckChar,
  upgradeLegacyResidentId,
} from './resident-id';
export type { ParsedResidentId, ResidentId, ResidentIdFailure } from './resident-id';
export {
  USCC_ALPHABET,
  findUnifiedCreditCodes,
  isUnifiedCreditCode,
  organizationCodeCheckChar,
  parseUnifiedCreditCode,
  unifiedCreditCodeCheckChar,
} from './unified-credit-code';
export type {
  ParsedUnifiedCreditCode,
  UnifiedCreditCode,
  UnifiedCreditCodeFailure,
} from './unified-credit-code';
