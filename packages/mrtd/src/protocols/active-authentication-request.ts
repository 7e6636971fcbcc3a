/**
 * The terminal's half of Active Authentication (Doc 9303 Part 11 §6.1) that needs no
 * asymmetric keys: sending the challenge with INTERNAL AUTHENTICATE, and the rules both
 * signer and verifier share. Kept apart from active-authentication.ts (node:crypto keys)
 * so readers in browsers can run it.
 */
import { INS } from '../apdu.js';
import type { HashName } from '../crypto/hash.js';
import type { ApduChannel } from '../transport.js';

export const AA_STEP = 'AA:INTERNAL_AUTHENTICATE';

/**
 * The ECDSA hash when DG14 names none: the one matching the curve size (SHA-256 for
 * 256-bit curves, SHA-384, SHA-512 for 512/521-bit). Used by signer and verifier alike.
 */
export function defaultEcdsaHash(orderBytes: number): HashName {
  if (orderBytes <= 32) return 'sha256';
  if (orderBytes <= 48) return 'sha384';
  return 'sha512';
}

export function checkChallenge(challenge: Uint8Array): void {
  if (challenge.length === 0 || challenge.length > 255) throw new RangeError('Active Authentication challenge must be 1..255 bytes (8 per Doc 9303)');
}

/**
 * Sends INTERNAL AUTHENTICATE with the caller's challenge (8 bytes per Doc 9303) and
 * returns the chip's signature. `ne` defaults to 256; RSA keys over 2048 bits need more.
 */
export async function performActiveAuthentication(channel: ApduChannel, challenge: Uint8Array, opts: { ne?: number } = {}): Promise<Uint8Array> {
  checkChallenge(challenge);
  return channel.expectOk({ cla: 0x00, ins: INS.INTERNAL_AUTHENTICATE, p1: 0, p2: 0, data: challenge, ne: opts.ne ?? 256 }, AA_STEP);
}
