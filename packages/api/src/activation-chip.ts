/**
 * Activating a chip (a FIDO security key used with the password, issue 4 §5) in the
 * activation flow: the WebAuthn registration options the server chose, and the browser's
 * answer. The shapes are the JSON forms of W3C WebAuthn Level 3 §5.1
 * (PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON): what
 * `PublicKeyCredential.parseCreationOptionsFromJSON` takes and `credential.toJSON()` gives.
 * Binary values travel as base64url.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ActivationFlowView } from './activation.js';

const B64u = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength });
const Transports = Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 });

const CredentialDescriptor = Type.Object({ id: B64u(1400), type: Type.String(), transports: Type.Optional(Transports) });

/** §5.4 as JSON: the `publicKey` member of navigator.credentials.create(). */
export const ChipCreationOptions = Type.Object({
  rp: Type.Object({ id: Type.Optional(Type.String()), name: Type.String() }),
  user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
  challenge: Type.String(),
  pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Integer(), type: Type.String() })),
  timeout: Type.Optional(Type.Integer()),
  excludeCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
  authenticatorSelection: Type.Optional(
    Type.Object({
      authenticatorAttachment: Type.Optional(Type.String()),
      residentKey: Type.Optional(Type.String()),
      requireResidentKey: Type.Optional(Type.Boolean()),
      userVerification: Type.Optional(Type.String()),
    }),
  ),
  hints: Type.Optional(Type.Array(Type.String())),
  attestation: Type.Optional(Type.String()),
  attestationFormats: Type.Optional(Type.Array(Type.String())),
  extensions: Type.Optional(Type.Object({}, { additionalProperties: true })),
});
export type ChipCreationOptions = Static<typeof ChipCreationOptions>;

/** The answer to `chip/options`: the flow and the options for the key. */
export const ChipOptionsResponse = Type.Object({ flow: ActivationFlowView, options: ChipCreationOptions });
export type ChipOptionsResponse = Static<typeof ChipOptionsResponse>;

/**
 * §5.1 RegistrationResponseJSON as the browser makes it. Members a browser may add later are
 * let through; the server reads only the ones it knows.
 */
export const ChipRegistrationResponse = Type.Object({
  id: B64u(1400),
  rawId: B64u(1400),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: B64u(16_384),
    attestationObject: B64u(16_384),
    authenticatorData: Type.Optional(B64u(16_384)),
    transports: Type.Optional(Transports),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(B64u(4096)),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  clientExtensionResults: Type.Object({}, { additionalProperties: true }),
});
export type ChipRegistrationResponse = Static<typeof ChipRegistrationResponse>;

/** The key's answer and the new password, entered twice ("Opret din nye adgangskode"). */
export const ChipActivationRequest = Type.Object(
  { credential: ChipRegistrationResponse, password: Type.String({ maxLength: 1024 }), repeat: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
export type ChipActivationRequest = Static<typeof ChipActivationRequest>;
