/**
 * What the app and the server must agree on, byte for byte, for the app authenticator:
 * the message a device key signs and the layout of the live copy QR (issue 4 §1, §3).
 */

/** Every device-key signature starts with this, so it can never pass for a signature of another protocol. */
export const DEVICE_SIGNATURE_DOMAIN = 'openmitid-app-v1';

/** Purposes a device key signs for; a signature for one purpose never verifies for another. */
export const DEVICE_SIGNATURE_PURPOSES = {
  /** proves possession of the key when the app is registered */
  register: 'register',
  /** binds a PIN check (an OPAQUE login) to the device key; followed by the login's purpose */
  pinLogin: 'pin-login',
} as const;

/**
 * The bytes a device key signs: `domain ‖ 0x00 ‖ purpose ‖ 0x00 ‖ challenge`. The purpose is
 * printable ASCII without NUL, so the split is unambiguous.
 */
export function deviceSignedMessage(purpose: string, challenge: Uint8Array): Uint8Array {
  if (!/^[\x21-\x7e]{1,64}$/.test(purpose)) throw new RangeError('purpose must be 1–64 printable ASCII characters');
  const head = new TextEncoder().encode(`${DEVICE_SIGNATURE_DOMAIN}\0${purpose}\0`);
  const out = new Uint8Array(head.length + challenge.length);
  out.set(head, 0);
  out.set(challenge, head.length);
  return out;
}

/**
 * The live copy QR: base64url of `sessionId (16 bytes) ‖ t (uint32 big-endian, seconds since the
 * session started) ‖ HMAC-SHA-256(secret, label ‖ sessionId ‖ t) truncated to 16 bytes`.
 */
export const COPY_QR = {
  sessionIdBytes: 16,
  secondBytes: 4,
  /** 128 bits of MAC: a forger has one online guess per frame */
  macBytes: 16,
  secretBytes: 32,
  /** domain separation inside the MAC input */
  macLabel: 'openmitid-copy-qr-v1\0',
} as const;

export const COPY_QR_BYTES = COPY_QR.sessionIdBytes + COPY_QR.secondBytes + COPY_QR.macBytes;

/** The bytes the copy-QR MAC is computed over. */
export function copyQrMacInput(sessionId: Uint8Array, second: number): Uint8Array {
  if (sessionId.length !== COPY_QR.sessionIdBytes) throw new RangeError('copy session id must be 16 bytes');
  if (!Number.isInteger(second) || second < 0 || second > 0xffffffff) throw new RangeError('second out of range');
  const label = new TextEncoder().encode(COPY_QR.macLabel);
  const out = new Uint8Array(label.length + sessionId.length + COPY_QR.secondBytes);
  out.set(label, 0);
  out.set(sessionId, label.length);
  new DataView(out.buffer).setUint32(label.length + sessionId.length, second, false);
  return out;
}

/**
 * The challenge a device key signs to finish a PIN check (purpose `pin-login:<purpose>`):
 * `loginId ‖ 0x00 ‖ nonce ‖ finishLoginRequest`. The server chose the login id and the
 * nonce at login start; the OPAQUE finish message ties the signature to this one OPAQUE
 * session, so the key and the PIN are proven together, never one borrowed from another run.
 */
export function pinLoginChallenge(loginId: string, nonce: Uint8Array, finishLoginRequest: string): Uint8Array {
  const enc = new TextEncoder();
  const head = enc.encode(`${loginId}\0`);
  const tail = enc.encode(finishLoginRequest);
  const out = new Uint8Array(head.length + nonce.length + tail.length);
  out.set(head, 0);
  out.set(nonce, head.length);
  out.set(tail, head.length + nonce.length);
  return out;
}

/** The signing purpose of a PIN check made for `purpose` (e.g. `pin-login:copy`). */
export function pinLoginPurpose(purpose: string): string {
  return `${DEVICE_SIGNATURE_PURPOSES.pinLogin}:${purpose}`;
}
