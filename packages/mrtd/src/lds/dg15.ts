/**
 * EF.DG15 (Doc 9303 Part 10 §4.7.15): template 6F holding the Active Authentication
 * public key as a SubjectPublicKeyInfo (Doc 9303 Part 11 §6.1): RSA or EC.
 */
import { AsnParser } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { ECParameters } from '@peculiar/asn1-ecc';
import { encodeTlv, readSingle } from '../tlv.js';
import { ldsFile } from './files.js';
import { guarded, malformed, outer } from './guard.js';

export interface Dg15 {
  /** SubjectPublicKeyInfo DER, exactly as stored */
  publicKey: Uint8Array;
  keyType: 'rsa' | 'ec';
}

const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Checks the SPKI is a usable RSA or EC key and says which. */
function keyTypeOf(spkiDer: Uint8Array): 'rsa' | 'ec' {
  readSingle(spkiDer, 0x30, 'DG15 SubjectPublicKeyInfo');
  const spki = AsnParser.parse(spkiDer, SubjectPublicKeyInfo);
  const key = new Uint8Array(spki.subjectPublicKey);
  const oid = spki.algorithm.algorithm;
  if (oid === OID_RSA_ENCRYPTION) {
    const rsa = AsnParser.parse(key, RSAPublicKey);
    const n = new Uint8Array(rsa.modulus);
    const e = new Uint8Array(rsa.publicExponent);
    if (n.length === 0 || n.every((b) => b === 0) || e.length === 0 || e.every((b) => b === 0)) {
      throw malformed('DG15', 'RSA key with zero modulus or exponent');
    }
    return 'rsa';
  }
  if (oid === OID_EC_PUBLIC_KEY) {
    const params = spki.algorithm.parameters;
    if (!params) throw malformed('DG15', 'EC key without domain parameters');
    const p = AsnParser.parse(params, ECParameters);
    if (!p.namedCurve && !p.specifiedCurve) throw malformed('DG15', 'EC key with implicit domain parameters');
    // SEC 1 §2.3.3: 04 || X || Y, or 02/03 || X
    const uncompressed = key[0] === 0x04 && key.length % 2 === 1 && key.length >= 3;
    const compressed = (key[0] === 0x02 || key[0] === 0x03) && key.length >= 2;
    if (!uncompressed && !compressed) throw malformed('DG15', 'EC point is not a SEC 1 encoding');
    return 'ec';
  }
  throw malformed('DG15', `unsupported key algorithm ${oid}`);
}

export function decodeDg15(file: Uint8Array): Dg15 {
  return guarded('DG15', () => {
    const dg15 = outer(file, ldsFile('DG15').tag, 'DG15');
    const publicKey = dg15.value.slice();
    return { publicKey, keyType: keyTypeOf(publicKey) };
  });
}

export function encodeDg15(publicKeySpki: Uint8Array): Uint8Array {
  guarded('DG15', () => keyTypeOf(publicKeySpki));
  return encodeTlv(ldsFile('DG15').tag, publicKeySpki);
}
