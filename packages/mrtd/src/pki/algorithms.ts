/**
 * Signature algorithms of the ICAO PKI (Doc 9303 Part 12 §6, Part 11 §5.1): RSA PKCS#1 v1.5, RSASSA-PSS
 * and ECDSA on NIST and brainpool curves. node:crypto does the arithmetic because it handles brainpool,
 * which WebCrypto does not.
 */
import { constants, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { HASH_LENGTH, type HashName } from '../crypto/hash.js';
import { HASH_OID, hashByOid } from './hash-oids.js';

export type SignatureAlgorithm = 'rsa' | 'rsa-pss' | 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-brainpoolp256' | 'ecdsa-brainpoolp384';

type EcdsaAlgorithm = Exclude<SignatureAlgorithm, 'rsa' | 'rsa-pss'>;

const CURVE: Readonly<Record<EcdsaAlgorithm, string>> = {
  'ecdsa-p256': 'prime256v1',
  'ecdsa-p384': 'secp384r1',
  'ecdsa-brainpoolp256': 'brainpoolP256r1',
  'ecdsa-brainpoolp384': 'brainpoolP384r1',
};

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

// RFC 4055 §5, RFC 8017 Appendix C
const RSA_PKCS1: Readonly<Record<HashName, string>> = {
  sha1: '1.2.840.113549.1.1.5',
  sha224: '1.2.840.113549.1.1.14',
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
};
// RFC 5758 §3.2, RFC 3279 §2.2.3
const ECDSA_DER: Readonly<Record<HashName, string>> = {
  sha1: '1.2.840.10045.4.1',
  sha224: '1.2.840.10045.4.3.1',
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};
// BSI TR-03111 §5.2.1 ecdsa-plain-signatures (r || s), found in some European passports
const ECDSA_PLAIN: Readonly<Record<HashName, string>> = {
  sha1: '0.4.0.127.0.7.1.1.4.1.1',
  sha224: '0.4.0.127.0.7.1.1.4.1.2',
  sha256: '0.4.0.127.0.7.1.1.4.1.3',
  sha384: '0.4.0.127.0.7.1.1.4.1.4',
  sha512: '0.4.0.127.0.7.1.1.4.1.5',
};

function invert(table: Readonly<Record<HashName, string>>): Map<string, HashName> {
  return new Map(Object.entries(table).map(([h, oid]) => [oid, h as HashName]));
}
const RSA_PKCS1_BY_OID = invert(RSA_PKCS1);
const ECDSA_DER_BY_OID = invert(ECDSA_DER);
const ECDSA_PLAIN_BY_OID = invert(ECDSA_PLAIN);

export function isEcdsa(alg: SignatureAlgorithm): alg is EcdsaAlgorithm {
  return alg !== 'rsa' && alg !== 'rsa-pss';
}

/** A fresh key pair: RSA with `modulusLength` bits (default 2048), or EC on the algorithm's curve. */
export function generateKeyPair(alg: SignatureAlgorithm, modulusLength = 2048): { privateKey: KeyObject; publicKey: KeyObject } {
  if (isEcdsa(alg)) return generateKeyPairSync('ec', { namedCurve: CURVE[alg] });
  // PSS keys stay plain rsaEncryption keys, as in issued passports: the PSS choice is in each signature's identifier.
  return generateKeyPairSync('rsa', { modulusLength, publicExponent: 0x10001 });
}

/** The hash a signature algorithm uses when the caller names none: matched to the curve size, SHA-256 for RSA. */
export function defaultHash(alg: SignatureAlgorithm): HashName {
  return alg === 'ecdsa-p384' || alg === 'ecdsa-brainpoolp384' ? 'sha384' : 'sha256';
}

function hashIdentifier(hash: HashName): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: HASH_OID[hash], parameters: null });
}

