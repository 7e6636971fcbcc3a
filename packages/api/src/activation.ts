/**
 * The activation API (issue 4): the last step of enrolment, "Hvordan vil du godkende med
 * MitID?". States, paths and bodies, shared by the server and the app. Binary values
 * travel as base64url.
 */
import { Type, type Static } from '@sinclair/typebox';

export const ACTIVATION_METHODS = ['this-phone', 'other-device', 'code-display', 'code-reader', 'chip'] as const;
export type ActivationMethod = (typeof ACTIVATION_METHODS)[number];
/** How a flow activates: a method chosen at the end of enrolment, or a copy from another app ("Kopier fra anden MitID app"). */
export const FLOW_METHODS = [...ACTIVATION_METHODS, 'copy-app'] as const;
export type FlowMethod = (typeof FLOW_METHODS)[number];

/** The states an activation flow passes through. App path and token path share the start and the end. */
export const ACTIVATION_STATES = [
  'started',
  'method_chosen',
  // app (this phone, another device)
  'temp_pin_sent',
  'temp_pin_verified',
  'pin_set',
  'biometrics_chosen',
  // code display / code reader
  'password_set',
  'token_ordered',
  'completed',
] as const;
export type ActivationState = (typeof ACTIVATION_STATES)[number];

export const ACTIVATION_STEPS = ['method', 'user-id', 'device-key', 'temp-pin', 'pin-registration', 'pin', 'biometrics', 'notifications', 'order', 'password', 'token', 'chip-options', 'chip'] as const;
export type ActivationStep = (typeof ACTIVATION_STEPS)[number];

export const ACTIVATION_PATHS = {
  /** starts the activation of a completed enrolment flow */
  start: '/v1/enrolment/:id/activation',
  flow: '/v1/activation/:id',
  method: '/v1/activation/:id/method',
  deviceKey: '/v1/activation/:id/device-key',
  tempPin: '/v1/activation/:id/temp-pin',
  pinRegistration: '/v1/activation/:id/pin/registration',
  pin: '/v1/activation/:id/pin',
  biometrics: '/v1/activation/:id/biometrics',
  notifications: '/v1/activation/:id/notifications',
  order: '/v1/activation/:id/order',
  password: '/v1/activation/:id/password',
  token: '/v1/activation/:id/token',
  /** chip: the WebAuthn registration options (a new challenge each time) */
  chipOptions: '/v1/activation/:id/chip/options',
  /** chip: the key's RegistrationResponseJSON and the new password twice */
  chip: '/v1/activation/:id/chip',
} as const;

const B64u = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength });

export const ActivationFlowView = Type.Object({
  id: Type.String(),
  kind: Type.Literal('activation'),
  state: Type.Union(ACTIVATION_STATES.map((s) => Type.Literal(s))),
  expiresAt: Type.String({ format: 'date-time' }),
  method: Type.Optional(Type.Union(FLOW_METHODS.map((m) => Type.Literal(m)))),
  /** the app being activated (app path) */
  appId: Type.Optional(Type.String()),
  /** base64url bytes the device key signs (purpose `register`) to finish the activation */
  activationChallenge: Type.Optional(Type.String()),
  /** the temporary PIN's expiry */
  tempPinExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  orderId: Type.Optional(Type.String()),
});
export type ActivationFlowView = Static<typeof ActivationFlowView>;

export const MethodRequest = Type.Object({ method: Type.Union(ACTIVATION_METHODS.map((m) => Type.Literal(m))) }, { additionalProperties: false });
export type MethodRequest = Static<typeof MethodRequest>;

export const DeviceKeyRequest = Type.Object({ publicKeySpki: B64u(512) }, { additionalProperties: false });
export type DeviceKeyRequest = Static<typeof DeviceKeyRequest>;

export const TempPinRequest = Type.Object({ code: Type.String({ maxLength: 16 }) }, { additionalProperties: false });
export type TempPinRequest = Static<typeof TempPinRequest>;

