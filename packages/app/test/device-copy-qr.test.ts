import { describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { CopyQrDisplay, LiveQrProximity, base64urlDecode, base64urlEncode, copyQrFrame, isDeviceError, parseCopyQr, type CopySessionGrant } from '../src/device/index.js';

const T0 = new Date('2026-11-25T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function grant(): CopySessionGrant {
  return { sessionId: randomBytes(16).toString('base64url'), secret: randomBytes(32).toString('base64url'), validSeconds: 180 };
}

describe('copy QR on the device', () => {
  it('encodes sessionId ‖ t ‖ truncated HMAC-SHA-256 as base64url', async () => {
    const g = grant();
    const qr = await copyQrFrame(base64urlDecode(g.sessionId), base64urlDecode(g.secret), 77);
    const bytes = Buffer.from(qr, 'base64url');
    expect(bytes).toHaveLength(36);
    const head = bytes.subarray(0, 20);
    const mac = createHmac('sha256', Buffer.from(g.secret, 'base64url')).update(Buffer.concat([Buffer.from('openmitid-copy-qr-v1\0'), head])).digest();
    expect(bytes.subarray(20).equals(mac.subarray(0, 16))).toBe(true);
    expect(parseCopyQr(qr)).toEqual({ sessionId: g.sessionId, second: 77, text: qr });
  });

  it('changes every second and stops after three minutes', async () => {
    const display = new CopyQrDisplay(grant(), T0);
    const a = await display.frameAt(at(0.2));
    expect(await display.frameAt(at(0.9))).toBe(a);
    const b = await display.frameAt(at(1));
    expect(b).not.toBe(a);
    expect(parseCopyQr(b).second).toBe(1);
    expect(parseCopyQr(await display.frameAt(at(179.9))).second).toBe(179);
    await expect(display.frameAt(at(180))).rejects.toSatisfy((e: unknown) => isDeviceError(e, 'COPY_SESSION_EXPIRED'));
    expect(() => new CopyQrDisplay({ ...grant(), secret: 'short' }, T0)).toThrow(expect.objectContaining({ code: 'COPY_QR_INVALID' }));
  });

  it('the scanner refuses anything that is not a copy QR with a typed error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('base64url'))), (text) => {
        try {
          const parsed = parseCopyQr(text);
          return Buffer.from(parsed.text, 'base64url').length === 36;
        } catch (e) {
          return isDeviceError(e, 'COPY_QR_INVALID');
        }
      }),
    );
    expect(() => parseCopyQr('https://example.com/')).toThrow(expect.objectContaining({ code: 'COPY_QR_INVALID' }));
  });

  it('base64url round-trips', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => Buffer.from(base64urlDecode(base64urlEncode(b))).equals(Buffer.from(b)) && base64urlEncode(b) === Buffer.from(b).toString('base64url')));
  });
});

describe('LiveQrProximity', () => {
  it('returns the first copy QR of the session being joined as evidence', async () => {
    const g = grant();
    const other = grant();
    const display = new CopyQrDisplay(g, T0);
    const otherDisplay = new CopyQrDisplay(other, T0);
    const reads = ['https://shop.example/qr', await otherDisplay.frameAt(at(3)), await display.frameAt(at(3))];
    const proximity = new LiveQrProximity(async () => reads.shift() ?? '');
    expect(await proximity.prove({ sessionId: g.sessionId })).toEqual({ kind: 'live-qr', qr: await display.frameAt(at(3)) });
  });

  it('gives up after a number of unusable reads', async () => {
    let reads = 0;
    const proximity = new LiveQrProximity(async () => {
      reads++;
      return 'not it';
    }, 5);
    await expect(proximity.prove({})).rejects.toSatisfy((e: unknown) => isDeviceError(e, 'PROXIMITY_FAILED'));
    expect(reads).toBe(5);
  });
});