/** The AlgorithmIdentifier a signature made with `alg` and `hash` carries. */
export function signatureAlgorithmIdentifier(alg: SignatureAlgorithm, hash: HashName): AlgorithmIdentifier {
  if (alg === 'rsa') return new AlgorithmIdentifier({ algorithm: RSA_PKCS1[hash], parameters: null });
  if (alg === 'rsa-pss') {
    const params = new RsaSaPssParams({
      hashAlgorithm: hashIdentifier(hash),
      maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: OID.mgf1, parameters: AsnConvert.serialize(hashIdentifier(hash)) }),
      saltLength: HASH_LENGTH[hash],
    });
    return new AlgorithmIdentifier({ algorithm: OID.rsassaPss, parameters: AsnConvert.serialize(params) });
  }
  // RFC 5758 §3.2: the parameters of ecdsa-with-SHA* are absent
  return new AlgorithmIdentifier({ algorithm: ECDSA_DER[hash] });
}

export function signWith(alg: SignatureAlgorithm, hash: HashName, key: KeyObject, data: Uint8Array): Uint8Array {
  if (alg === 'rsa-pss') {
    return new Uint8Array(sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[hash] }));
  }
  return new Uint8Array(sign(hash, data, key));
}

interface VerifyParams {
  keyType: 'rsa' | 'ec';
  hash: HashName;
  pss?: { saltLength: number };
  plain?: boolean;
}

function pssParams(parameters: ArrayBuffer | null | undefined): VerifyParams | undefined {
  let params: RsaSaPssParams;
  try {
    params = parameters ? AsnConvert.parse(parameters, RsaSaPssParams) : new RsaSaPssParams();
  } catch {
    return undefined;
  }
  const hash = hashByOid(params.hashAlgorithm.algorithm);
  if (!hash || params.maskGenAlgorithm.algorithm !== OID.mgf1 || params.trailerField !== 1) return undefined;
  let mgfHash: HashName | undefined;
  try {
    const p = params.maskGenAlgorithm.parameters;
    mgfHash = p ? hashByOid(AsnConvert.parse(p, AlgorithmIdentifier).algorithm) : undefined;
  } catch {
    return undefined;
  }
  // node:crypto uses the signature hash for MGF1 too, so a different MGF1 hash cannot be checked
  if (mgfHash !== hash) return undefined;
  if (!Number.isSafeInteger(params.saltLength) || params.saltLength < 0) return undefined;
  return { keyType: 'rsa', hash, pss: { saltLength: params.saltLength } };
}

/**
 * What checking a signature under `algorithm` takes, or undefined when it is not supported.
 * `digestOid` is the CMS digestAlgorithm, which names the hash when the signature algorithm is only
 * a key type (rsaEncryption or id-ecPublicKey, both seen in issued SODs).
 */
export function resolveSignatureAlgorithm(algorithm: AlgorithmIdentifier, digestOid?: string): VerifyParams | undefined {
  const oid = algorithm.algorithm;
  let hash = RSA_PKCS1_BY_OID.get(oid);
  if (hash) return { keyType: 'rsa', hash };
  hash = ECDSA_DER_BY_OID.get(oid);
  if (hash) return { keyType: 'ec', hash };
  hash = ECDSA_PLAIN_BY_OID.get(oid);
  if (hash) return { keyType: 'ec', hash, plain: true };
  if (oid === OID.rsassaPss) return pssParams(algorithm.parameters);
  const hinted = digestOid === undefined ? undefined : hashByOid(digestOid);
  if (hinted && oid === OID.rsaEncryption) return { keyType: 'rsa', hash: hinted };
  if (hinted && oid === OID.ecPublicKey) return { keyType: 'ec', hash: hinted };
  return undefined;
}

export type VerifyOutcome = 'valid' | 'invalid' | 'unsupported';

export function verifySignature(
  algorithm: AlgorithmIdentifier,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  digestOid?: string,
): VerifyOutcome {
  const p = resolveSignatureAlgorithm(algorithm, digestOid);
  if (!p) return 'unsupported';
  const keyType = publicKey.asymmetricKeyType;
  const keyMatches = p.keyType === 'rsa' ? keyType === 'rsa' || keyType === 'rsa-pss' : keyType === 'ec';
  if (!keyMatches) return 'invalid';
  try {
    let ok: boolean;
    if (p.pss) {
      ok = verify(p.hash, data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.pss.saltLength }, signature);
    } else if (p.plain) {
      ok = verify(p.hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    } else {
      ok = verify(p.hash, data, publicKey, signature);
    }
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
