/**
 * What ties an answer to this ceremony and this service, checked before the signature so each
 * failure has its own code: the client data's type, challenge and origin (WebAuthn L3 §7.1
 * steps 7–9, §7.2 steps 11–13) and the authenticator data's rp id hash (§7.1 step 13,
 * §7.2 step 15). @simplewebauthn/server checks them again, and the signatures.
 */
import { createHash } from 'node:crypto';
import { decodeAttestationObject, decodeClientDataJSON, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { equalBytes } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { AttestationFormatName } from './settings.js';

function invalid(why: string): ApiError {
  return new ApiError('FIDO_RESPONSE_INVALID', why);
}

export function checkClientData(clientDataJSON: string, expected: { type: 'webauthn.create' | 'webauthn.get'; challenge: Uint8Array; origins: readonly string[] }): void {
  let data: ReturnType<typeof decodeClientDataJSON>;
  try {
    data = decodeClientDataJSON(clientDataJSON);
  } catch {
    throw invalid('clientDataJSON is not JSON');
  }
  if (!data || typeof data !== 'object' || data.type !== expected.type) throw invalid('wrong client data type');
  const challenge = typeof data.challenge === 'string' && /^[A-Za-z0-9_-]+$/.test(data.challenge) ? new Uint8Array(Buffer.from(data.challenge, 'base64url')) : new Uint8Array(0);
  if (!equalBytes(challenge, expected.challenge)) throw new ApiError('FIDO_CHALLENGE_MISMATCH', 'the answer is for another challenge');
  if (typeof data.origin !== 'string' || !expected.origins.includes(data.origin)) throw new ApiError('FIDO_ORIGIN_MISMATCH', 'the ceremony ran on another origin');
  // a cross-origin iframe could relay the ceremony for another site
  if (data.crossOrigin === true) throw new ApiError('FIDO_ORIGIN_MISMATCH', 'cross-origin ceremony');
}

function rpIdHash(rpId: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(rpId, 'utf8').digest());
}

function authDataParts(authData: Uint8Array) {
  try {
    return parseAuthenticatorData(new Uint8Array(authData));
  } catch {
    throw invalid('malformed authenticator data');
  }
}

export function checkAssertionRpId(authenticatorData: string, rpId: string): void {
  const parsed = authDataParts(new Uint8Array(Buffer.from(authenticatorData, 'base64url')));
  if (!equalBytes(parsed.rpIdHash, rpIdHash(rpId))) throw new ApiError('FIDO_RP_ID_MISMATCH', 'the key signed for another relying party');
}

/** Checks the attestation object's rp id hash and format; returns the format. */
export function checkAttestation(attestationObject: string, rpId: string, formats: readonly AttestationFormatName[]): AttestationFormatName {
  let fmt: string;
  let authData: Uint8Array;
  try {
    const decoded = decodeAttestationObject(new Uint8Array(Buffer.from(attestationObject, 'base64url')));
    fmt = decoded.get('fmt');
    authData = decoded.get('authData');
  } catch {
    throw invalid('malformed attestation object');
  }
  if (!(authData instanceof Uint8Array)) throw invalid('attestation object without authenticator data');
  const parsed = authDataParts(authData);
  if (!equalBytes(parsed.rpIdHash, rpIdHash(rpId))) throw new ApiError('FIDO_RP_ID_MISMATCH', 'the key registered for another relying party');
  if (!(formats as readonly string[]).includes(fmt)) throw invalid(`attestation format ${String(fmt)} not accepted`);
  return fmt as AttestationFormatName;
}
