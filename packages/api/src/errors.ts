/**
 * Every error code the API answers with, and its HTTP status. The server throws these
 * codes (as application/problem+json `code`); the web app turns them into Danish or
 * English text. A code, once published, keeps its meaning.
 */
export const ERROR_STATUS = {
  // generic
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  // flows
  FLOW_NOT_FOUND: 404,
  FLOW_EXPIRED: 410,
  FLOW_STEP_OUT_OF_ORDER: 409,
  FLOW_STEP_REPEATED: 409,
  /** another request changed the flow at the same moment; reload and retry */
  FLOW_CONFLICT: 409,
  // terms and country
  TERMS_VERSION_MISMATCH: 422,
  COUNTRY_NOT_OFFERED: 422,
  // MRZ (codes shared with @openmitid/mrtd)
  MRZ_FORMAT: 422,
  MRZ_CHECK_DIGIT: 422,
  MRZ_EXPIRED: 422,
  MRZ_ISSUER_NOT_ALLOWED: 422,
  // chip
  CHIP_FILES_MISSING: 422,
  CHIP_MRZ_MISMATCH: 422,
  CHIP_READ_FAILED: 422,
  CHIP_NOT_GENUINE: 422,
  AA_CHALLENGE_MISMATCH: 422,
  // passive and active authentication (codes shared with @openmitid/mrtd)
  LDS_MALFORMED: 422,
  SOD_MALFORMED: 422,
  CERT_MALFORMED: 422,
  PA_SIGNATURE_INVALID: 422,
  PA_DG_HASH_MISMATCH: 422,
  PA_DG_MISSING: 422,
  PA_CSCA_UNKNOWN: 422,
  PA_CHAIN_INVALID: 422,
  PA_SIGNER_NOT_VALID_AT_SIGNING: 422,
  PA_CSCA_NOT_VALID_AT_SIGNING: 422,
  PA_SIGNER_REVOKED: 422,
  PA_COUNTRY_MISMATCH: 422,
  PA_ALGORITHM_UNSUPPORTED: 422,
  AA_NOT_SUPPORTED: 422,
  AA_SIGNATURE_INVALID: 422,
  AA_UNTRUSTED_KEY: 422,
  AA_ALGORITHM_UNSUPPORTED: 422,
  /** the chip has DG15 but no Active Authentication answer came */
  AA_NOT_PERFORMED: 422,
  // person register
  PERSON_NOT_FOUND: 422,
  // face
  FACE_NOT_CONFIGURED: 503,
  FACE_REJECTED: 422,
  FACE_CHALLENGE_MISSING: 409,
  /** the liveness challenge is older than the face challenge lifetime; ask for a new one */
  FACE_CHALLENGE_EXPIRED: 410,
  /** too many failed face attempts: the flow has ended (details.reason: the last attempt's failure) */
  FACE_ATTEMPTS_EXHAUSTED: 422,
  // user-ID (issue 3 §7: one code per rule)
  USER_ID_TOO_SHORT: 422,
  USER_ID_TOO_LONG: 422,
  USER_ID_INVALID_CHARACTER: 422,
  USER_ID_EDGE_SPACE: 422,
  USER_ID_DIGIT_RUN: 422,
  USER_ID_CONTAINS_PERSON_NUMBER: 422,
  USER_ID_TAKEN: 409,
  // phone
  PHONE_INVALID: 422,
  PHONE_CODE_WRONG: 422,
  PHONE_CODE_EXPIRED: 422,
  PHONE_CODE_USED_UP: 422,
  PHONE_RESEND_THROTTLED: 429,
  // app authenticator (issue 4 §1–3)
  APP_NOT_FOUND: 404,
  /** the app is pending, inactive or revoked: it cannot do this */
  APP_NOT_ACTIVE: 409,
  APP_KEY_INVALID: 422,
  APP_SIGNATURE_INVALID: 422,
  APP_PIN_NOT_SET: 409,
  APP_PIN_WRONG: 422,
  /** too many wrong PINs: locked for a while (details.retryAfterSeconds) */
  APP_SUSPENDED: 423,
  /** PIN attempts used up: the app must be activated again (temporary PIN by SMS) */
  APP_REACTIVATION_REQUIRED: 423,
  APP_LOGIN_NOT_FOUND: 404,
  APP_LOGIN_EXPIRED: 410,
  APP_LIMIT_REACHED: 409,
  TEMP_PIN_WRONG: 422,
  TEMP_PIN_EXPIRED: 422,
  TEMP_PIN_BLOCKED: 422,
  // copy the app to another device
  COPY_SESSION_EXPIRED: 410,
  COPY_SESSION_USED: 409,
  COPY_QR_STALE: 422,
  COPY_QR_INVALID: 422,
  /** the identity changed recently (details.retryAfterSeconds) */
  COPY_SECURITY_WAIT: 409,
  // code display and code reader (issue 4 §4)
  TOKEN_UNKNOWN_SERIAL: 422,
  /** the device is assigned to someone, revoked or suspended */
  TOKEN_NOT_AVAILABLE: 409,
  /** one code display or code reader per identity */
  TOKEN_ALREADY_HAS_ONE: 409,
  TOKEN_CODE_WRONG: 422,
  /** a code (time step) at or before the last accepted one */
  TOKEN_CODE_REPLAYED: 422,
  /** three wrong codes in a row; an operator must reinstate the device */
  TOKEN_SUSPENDED: 423,
  TOKEN_NOT_FOUND: 404,
  TOKEN_ORDER_NOT_FOUND: 404,
  /** the order is not in a state that allows this step (ordered → sent → activated) */
  TOKEN_ORDER_STATE: 409,
  /** an order for this identity is still open */
  TOKEN_ORDER_OPEN: 409,
  // PSKC seed files (RFC 6030)
  PSKC_MALFORMED: 422,
  PSKC_UNSUPPORTED: 422,
  /** the file has encrypted key packages but no key or password was given */
  PSKC_KEY_REQUIRED: 422,
  PSKC_DECRYPT_FAILED: 422,
  // password (issue 4 §4, §6): used with a code display, code reader or chip
  PASSWORD_MISMATCH: 422,
  PASSWORD_TOO_SHORT: 422,
  PASSWORD_TOO_LONG: 422,
  /** the user-ID, all one character, or (on change) the old password (details.reason) */
  PASSWORD_WEAK: 422,
  PASSWORD_WRONG: 422,
  /** too many wrong passwords (details.retryAfterSeconds when the lock lapses by itself) */
  PASSWORD_LOCKED: 423,
  PASSWORD_NOT_SET: 409,
  // chip: FIDO security key over WebAuthn (issue 4 §5)
  /** no such registration or login ceremony, or it was already used */
  FIDO_CEREMONY_NOT_FOUND: 404,
  FIDO_CEREMONY_EXPIRED: 410,
  FIDO_CHALLENGE_MISMATCH: 422,
  FIDO_ORIGIN_MISMATCH: 422,
  FIDO_RP_ID_MISMATCH: 422,
  /** malformed response, bad signature, user not present, attestation format or key model not accepted */
  FIDO_RESPONSE_INVALID: 422,
  FIDO_CREDENTIAL_EXISTS: 409,
  FIDO_CREDENTIAL_UNKNOWN: 422,
  FIDO_NOT_REGISTERED: 404,
  /** the signature counter did not increase: the key may have been cloned; it is suspended */
  FIDO_COUNTER_REGRESSED: 422,
  FIDO_CREDENTIAL_SUSPENDED: 423,
  /** the identity already has a chip (one per identity, like a code display) */
  FIDO_ALREADY_HAS_ONE: 409,
  /** chips need the server's public URL (the WebAuthn relying party); none is configured */
  FIDO_NOT_CONFIGURED: 503,
  // login (log in with OpenMitID)
  LOGIN_INTERACTION_NOT_FOUND: 404,
  LOGIN_STEP_OUT_OF_ORDER: 409,
  LOGIN_APPROVAL_NOT_FOUND: 404,
  LOGIN_APPROVAL_EXPIRED: 410,
  /** the approval already has an outcome (approved or denied); a denial is final */
  LOGIN_APPROVAL_DECIDED: 409,
  /** the app has not scanned the login page's QR code (or opened the same-phone link) */
  LOGIN_QR_NOT_SCANNED: 409,
  LOGIN_QR_INVALID: 422,
  /** the identity is suspended or blocked (told only after a correct authentication) */
  LOGIN_IDENTITY_REFUSED: 403,
  /** reading an app's approval requests needs a device-key signature (header or query parameter) */
  LOGIN_APP_UNSIGNED: 401,
  /** the signature is not the app's device key over this request (or no such app) */
  LOGIN_APP_SIGNATURE_INVALID: 401,
  /** the signed time is more than 60 s from the server's clock */
  LOGIN_APP_SIGNATURE_STALE: 401,
  /** this signature (its nonce) was used already */
  LOGIN_APP_SIGNATURE_REPLAYED: 401,
  // activation and self-service (issue 4 §6)
  /** the identity is blocked (by its owner or an operator): nothing works until re-enrolment or an operator unblocks it */
  IDENTITY_BLOCKED: 423,
  /** the self-service request is not signed by an authenticated session of this identity */
  SELFSERVICE_UNAUTHENTICATED: 401,
  /** the user-ID entered on the new device is not the identity's whose app showed the copy QR */
  COPY_USER_ID_WRONG: 422,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

/** RFC 9457 problem details, with our stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  /** machine-readable extras (e.g. retryAfterSeconds); never personal data */
  details?: Record<string, unknown>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
