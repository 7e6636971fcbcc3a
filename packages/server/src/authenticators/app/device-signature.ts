/**
 * The server's check of a device-key signature (node:crypto). The device signs with
 * WebCrypto, whose ECDSA signatures are IEEE P1363 (r ‖ s, 64 bytes for P-256), not DER.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { deviceSignedMessage } from '@openmitid/api';
import { ApiError } from '../../errors.js';

/** Parses a registered public key, refusing anything but an EC key on P-256. */
export function parseDevicePublicKey(spki: Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    throw new ApiError('APP_KEY_INVALID', 'device public key is not DER SPKI');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ApiError('APP_KEY_INVALID', 'device public key must be P-256');
  }
  return key;
}

/** True when `signature` is the device's P1363 ECDSA-SHA-256 signature of (purpose, challenge). */
export function verifyDeviceSignature(publicKey: KeyObject, purpose: string, challenge: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return verify('sha256', deviceSignedMessage(purpose, challenge), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}
