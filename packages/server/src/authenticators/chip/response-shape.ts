/**
 * The browser's answers arrive as untrusted JSON: these checks give them their WebAuthn JSON
 * type (W3C WebAuthn L3 §5.1 RegistrationResponseJSON / AuthenticationResponseJSON) or refuse
 * with VALIDATION_FAILED before any of it is decoded.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { ApiError } from '../../errors.js';

const B64URL = /^[A-Za-z0-9_-]*$/;
/** generous bounds: a credential id is at most 1023 bytes, attestation objects a few KiB */
const MAX_FIELD = 16_384;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function b64url(v: unknown, what: string, max = MAX_FIELD): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max || !B64URL.test(v)) throw new ApiError('VALIDATION_FAILED', `${what} is not base64url`);
  return v;
}

function common(v: unknown): { id: string; rawId: string; response: Record<string, unknown> } {
  if (!isObject(v) || v.type !== 'public-key' || !isObject(v.response)) throw new ApiError('VALIDATION_FAILED', 'not a public-key credential');
  const id = b64url(v.id, 'id', 1400);
  const rawId = b64url(v.rawId, 'rawId', 1400);
  if (id !== rawId) throw new ApiError('VALIDATION_FAILED', 'id and rawId differ');
  return { id, rawId, response: v.response };
}

const TRANSPORT = /^[a-z-]{1,16}$/;

export function asRegistrationResponse(v: unknown): RegistrationResponseJSON {
  const { id, rawId, response } = common(v);
  const transports = response.transports;
  if (transports !== undefined && (!Array.isArray(transports) || transports.length > 8 || !transports.every((t) => typeof t === 'string' && TRANSPORT.test(t)))) {
    throw new ApiError('VALIDATION_FAILED', 'bad transports');
  }
  return {
    id,
    rawId,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(response.clientDataJSON, 'clientDataJSON'),
      attestationObject: b64url(response.attestationObject, 'attestationObject'),
      ...(transports ? { transports: transports as string[] } : {}),
    },
  } as RegistrationResponseJSON;
}

export function asAuthenticationResponse(v: unknown): AuthenticationResponseJSON {
  const { id, rawId, response } = common(v);
  const userHandle = response.userHandle;
  return {
    id,
    rawId,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(response.clientDataJSON, 'clientDataJSON'),
      authenticatorData: b64url(response.authenticatorData, 'authenticatorData'),
      signature: b64url(response.signature, 'signature', 1024),
      ...(typeof userHandle === 'string' && userHandle !== '' ? { userHandle: b64url(userHandle, 'userHandle', 128) } : {}),
    },
  };
}
