/**
 * The asymmetric operations Active Authentication needs, kept behind plain functions so
 * node:crypto stays inside src/crypto: parsing a SubjectPublicKeyInfo, raw RSA (for
 * ISO/IEC 9796-2 message recovery) and ECDSA with plain r ‖ s signatures.
 */
import { constants, createPublicKey, privateEncrypt, publicDecrypt, sign, verify, type KeyObject } from 'node:crypto';
import { MrtdError } from '../errors.js';
import { ecdsaDerToPlain, ecdsaPlainToDer } from './ecdsa-signature.js';
import type { HashName } from './hash.js';

export type EcCurveName = 'P-256' | 'P-384' | 'P-521' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';

/** OpenSSL's curve names → ours, with the byte length of the group order. */
const CURVES: Readonly<Record<string, { name: EcCurveName; orderBytes: number }>> = {
  prime256v1: { name: 'P-256', orderBytes: 32 },
  secp384r1: { name: 'P-384', orderBytes: 48 },
  secp521r1: { name: 'P-521', orderBytes: 66 },
  brainpoolP256r1: { name: 'brainpoolP256r1', orderBytes: 32 },
  brainpoolP384r1: { name: 'brainpoolP384r1', orderBytes: 48 },
  brainpoolP512r1: { name: 'brainpoolP512r1', orderBytes: 64 },
};

export type AsymmetricKeyInfo =
  | { type: 'rsa'; key: KeyObject; modulus: bigint; modulusBytes: number; modulusBits: number }
  | { type: 'ec'; key: KeyObject; curve: EcCurveName; orderBytes: number };

function b64urlToBigInt(s: string): bigint {
  const bytes = Buffer.from(s, 'base64url');
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

/** Describes an RSA or named-curve EC key (public or private); anything else is AA_ALGORITHM_UNSUPPORTED. */
export function describeKey(key: KeyObject): AsymmetricKeyInfo {
  if (key.asymmetricKeyType === 'rsa') {
    const jwk = key.export({ format: 'jwk' });
    if (typeof jwk.n !== 'string') throw new MrtdError('AA_ALGORITHM_UNSUPPORTED', 'RSA key without modulus');
    const modulus = b64urlToBigInt(jwk.n);
    const modulusBits = modulus.toString(2).length;
    return { type: 'rsa', key, modulus, modulusBits, modulusBytes: Math.ceil(modulusBits / 8) };
  }
  if (key.asymmetricKeyType === 'ec') {
    const named = key.asymmetricKeyDetails?.namedCurve;
    const curve = named === undefined ? undefined : CURVES[named];
    if (!curve) throw new MrtdError('AA_ALGORITHM_UNSUPPORTED', `EC curve ${named ?? '(explicit parameters)'} is not supported`);
    return { type: 'ec', key, curve: curve.name, orderBytes: curve.orderBytes };
  }
  throw new MrtdError('AA_ALGORITHM_UNSUPPORTED', `key type ${key.asymmetricKeyType ?? 'unknown'} is not supported`);
}

/** Parses a DER SubjectPublicKeyInfo (as in DG15). */
export function parsePublicKey(spki: Uint8Array): AsymmetricKeyInfo {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (e) {
    throw new MrtdError('AA_ALGORITHM_UNSUPPORTED', 'public key cannot be parsed as SubjectPublicKeyInfo', { cause: e });
  }
  return describeKey(key);
}

/** s^e mod n, `block` exactly as long as the modulus; undefined when OpenSSL refuses it (s ≥ n). */
export function rsaRawPublic(key: KeyObject, block: Uint8Array): Uint8Array | undefined {
  try {
    return new Uint8Array(publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, block));
  } catch {
    return undefined;
  }
}

/** m^d mod n for a representative `block` as long as the modulus and below it. */
export function rsaRawPrivate(key: KeyObject, block: Uint8Array): Uint8Array {
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, block));
}

/** ECDSA over `data` hashed with `hash`, returned as plain r ‖ s. */
export function ecdsaSignPlain(key: KeyObject, hash: HashName, data: Uint8Array, orderBytes: number): Uint8Array {
  return ecdsaDerToPlain(new Uint8Array(sign(hash, data, { key, dsaEncoding: 'der' })), orderBytes);
}

/** Verifies a plain r ‖ s signature; false for a wrong length or any failure. */
export function ecdsaVerifyPlain(key: KeyObject, hash: HashName, data: Uint8Array, plain: Uint8Array, orderBytes: number): boolean {
  if (plain.length !== orderBytes * 2) return false;
  try {
    return verify(hash, data, { key, dsaEncoding: 'der' }, ecdsaPlainToDer(plain));
  } catch {
    return false;
  }
}
