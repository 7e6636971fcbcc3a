/**
 * Which key models may be registered: when the operator lists attestation roots (the makers'
 * FIDO attestation CA certificates, as in the FIDO Metadata Service), a key must present an
 * x5c chain (fido-u2f, or packed with a certificate) leading to one of them. Without roots any
 * key is taken, as WebAuthn allows; its format and AAGUID are still recorded. The library
 * checks the attestation signature against x5c[0]; this checks that x5c[0] is a maker's.
 */
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import { parseCertificate, verifySignedBy, type CertificateInfo } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';

const validAt = (c: CertificateInfo, t: Date): boolean => c.notBefore.getTime() <= t.getTime() && t.getTime() <= c.notAfter.getTime();

const untrusted = (why: string): ApiError => new ApiError('FIDO_RESPONSE_INVALID', `attestation not trusted: ${why}`);

function certificates(ders: readonly Uint8Array[]): CertificateInfo[] {
  try {
    return ders.map((d) => parseCertificate(new Uint8Array(d)));
  } catch {
    throw untrusted('malformed certificate');
  }
}

export function checkAttestationTrust(attestationObject: string, roots: readonly Uint8Array[], now: Date): void {
  if (roots.length === 0) return;
  let x5c: Uint8Array[] | undefined;
  try {
    x5c = decodeAttestationObject(new Uint8Array(Buffer.from(attestationObject, 'base64url'))).get('attStmt').get('x5c');
  } catch {
    throw untrusted('malformed attestation object');
  }
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > 5) throw untrusted('no attestation certificate');
  const chain = certificates(x5c);
  const anchors = certificates(roots);
  for (const c of chain) if (!validAt(c, now)) throw untrusted('certificate not valid now');
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!verifySignedBy(chain[i]!, chain[i + 1]!)) throw untrusted('broken chain');
  }
  const top = chain[chain.length - 1]!;
  const anchored = anchors.some((root) => validAt(root, now) && (Buffer.from(root.der).equals(Buffer.from(top.der)) || verifySignedBy(top, root)));
  if (!anchored) throw untrusted('no listed root');
}
