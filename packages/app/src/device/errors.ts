/**
 * The device side's one error class, with stable codes the screens turn into text. Refusals
 * the server decides come back as the server's problem codes instead; these are the checks
 * the device makes before anything leaves it.
 */
export type DeviceErrorCode =
  /** a personal PIN is exactly 6 digits */
  | 'PIN_FORMAT'
  /** the PIN entered the second time differs from the first */
  | 'PIN_MISMATCH'
  /** OPAQUE could not open the server's envelope: the PIN is wrong (the server has counted the attempt) */
  | 'PIN_WRONG'
  /** the server's OPAQUE answer was malformed or its static key is not the one the app expects */
  | 'PIN_PROTOCOL'
  /** no device key is stored under this id */
  | 'KEY_NOT_FOUND'
  /** a scanned QR is not an OpenMitID copy QR */
  | 'COPY_QR_INVALID'
  /** the copy session shown is older than three minutes */
  | 'COPY_SESSION_EXPIRED'
  /** no proximity evidence could be gathered */
  | 'PROXIMITY_FAILED'
  /** the security key gave no credential (the user cancelled, it timed out, or it is not allowed here) */
  | 'CHIP_CANCELLED';

export class DeviceError extends Error {
  override readonly name = 'DeviceError';

  constructor(
    readonly code: DeviceErrorCode,
    message: string = code,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isDeviceError(e: unknown, code?: DeviceErrorCode): e is DeviceError {
  return e instanceof DeviceError && (code === undefined || e.code === code);
}
