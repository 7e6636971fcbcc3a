export type SmsErrorCode = 'SMS_SEND_FAILED';

/** The message did not reach the provider. The message never holds the text (it carries the code) or the number. */
export class SmsError extends Error {
  override readonly name = 'SmsError';
  constructor(
    readonly code: SmsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function sendFailed(message: string, cause?: unknown): SmsError {
  return new SmsError('SMS_SEND_FAILED', message, cause === undefined ? undefined : { cause });
}
