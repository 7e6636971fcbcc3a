/**
 * The self-service API (issue 4 §6). A session is opened by an app (key and PIN proven in one
 * PIN check made for purpose `selfservice`) or by the password and a code from the code
 * display; it lives a few minutes and its id is the bearer secret in the path.
 */
import { Type, type Static } from '@sinclair/typebox';

export const SELFSERVICE_PIN_PURPOSE = 'selfservice';

export const SELFSERVICE_PATHS = {
  sessionByApp: '/v1/selfservice/session/app',
  sessionByPassword: '/v1/selfservice/session/password',
  authenticators: '/v1/selfservice/:sid/authenticators',
  remove: '/v1/selfservice/:sid/authenticators/remove',
  pinRegistration: '/v1/selfservice/:sid/pin/registration',
  pin: '/v1/selfservice/:sid/pin',
  password: '/v1/selfservice/:sid/password',
  block: '/v1/selfservice/:sid/block',
} as const;

export const PasswordSessionRequest = Type.Object(
  { userId: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 1024 }), code: Type.String({ maxLength: 16 }) },
  { additionalProperties: false },
);
export type PasswordSessionRequest = Static<typeof PasswordSessionRequest>;

export const SelfServiceSession = Type.Object({ sessionId: Type.String(), expiresAt: Type.String({ format: 'date-time' }), appId: Type.Optional(Type.String()) });
export type SelfServiceSession = Static<typeof SelfServiceSession>;

export const AUTHENTICATOR_KINDS = ['app', 'code-display', 'code-reader', 'password'] as const;

export const AuthenticatorSummary = Type.Object({
  kind: Type.Union(AUTHENTICATOR_KINDS.map((k) => Type.Literal(k))),
  /** app id, or the device serial */
  id: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  /** this session was opened with it */
  current: Type.Boolean(),
});
export type AuthenticatorSummary = Static<typeof AuthenticatorSummary>;
export const AuthenticatorList = Type.Object({ authenticators: Type.Array(AuthenticatorSummary) });
export type AuthenticatorList = Static<typeof AuthenticatorList>;

export const RemoveRequest = Type.Object(
  { kind: Type.Union(AUTHENTICATOR_KINDS.map((k) => Type.Literal(k))), id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
export type RemoveRequest = Static<typeof RemoveRequest>;

export const ChangePasswordRequest = Type.Object(
  { oldPassword: Type.String({ maxLength: 1024 }), password: Type.String({ maxLength: 1024 }), repeat: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const Done = Type.Object({ ok: Type.Literal(true) });
export type Done = Static<typeof Done>;
