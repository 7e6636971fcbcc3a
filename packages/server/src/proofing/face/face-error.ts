import type { FaceFailureCode } from './port.js';

/** A refusal with a stable code; the verifier turns it into a verdict rather than letting it escape. */
export class FaceError extends Error {
  constructor(
    readonly code: FaceFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FaceError';
  }
}
