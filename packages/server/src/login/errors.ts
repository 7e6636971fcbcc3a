/**
 * Errors of the login module (OIDC provider wiring, client registry, interactions), with
 * stable codes. Errors of the OIDC protocol itself are oidc-provider's and go to the relying
 * party as OAuth error responses; these are for the operator's tools and the login pages.
 */
export type LoginErrorCode =
  | 'OIDC_CLIENT_INVALID'
  | 'OIDC_CLIENT_NOT_FOUND'
  | 'OIDC_INTERACTION_NOT_FOUND'
  | 'OIDC_INTERACTION_FINISHED'
  | 'OIDC_LOGIN_INVALID'
  | 'OIDC_KEY_ROTATION_RACE';

export class LoginError extends Error {
  override readonly name = 'LoginError';

  constructor(
    readonly code: LoginErrorCode,
    /** for logs only: never personal data */
    message: string = code,
  ) {
    super(message);
  }
}
