/**
 * The one small interface every authenticator kind offers the login (design.md: "one folder
 * per kind, the same small interface, registered in one list"; the shape of Ory Kratos'
 * strategies). A login is two round trips: `beginLogin` hands the device or browser what it
 * must answer (an OPAQUE response, a WebAuthn challenge, nothing for a code), `finishLogin`
 * checks the answer — and the password, for the kinds that go with one — and returns the
 * verdict the login turns into `amr` and `acr`. Both take untrusted wire data as `unknown`
 * and refuse it with the kind's own ApiError codes.
 */
import type { AmrValue, NsisLevel } from '../login/claims.js';

export const AUTHENTICATOR_KIND_NAMES = ['app', 'code-display', 'code-reader', 'chip'] as const;
export type AuthenticatorKindName = (typeof AUTHENTICATOR_KIND_NAMES)[number];

export type AuthenticationFactor = 'possession' | 'knowledge' | 'inherence';

export interface BeginLoginInput {
  identityId: string;
  now: Date;
  /** what the device sends to start (the app: `{ appId, startLoginRequest }`); untrusted */
  request?: unknown;
}

export interface LoginChallenge {
  kind: AuthenticatorKindName;
  /** what the device or browser needs next, as JSON */
  challenge: Record<string, unknown>;
  /** when the started check lapses (null: nothing is held server-side) */
  expiresAt: Date | null;
}

export interface FinishLoginInput {
  identityId: string;
  now: Date;
  /** the device's answer (the app: `{ loginId, finishLoginRequest, signature }`, a code display: `{ code }`, the chip: `{ ceremonyId, response }`); untrusted */
  answer: unknown;
  /** the identity's password, for kinds with `needsPassword` */
  password?: string;
}

/** A login that passed: what the OIDC login needs to finish the interaction. */
export interface LoginVerdict {
  identityId: string;
  kind: AuthenticatorKindName;
  /** the app id, token serial or credential id that answered */
  authenticatorId: string;
  /** the methods proven, for the id token (e.g. ['pwd', 'u2f_token']) */
  amr: AmrValue[];
  /** level-of-assurance inputs: the login takes the lower of `maxLevel` and the identity's proofing */
  assurance: { factors: AuthenticationFactor[]; maxLevel: NsisLevel };
  at: Date;
}

/** One authenticator as the self-service list shows it. */
export interface AuthenticatorSummary {
  kind: AuthenticatorKindName;
  id: string;
  /** the kind's own status word (active, inactive, assigned, suspended, …) */
  status: string;
  /** it can approve a login now */
  usable: boolean;
  createdAt: Date;
}

export interface AuthenticatorKind {
  readonly kind: AuthenticatorKindName;
  /** the method this kind proves (MitID's names: code_app, code_token, code_reader, u2f_token) */
  readonly amr: AmrValue;
  /** a login with this kind also needs the identity's password (given to finishLogin) */
  readonly needsPassword: boolean;
  /** the highest assurance this kind can give */
  readonly maxLevel: NsisLevel;
  /** the identity's authenticators of this kind, not removed */
  list(identityId: string, now: Date): Promise<AuthenticatorSummary[]>;
  beginLogin(input: BeginLoginInput): Promise<LoginChallenge>;
  finishLogin(input: FinishLoginInput): Promise<LoginVerdict>;
}