export const PinRegistrationRequest = Type.Object({ registrationRequest: B64u(2048) }, { additionalProperties: false });
export type PinRegistrationRequest = Static<typeof PinRegistrationRequest>;
export const PinRegistrationResponse = Type.Object({ registrationResponse: Type.String() });
export type PinRegistrationResponse = Static<typeof PinRegistrationResponse>;

export const PinRecordRequest = Type.Object({ registrationRecord: B64u(2048) }, { additionalProperties: false });
export type PinRecordRequest = Static<typeof PinRecordRequest>;

export const BiometricsRequest = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
export type BiometricsRequest = Static<typeof BiometricsRequest>;

/** Web Push subscription as the browser gives it, or null when notifications were declined; signed by the device key. */
export const NotificationsRequest = Type.Object(
  {
    pushSubscription: Type.Union([
      Type.Null(),
      Type.Object(
        { endpoint: Type.String({ maxLength: 2048 }), expirationTime: Type.Optional(Type.Union([Type.Null(), Type.Number()])), keys: Type.Record(Type.String({ maxLength: 32 }), Type.String({ maxLength: 256 }), { maxProperties: 4 }) },
        { additionalProperties: false },
      ),
    ]),
    signature: B64u(128),
  },
  { additionalProperties: false },
);
export type NotificationsRequest = Static<typeof NotificationsRequest>;

export const OrderRequest = Type.Object(
  {
    address: Type.Object(
      {
        name: Type.String({ maxLength: 200 }),
        street: Type.String({ maxLength: 200 }),
        postalCode: Type.String({ maxLength: 20 }),
        city: Type.String({ maxLength: 100 }),
        country: Type.String({ maxLength: 2 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type OrderRequest = Static<typeof OrderRequest>;

export const PasswordRequest = Type.Object({ password: Type.String({ maxLength: 1024 }), repeat: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });
export type PasswordRequest = Static<typeof PasswordRequest>;

export const TokenRequest = Type.Object({ serial: Type.String({ maxLength: 64 }), code: Type.String({ maxLength: 16 }) }, { additionalProperties: false });
export type TokenRequest = Static<typeof TokenRequest>;

/** Copying the app to another device (issue 4 §3) and the PIN check the old app makes first. */
export const COPY_APP_PATHS = {
  /** a PIN check of an app (OPAQUE login start); the purpose says what it will authorise */
  pinLogin: '/v1/apps/:appId/pin-login',
  /** the old app finishes its PIN check (purpose `copy`) and gets the copy session */
  session: '/v1/copy-app/session',
  /** the new device hands in a scanned frame: an activation flow (method copy-app) starts */
  start: '/v1/copy-app',
  /** the new device's user enters their user-ID */
  userId: '/v1/activation/:id/user-id',
} as const;

export const PinLoginStartRequest = Type.Object(
  { startLoginRequest: B64u(2048), purpose: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }) },
  { additionalProperties: false },
);
export type PinLoginStartRequest = Static<typeof PinLoginStartRequest>;
export const PinLoginStartResponse = Type.Object({
  loginId: Type.String(),
  loginResponse: Type.String(),
  nonce: Type.String(),
  purpose: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PinLoginStartResponse = Static<typeof PinLoginStartResponse>;

export const PinLoginFinishRequest = Type.Object(
  { loginId: Type.String({ maxLength: 64 }), finishLoginRequest: B64u(2048), signature: B64u(128) },
  { additionalProperties: false },
);
export type PinLoginFinishRequest = Static<typeof PinLoginFinishRequest>;

export const CopySessionResponse = Type.Object({
  sessionId: Type.String(),
  secret: Type.String(),
  validSeconds: Type.Integer(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type CopySessionResponse = Static<typeof CopySessionResponse>;

export const CopyStartRequest = Type.Object({ qr: Type.String({ maxLength: 128 }) }, { additionalProperties: false });
export type CopyStartRequest = Static<typeof CopyStartRequest>;

export const UserIdConfirmRequest = Type.Object({ userId: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
export type UserIdConfirmRequest = Static<typeof UserIdConfirmRequest>;
