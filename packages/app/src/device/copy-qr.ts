/**
 * The live copy QR (issue 4 §3), device side. The old app draws a new frame every second:
 * `sessionId ‖ t ‖ HMAC(secret, …)` where t is the seconds since the copy session opened.
 * Only someone seeing the old screen right now can hand the server a frame it accepts; a
 * photo goes stale within seconds. The new app only parses what it scanned (it has no
 * secret); the server checks the MAC and the time.
 */
import { COPY_QR, COPY_QR_BYTES, copyQrMacInput } from '@openmitid/api';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { DeviceError } from './errors.js';

/** What the server hands the old app when it opens a copy session. */
export interface CopySessionGrant {
  /** base64url, 16 bytes */
  sessionId: string;
  /** base64url, 32 bytes; stays on the old device */
  secret: string;
  /** how long frames may be shown (180) */
  validSeconds: number;
}

async function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** The QR text for second `second` of a session. */
export async function copyQrFrame(sessionId: Uint8Array, secret: Uint8Array, second: number): Promise<string> {
  if (secret.length !== COPY_QR.secretBytes) throw new RangeError('copy session secret must be 32 bytes');
  const input = copyQrMacInput(sessionId, second);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', await hmacKey(secret), input as Uint8Array<ArrayBuffer>));
  const out = new Uint8Array(COPY_QR_BYTES);
  out.set(sessionId, 0);
  out.set(input.subarray(input.length - COPY_QR.secondBytes), COPY_QR.sessionIdBytes);
  out.set(mac.subarray(0, COPY_QR.macBytes), COPY_QR.sessionIdBytes + COPY_QR.secondBytes);
  return base64urlEncode(out);
}

/**
 * The old app's QR screen. The clock starts when the grant arrives (`openedAt`, the
 * device's time); the server allows a few seconds either way for the round trip.
 */
export class CopyQrDisplay {
  readonly #sessionId: Uint8Array;
  readonly #secret: Uint8Array;

  constructor(
    readonly grant: CopySessionGrant,
    readonly openedAt: Date,
  ) {
    const decode = (text: string, length: number): Uint8Array => {
      let bytes: Uint8Array | undefined;
      try {
        bytes = base64urlDecode(text);
      } catch {
        bytes = undefined;
      }
      if (bytes?.length !== length) throw new DeviceError('COPY_QR_INVALID', 'malformed copy session grant');
      return bytes;
    };
    this.#sessionId = decode(grant.sessionId, COPY_QR.sessionIdBytes);
    this.#secret = decode(grant.secret, COPY_QR.secretBytes);
  }

  /** Seconds since the session opened, as the QR carries them. */
  secondAt(now: Date): number {
    return Math.max(0, Math.floor((now.getTime() - this.openedAt.getTime()) / 1000));
  }

  /** The frame to draw at `now`; refuses once the session's three minutes are over. */
  async frameAt(now: Date): Promise<string> {
    const second = this.secondAt(now);
    if (second >= this.grant.validSeconds) throw new DeviceError('COPY_SESSION_EXPIRED', 'the copy QR has expired');
    return copyQrFrame(this.#sessionId, this.#secret, second);
  }
}

export interface ScannedCopyQr {
  /** base64url session id */
  sessionId: string;
  second: number;
  /** the scanned text, unchanged, for the server */
  text: string;
}

/**
 * The new app's check of what the camera read: is it an OpenMitID copy QR at all? (A
 * random QR should be refused on the device, not sent.) Whether it is genuine and fresh
 * only the server can tell.
 */
export function parseCopyQr(text: string): ScannedCopyQr {
  const trimmed = text.trim();
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(trimmed);
  } catch (e) {
    throw new DeviceError('COPY_QR_INVALID', 'not a copy QR', { cause: e });
  }
  if (bytes.length !== COPY_QR_BYTES) throw new DeviceError('COPY_QR_INVALID', 'not a copy QR');
  const second = new DataView(bytes.buffer, bytes.byteOffset).getUint32(COPY_QR.sessionIdBytes, false);
  return { sessionId: base64urlEncode(bytes.subarray(0, COPY_QR.sessionIdBytes)), second, text: trimmed };
}
