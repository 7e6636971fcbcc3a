/**
 * Active Authentication (Doc 9303 Part 11 §6.1), the Node side: the terminal's challenge is signed by
 * the chip's private key with INTERNAL AUTHENTICATE and checked with DG15's public key.
 * RSA uses ISO/IEC 9796-2 scheme 1 with partial recovery; ECDSA returns plain r ‖ s
 * (BSI TR-03111) over H(challenge), the hash named in DG14's ActiveAuthenticationInfo.
 */
import type { KeyObject } from 'node:crypto';
import { describeKey, ecdsaSignPlain, ecdsaVerifyPlain, parsePublicKey, rsaRawPrivate, rsaRawPublic, type AsymmetricKeyInfo } from '../crypto/asymmetric.js';
import type { HashName } from '../crypto/hash.js';
import { iso9796Encode, iso9796M1Length, iso9796Recover } from '../crypto/iso9796-2.js';
import { MrtdError } from '../errors.js';
import { secureRandom, type RandomSource } from '../random.js';
import { AA_STEP as STEP, checkChallenge, defaultEcdsaHash } from './active-authentication-request.js';

// The request needs no keys and lives apart so browsers can load it; re-exported for existing callers.
export { defaultEcdsaHash, performActiveAuthentication } from './active-authentication-request.js';

/**
 * The chip's side: RSA → ISO/IEC 9796-2 scheme 1 (trailer BC for SHA-1, the default;
 * hash-id ‖ CC otherwise) with a random M1; EC → plain r ‖ s over H(challenge).
 */
export function signActiveAuthentication(
  privateKey: KeyObject,
  challenge: Uint8Array,
  opts: { hash?: HashName; random?: RandomSource } = {},
): Uint8Array {
  checkChallenge(challenge);
  const info = describeKey(privateKey);
  if (info.type === 'ec') return ecdsaSignPlain(privateKey, opts.hash ?? defaultEcdsaHash(info.orderBytes), challenge, info.orderBytes);
  const hash = opts.hash ?? 'sha1';
  const k = rsaBlockLength(info);
  const m1Length = iso9796M1Length(k, hash);
  if (m1Length < 1) throw new MrtdError('AA_ALGORITHM_UNSUPPORTED', `RSA modulus too small for ${hash}`);
  const m1 = (opts.random ?? secureRandom)(m1Length);
  return rsaRawPrivate(privateKey, iso9796Encode(k, m1, challenge, hash));
}

function rsaBlockLength(info: Extract<AsymmetricKeyInfo, { type: 'rsa' }>): number {
  // A representative starting 6A is below the modulus only when the modulus fills whole bytes.
  if (info.modulusBits % 8 !== 0) throw new MrtdError('AA_ALGORITHM_UNSUPPORTED', `RSA modulus of ${info.modulusBits} bits is not a whole number of bytes`);
  return info.modulusBytes;
}

function bigIntToBytes(v: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/**
 * Verifies a chip's Active Authentication signature with DG15's SubjectPublicKeyInfo.
 * Throws AA_SIGNATURE_INVALID, or AA_ALGORITHM_UNSUPPORTED for a key it cannot use.
 */
export function verifyActiveAuthentication(args: { publicKey: Uint8Array; challenge: Uint8Array; signature: Uint8Array; ecdsaHash?: HashName }): void {
  const info = parsePublicKey(args.publicKey);
  if (info.type === 'ec') {
    const hash = args.ecdsaHash ?? defaultEcdsaHash(info.orderBytes);
    if (!ecdsaVerifyPlain(info.key, hash, args.challenge, args.signature, info.orderBytes)) {
      throw new MrtdError('AA_SIGNATURE_INVALID', `ECDSA (${info.curve}, ${hash}) Active Authentication signature does not verify`, { step: STEP });
    }
    return;
  }
  const k = rsaBlockLength(info);
  if (args.signature.length !== k) throw new MrtdError('AA_SIGNATURE_INVALID', `RSA signature of ${args.signature.length} bytes, modulus is ${k}`, { step: STEP });
  let j = rsaRawPublic(info.key, args.signature);
  if (!j) throw new MrtdError('AA_SIGNATURE_INVALID', 'RSA signature is not below the modulus', { step: STEP });
  // ISO/IEC 9796-2 lets the signer send min(σ, n − σ); a representative ends in nibble C,
  // so when it does not, the other root n − J is the one meant.
  if ((j[k - 1]! & 0x0f) !== 0x0c) j = bigIntToBytes(info.modulus - bytesToBigInt(j), k);
  const result = iso9796Recover(j, args.challenge);
  if (!result.ok) throw new MrtdError('AA_SIGNATURE_INVALID', `RSA Active Authentication signature does not verify (${result.reason})`, { step: STEP });
}
