/**
 * Request and response bodies of the enrolment API, as JSON Schema (TypeBox) with their
 * static types. Binary values travel as standard base64.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ENROLMENT_STATES } from './flow-states.js';

const Base64 = (maxLength: number) => Type.String({ contentEncoding: 'base64', pattern: '^[A-Za-z0-9+/]*={0,2}$', maxLength });

export const EnrolmentFlowView = Type.Object({
  id: Type.String(),
  kind: Type.Literal('enrolment'),
  state: Type.Union(ENROLMENT_STATES.map((s) => Type.Literal(s))),
  expiresAt: Type.String({ format: 'date-time' }),
  /** the terms version the device must show and accept */
  termsVersion: Type.String(),
  /** country codes (ISO 3166-1 alpha-2) whose passports are accepted */
  countries: Type.Array(Type.String()),
  /** the Active Authentication challenge for this flow, once the MRZ is scanned */
  activeAuthenticationChallenge: Type.Optional(Base64(64)),
  userId: Type.Optional(Type.String()),
  /** set when the flow completed */
  identityId: Type.Optional(Type.String()),
  proofing: Type.Optional(Type.Union([Type.Literal('verified'), Type.Literal('unverified')])),
});
export type EnrolmentFlowView = Static<typeof EnrolmentFlowView>;

export const TermsRequest = Type.Object({ termsVersion: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });
export type TermsRequest = Static<typeof TermsRequest>;

export const CountryRequest = Type.Object({ country: Type.String({ minLength: 2, maxLength: 2 }) }, { additionalProperties: false });
export type CountryRequest = Static<typeof CountryRequest>;

/**
 * The chip's access key fields (Doc 9303 Part 11 §9.7.2), typed by hand when the camera cannot
 * read the code. Shapes are checked by the server step (MRZ_FORMAT with details.field), not here,
 * so a typo gets a code that names the field.
 */
export const MrzKeyInput = Type.Object(
  {
    /** letters and digits, at most 9 (TD3) */
    documentNumber: Type.String({ maxLength: 16 }),
    /** YYMMDD */
    dateOfBirth: Type.String({ maxLength: 8 }),
    /** YYMMDD */
    dateOfExpiry: Type.String({ maxLength: 8 }),
  },
  { additionalProperties: false },
);
export type MrzKeyInput = Static<typeof MrzKeyInput>;

/**
 * Either the MRZ lines as the camera read them, or only the access key typed by hand; with the
 * key, the names come from the chip's DG1 at the chip step.
 */
export const MrzRequest = Type.Union([
  Type.Object({ mrz: Type.Array(Type.String({ maxLength: 44 }), { minItems: 2, maxItems: 3 }) }, { additionalProperties: false }),
  Type.Object({ key: MrzKeyInput }, { additionalProperties: false }),
]);
export type MrzRequest = Static<typeof MrzRequest>;

const LdsFile = Type.Optional(Base64(400_000));

/** Mode A: the device read the chip itself and uploads what it read. */
export const ChipUploadRequest = Type.Object(
  {
    files: Type.Object(
      { COM: LdsFile, SOD: LdsFile, DG1: LdsFile, DG2: LdsFile, DG7: LdsFile, DG11: LdsFile, DG12: LdsFile, DG14: LdsFile, DG15: LdsFile },
      { additionalProperties: false },
    ),
    activeAuthentication: Type.Optional(
      Type.Object({ challenge: Base64(64), signature: Base64(2048) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type ChipUploadRequest = Static<typeof ChipUploadRequest>;

/** Mode B (WebSocket): the server sends command APDUs, the device answers with the chip's responses. */
export const RelayServerMessage = Type.Union([
  Type.Object({ type: Type.Literal('apdu'), seq: Type.Integer(), apdu: Base64(70_000) }),
  Type.Object({ type: Type.Literal('done'), flow: EnrolmentFlowView }),
  Type.Object({ type: Type.Literal('error'), code: Type.String(), status: Type.Integer() }),
]);
export type RelayServerMessage = Static<typeof RelayServerMessage>;

export const RelayDeviceMessage = Type.Union([
  Type.Object({ type: Type.Literal('response'), seq: Type.Integer(), response: Base64(70_000) }),
  Type.Object({ type: Type.Literal('failed'), seq: Type.Integer() }),
]);
export type RelayDeviceMessage = Static<typeof RelayDeviceMessage>;

export const FaceChallengeResponse = Type.Object({ challenge: Type.Unknown(), nonce: Type.String() });
export type FaceChallengeResponse = Static<typeof FaceChallengeResponse>;

export const FaceRequest = Type.Object(
  { frames: Type.Array(Base64(2_000_000), { maxItems: 16 }), nonce: Type.String({ maxLength: 128 }) },
  { additionalProperties: false },
);
export type FaceRequest = Static<typeof FaceRequest>;

export const UserIdRequest = Type.Object({ userId: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
export type UserIdRequest = Static<typeof UserIdRequest>;

export const UserIdAvailability = Type.Object({ available: Type.Boolean() });
export type UserIdAvailability = Static<typeof UserIdAvailability>;

export const PhoneRequest = Type.Object({ phone: Type.String({ maxLength: 32 }) }, { additionalProperties: false });
export type PhoneRequest = Static<typeof PhoneRequest>;

export const PhoneVerifyRequest = Type.Object({ code: Type.String({ maxLength: 16 }) }, { additionalProperties: false });
export type PhoneVerifyRequest = Static<typeof PhoneVerifyRequest>;

export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** The enrolment endpoints, relative to the API root; `:id` is the flow id. */
export const ENROLMENT_PATHS = {
  start: '/v1/enrolment',
  flow: '/v1/enrolment/:id',
  terms: '/v1/enrolment/:id/terms',
  country: '/v1/enrolment/:id/country',
  mrz: '/v1/enrolment/:id/mrz',
  chip: '/v1/enrolment/:id/chip',
  chipRelay: '/v1/enrolment/:id/chip/relay',
  faceChallenge: '/v1/enrolment/:id/face/challenge',
  face: '/v1/enrolment/:id/face',
  userIdAvailability: '/v1/enrolment/:id/user-id/availability',
  userId: '/v1/enrolment/:id/user-id',
  phone: '/v1/enrolment/:id/phone',
  phoneVerify: '/v1/enrolment/:id/phone/verify',
} as const;
