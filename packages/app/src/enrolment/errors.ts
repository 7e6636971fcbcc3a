/** A refusal from the server, carrying its stable code (the web app turns it into text). */
export class EnrolmentError extends Error {
  override readonly name = 'EnrolmentError';
  constructor(
    readonly code: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code} (${status})`);
  }
}
