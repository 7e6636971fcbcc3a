/**
 * The browser half of the chip (a FIDO security key): turns the server's registration options
 * (WebAuthn JSON, base64url) into what navigator.credentials.create() takes, and the
 * credential it gives back into RegistrationResponseJSON (W3C WebAuthn Level 3 §5.1), the
 * shape ActivationClient.activateChip sends. Browsers with
 * PublicKeyCredential.parseCreationOptionsFromJSON / credential.toJSON() do the same; this
 * works without them.
 */
import type { ChipCreationOptions, ChipRegistrationResponse } from '@openmitid/api';
import { base64urlDecode, base64urlEncode } from '../device/base64url.js';
import { DeviceError } from '../device/errors.js';

/** What creates the credential: `navigator.credentials` in a browser, a software key in tests. */
export interface CredentialCreator {
  create(options: { publicKey: PublicKeyCredentialCreationOptions }): Promise<Credential | null>;
}

const bytes = (text: string): ArrayBuffer => {
  const b = base64urlDecode(text);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const text = (buffer: ArrayBuffer): string => base64urlEncode(new Uint8Array(buffer));

/** §5.1.8 parseCreationOptionsFromJSON, by hand. */
export function creationOptionsFromJson(o: ChipCreationOptions): PublicKeyCredentialCreationOptions {
  return {
    rp: o.rp,
    user: { id: bytes(o.user.id), name: o.user.name, displayName: o.user.displayName },
    challenge: bytes(o.challenge),
    pubKeyCredParams: o.pubKeyCredParams.map((p) => ({ alg: p.alg, type: p.type as PublicKeyCredentialType })),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    ...(o.excludeCredentials
      ? { excludeCredentials: o.excludeCredentials.map((c) => ({ type: c.type as PublicKeyCredentialType, id: bytes(c.id), ...(c.transports ? { transports: c.transports as AuthenticatorTransport[] } : {}) })) }
      : {}),
    ...(o.authenticatorSelection ? { authenticatorSelection: o.authenticatorSelection as AuthenticatorSelectionCriteria } : {}),
    ...(o.attestation ? { attestation: o.attestation as AttestationConveyancePreference } : {}),
    ...(o.extensions ? { extensions: o.extensions as AuthenticationExtensionsClientInputs } : {}),
    // `hints` and `attestationFormats` are newer than some browsers' dictionaries; passed through
    ...(o.hints ? ({ hints: o.hints } as object) : {}),
  };
}

/** §5.1 toJSON of a registration's PublicKeyCredential, by hand. */
export function registrationResponseToJson(credential: PublicKeyCredential): ChipRegistrationResponse {
  const response = credential.response as AuthenticatorAttestationResponse;
  const transports = typeof response.getTransports === 'function' ? response.getTransports() : undefined;
  return {
    id: credential.id,
    rawId: text(credential.rawId),
    type: 'public-key',
    response: {
      clientDataJSON: text(response.clientDataJSON),
      attestationObject: text(response.attestationObject),
      ...(transports ? { transports } : {}),
    },
    ...(credential.authenticatorAttachment ? { authenticatorAttachment: credential.authenticatorAttachment } : {}),
    clientExtensionResults: typeof credential.getClientExtensionResults === 'function' ? credential.getClientExtensionResults() : {},
  };
}

/**
 * Asks the security key for a new credential under `options` (from ActivationClient.chipOptions)
 * and returns its RegistrationResponseJSON. DeviceError CHIP_CANCELLED when the key gives
 * nothing (cancelled, timed out, not allowed on this page).
 */
export async function createSecurityKeyCredential(options: ChipCreationOptions, creator: CredentialCreator = globalThis.navigator.credentials): Promise<ChipRegistrationResponse> {
  let credential: Credential | null;
  try {
    credential = await creator.create({ publicKey: creationOptionsFromJson(options) });
  } catch (e) {
    // NotAllowedError (cancelled or timed out), InvalidStateError (a key already registered here), …
    throw new DeviceError('CHIP_CANCELLED', (e as Error).name || 'create failed', { cause: e });
  }
  if (!credential || credential.type !== 'public-key') throw new DeviceError('CHIP_CANCELLED', 'no credential');
  return registrationResponseToJson(credential as PublicKeyCredential);
}
