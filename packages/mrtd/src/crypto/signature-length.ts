/**
 * How long an Active Authentication signature from a DG15 key will be, read from the
 * SubjectPublicKeyInfo with the ASN.1 parser alone (no node:crypto), so a reader in a
 * browser can size INTERNAL AUTHENTICATE's Le. Accepts the same keys as asymmetric.ts:
 * RSA of any size, and EC on the named curves listed here.
 */
import { AsnParser } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';

const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Group order byte lengths: SEC 2 v2 (NIST curves) and RFC 5639 §4.1 (brainpool). */
const EC_ORDER_BYTES: Readonly<Record<string, number>> = {
  '1.2.840.10045.3.1.7': 32, // P-256
  '1.3.132.0.34': 48, // P-384
  '1.3.132.0.35': 66, // P-521
  '1.3.36.3.3.2.8.1.1.7': 32, // brainpoolP256r1
  '1.3.36.3.3.2.8.1.1.11': 48, // brainpoolP384r1
  '1.3.36.3.3.2.8.1.1.13': 64, // brainpoolP512r1
};

/**
 * Signature bytes for the key: the modulus length for RSA, 2 × the order length for
 * ECDSA (plain r ‖ s); undefined for a key that cannot be parsed or is not supported.
 */
export function activeAuthenticationSignatureLength(spki: Uint8Array): number | undefined {
  try {
    const info = AsnParser.parse(spki, SubjectPublicKeyInfo);
    const oid = info.algorithm.algorithm;
    if (oid === OID_RSA_ENCRYPTION) {
      const n = new Uint8Array(AsnParser.parse(info.subjectPublicKey, RSAPublicKey).modulus);
      let i = 0;
      while (i < n.length && n[i] === 0) i++;
      return i === n.length ? undefined : n.length - i;
    }
    if (oid === OID_EC_PUBLIC_KEY && info.algorithm.parameters) {
      const curve = AsnParser.parse(info.algorithm.parameters, ECParameters).namedCurve;
      const orderBytes = curve === undefined ? undefined : EC_ORDER_BYTES[curve];
      return orderBytes === undefined ? undefined : 2 * orderBytes;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
