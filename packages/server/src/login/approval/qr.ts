/**
 * The login page's live QR code and the same-phone link. Both prove the app saw the login
 * page: the QR changes every second (HMAC of a per-request secret and the seconds since the
 * request was made), so a phisher cannot hand the victim a stale picture, and the app must
 * present a fresh one before it may approve.
 */
import { createHmac } from 'node:crypto';
import { equalBytes } from '@openmitid/mrtd';

/** how old a scanned QR may be when the server sees it (scan, decode, send) */
export const QR_MAX_AGE_SECONDS = 5;
const QR_LABEL = 'openmitid-login-qr';
const LINK_LABEL = 'openmitid-login-link';

function mac(secret: Uint8Array, label: string, approvalId: string, t: number): string {
  return createHmac('sha256', secret).update(`${label}\0${approvalId}\0${t}`).digest().subarray(0, 16).toString('base64url');
}

/** The QR content at `elapsedSeconds` since the request: `<approvalId>.<t>.<mac>`. */
export function qrContent(secret: Uint8Array, approvalId: string, elapsedSeconds: number): string {
  const t = Math.max(0, Math.floor(elapsedSeconds));
  return `${approvalId}.${t}.${mac(secret, QR_LABEL, approvalId, t)}`;
}

/** The proof carried by the same-phone "open the app" link. */
export function linkProof(secret: Uint8Array, approvalId: string): string {
  return `${approvalId}.link.${mac(secret, LINK_LABEL, approvalId, 0)}`;
}

/** True when `proof` is this request's link proof or a QR at most QR_MAX_AGE_SECONDS old. */
export function checkProof(secret: Uint8Array, approvalId: string, proof: string, elapsedSeconds: number, mode: 'qr' | 'same-device'): boolean {
  if (typeof proof !== 'string' || proof.length > 200) return false;
  const parts = proof.split('.');
  if (parts.length !== 3 || parts[0] !== approvalId) return false;
  const enc = new TextEncoder();
  if (mode === 'same-device') return equalBytes(enc.encode(proof), enc.encode(linkProof(secret, approvalId)));
  if (!/^\d{1,6}$/.test(parts[1]!)) return false;
  const t = Number(parts[1]);
  const now = Math.floor(elapsedSeconds);
  if (t > now || now - t > QR_MAX_AGE_SECONDS) return false;
  return equalBytes(enc.encode(proof), enc.encode(qrContent(secret, approvalId, t)));
}
