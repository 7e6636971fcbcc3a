export type PiiErrorCode = 'PII_KEY_UNKNOWN' | 'PII_DECRYPT_FAILED' | 'PII_KEY_INVALID';

/** Personal-data sealing failures. Messages never contain the plaintext or key material. */
export class PiiError extends Error {
  override readonly name = 'PiiError';
  constructor(
    readonly code: PiiErrorCode,
    message: string,
  ) {
    super(message);
  }
}
