/**
 * The activation API (issue 4): the last step of enrolment, "Hvordan vil du godkende med
 * MitID?". States, paths and bodies, shared by the server and the app. Binary values
 * travel as base64url.
 */
import { Type, type Static } from '@sinclair/typebox';

export const ACTIVATION_METHODS = ['this-phone', 'other-device', 'code-display', 'code-reader'] as const;
export type ActivationMethod = (typeof ACTIVATION_METHODS)[number];

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

export const ACTIVATION_STEPS = ['method', 'device-key', 'temp-pin', 'pin-registration', 'pin', 'biometrics', 'notifications', 'order', 'password', 'token'] as const;
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
} as const;

const B64u = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength });

export const ActivationFlowView = Type.Object({
  id: Type.String(),
  kind: Type.Literal('activation'),
  state: Type.Union(ACTIVATION_STATES.map((s) => Type.Literal(s))),
  expiresAt: Type.String({ format: 'date-time' }),
  method: Type.Optional(Type.Union(ACTIVATION_METHODS.map((m) => Type.Literal(m)))),
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
