/**
 * The server's one error class: a refusal with a stable wire code (listed, with its HTTP
 * status, in @openmitid/api). Never carries user-facing text or personal data.
 */
import { ERROR_STATUS, type ErrorCode } from '@openmitid/api';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    /** for logs only */
    message: string = code,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export function isApiError(e: unknown, code?: ErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
