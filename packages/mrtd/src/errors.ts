/**
 * Every failure of this package is an MrtdError with a stable code. Callers branch on
 * `code`, never on the message. Protocol errors also carry the step and status word.
 */
export type MrtdErrorCode =
  // MRZ
  | 'MRZ_FORMAT'
  | 'MRZ_CHECK_DIGIT'
  | 'MRZ_EXPIRED'
  | 'MRZ_ISSUER_NOT_ALLOWED'
  // encodings
  | 'TLV_TRUNCATED'
  | 'TLV_MALFORMED'
  | 'APDU_MALFORMED'
  | 'LDS_MALFORMED'
  | 'SOD_MALFORMED'
  | 'CERT_MALFORMED'
  | 'CRL_MALFORMED'
  // card status words and protocols
  | 'CARD_STATUS'
  | 'TRANSPORT_FAILED'
  | 'BAC_FAILED'
  | 'SM_MAC_INVALID'
  | 'SM_MALFORMED'
  | 'SM_NOT_ESTABLISHED'
  | 'FILE_NOT_FOUND'
  | 'READ_FAILED'
  // passive authentication
  | 'PA_SIGNATURE_INVALID'
  | 'PA_DG_HASH_MISMATCH'
  | 'PA_DG_MISSING'
  | 'PA_CSCA_UNKNOWN'
  | 'PA_CHAIN_INVALID'
  | 'PA_SIGNER_NOT_VALID_AT_SIGNING'
  | 'PA_CSCA_NOT_VALID_AT_SIGNING'
  | 'PA_SIGNER_REVOKED'
  | 'PA_COUNTRY_MISMATCH'
  | 'PA_ALGORITHM_UNSUPPORTED'
  // active authentication
  | 'AA_NOT_SUPPORTED'
  | 'AA_SIGNATURE_INVALID'
  | 'AA_UNTRUSTED_KEY'
  | 'AA_ALGORITHM_UNSUPPORTED'
  | 'AA_NOT_PERFORMED'
  // whole-document verdict
  | 'DOC_MRZ_MISMATCH'
  | 'DOC_FILE_MISSING'
  | 'IMAGE_UNSUPPORTED';

export interface MrtdErrorDetails {
  /** the protocol step that failed, e.g. 'BAC:MUTUAL_AUTHENTICATE' or 'READ_BINARY:DG2' */
  step?: string;
  /** the card's status word, when the error comes from one */
  sw?: number;
  cause?: unknown;
}

export class MrtdError extends Error {
  readonly code: MrtdErrorCode;
  readonly step: string | undefined;
  readonly sw: number | undefined;

  constructor(code: MrtdErrorCode, message: string, details: MrtdErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MrtdError';
    this.code = code;
    this.step = details.step;
    this.sw = details.sw;
  }
}

export function isMrtdError(e: unknown, code?: MrtdErrorCode): e is MrtdError {
  return e instanceof MrtdError && (code === undefined || e.code === code);
}

/** ISO/IEC 7816-4 status words the protocols meet, by name. */
export const SW = {
  OK: 0x9000,
  WARNING_END_OF_FILE: 0x6282,
  AUTHENTICATION_FAILED: 0x6300,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  SM_DATA_MISSING: 0x6987,
  SM_DATA_INCORRECT: 0x6988,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  UNKNOWN: 0x6f00,
} as const;

const swNames = new Map<number, string>(Object.entries(SW).map(([k, v]) => [v, k]));

export function swName(sw: number): string {
  if ((sw & 0xff00) === 0x6c00) return `WRONG_LE(${sw & 0xff})`;
  if ((sw & 0xff00) === 0x6100) return `MORE_DATA(${sw & 0xff})`;
  return swNames.get(sw) ?? `SW_${sw.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The error for a status word other than 9000 at a given step. */
export function statusError(sw: number, step: string): MrtdError {
  const code: MrtdErrorCode = sw === SW.FILE_NOT_FOUND ? 'FILE_NOT_FOUND' : 'CARD_STATUS';
  return new MrtdError(code, `${step}: card answered ${sw.toString(16).toUpperCase().padStart(4, '0')} (${swName(sw)})`, {
    step,
    sw,
  });
}
