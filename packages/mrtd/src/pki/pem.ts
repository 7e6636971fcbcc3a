/** PEM armour (RFC 7468). */
import { MrtdError } from '../errors.js';

export type PemLabel = 'CERTIFICATE' | 'X509 CRL';

export function toPem(der: Uint8Array, label: PemLabel): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block in `text`, in order. Text between blocks (OpenSSL's "subject=" lines) is ignored. */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const body = m[2]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) {
      throw new MrtdError('CERT_MALFORMED', `PEM block ${m[1]} is not base64`);
    }
    out.push({ label: m[1]!, der: new Uint8Array(Buffer.from(body, 'base64')) });
  }
  return out;
}

/** The DER of every PEM block in `pem`, whatever its label. */
export function fromPem(pem: string): Uint8Array[] {
  return pemBlocks(pem).map((b) => b.der);
}

/** True when the bytes look like PEM text rather than DER. */
export function looksLikePem(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return head.includes('-----BEGIN ');
}
