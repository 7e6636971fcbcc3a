/** The live copy QR, server side: the MAC both the old app and the server compute (layout in @openmitid/api). */
import { createHmac } from 'node:crypto';
import { COPY_QR, COPY_QR_BYTES, copyQrMacInput } from '@openmitid/api';
import { equalBytes } from '@openmitid/mrtd';

export interface CopyQrFrame {
  /** base64url session id */
  sessionId: string;
  second: number;
  mac: Uint8Array;
}

/** Splits a scanned QR; null when it is not one (wrong alphabet or length). */
export function parseCopyQrFrame(text: string): CopyQrFrame | null {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== COPY_QR_BYTES || bytes.toString('base64url') !== text) return null;
  return {
    sessionId: bytes.subarray(0, COPY_QR.sessionIdBytes).toString('base64url'),
    second: bytes.readUInt32BE(COPY_QR.sessionIdBytes),
    mac: new Uint8Array(bytes.subarray(COPY_QR.sessionIdBytes + COPY_QR.secondBytes)),
  };
}

export function copyQrMac(sessionId: Uint8Array, secret: Uint8Array, second: number): Uint8Array {
  const full = createHmac('sha256', secret).update(copyQrMacInput(sessionId, second)).digest();
  return new Uint8Array(full.subarray(0, COPY_QR.macBytes));
}

/** The QR text the old app shows at `second` (the server uses it in tests and the demo). */
export function copyQrText(sessionId: Uint8Array, secret: Uint8Array, second: number): string {
  const out = Buffer.alloc(COPY_QR_BYTES);
  Buffer.from(sessionId).copy(out, 0);
  out.writeUInt32BE(second, COPY_QR.sessionIdBytes);
  Buffer.from(copyQrMac(sessionId, secret, second)).copy(out, COPY_QR.sessionIdBytes + COPY_QR.secondBytes);
  return out.toString('base64url');
}

/** Constant-time check of a frame's MAC. */
export function copyQrMacValid(frame: CopyQrFrame, secret: Uint8Array): boolean {
  return equalBytes(copyQrMac(new Uint8Array(Buffer.from(frame.sessionId, 'base64url')), secret, frame.second), frame.mac);
}
