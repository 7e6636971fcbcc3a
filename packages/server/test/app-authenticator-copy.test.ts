import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { isApiError } from '../src/errors.js';
import { copyQrText, type AppAuthenticatorEngines, type CopySessionGrant } from '../src/authenticators/app/index.js';
import { stores, type TestStore } from './support/db.js';
import { T0, activeApp, at, codeOf, engines, pinLogin, type TestDevice } from './app-authenticator-support.js';

const PIN = '918273';
const WAIT = 3600;

function frame(grant: CopySessionGrant, second: number): string {
  return copyQrText(new Uint8Array(Buffer.from(grant.sessionId, 'base64url')), new Uint8Array(Buffer.from(grant.secret, 'base64url')), second);
}

describe.each(stores)('copy to another device on $name', (kind) => {
  let store: TestStore;
  let e: AppAuthenticatorEngines;
  beforeAll(async () => {
    store = await kind.open();
    e = await engines(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  /** An identity with one active app whose activation is older than the security wait. */
  async function ready(identityId: string): Promise<{ appId: string; device: TestDevice; t: number }> {
    const a = await activeApp(e, identityId, PIN, T0);
    return { ...a, t: WAIT + 1 };
  }

  async function open(appId: string, device: TestDevice, t: number): Promise<CopySessionGrant> {
    const proof = await pinLogin(e, appId, device, PIN, at(t), 'copy');
    return e.copies.open(proof, at(t));
  }

  it('accepts a live frame once, naming the identity to join', async () => {
    const { appId, device, t } = await ready('id-copy');
    const grant = await open(appId, device, t);
    expect(Buffer.from(grant.secret, 'base64url')).toHaveLength(32);
    expect(grant.validSeconds).toBe(180);
    expect(grant.expiresAt.toISOString()).toBe(at(t + 180).toISOString());

    // the frame the old app shows at second 42, checked independently: sessionId ‖ t ‖ HMAC(…)[0..16]
    const qr = frame(grant, 42);
    const bytes = Buffer.from(qr, 'base64url');
    expect(bytes).toHaveLength(36);
    expect(bytes.subarray(0, 16).toString('base64url')).toBe(grant.sessionId);
    expect(bytes.readUInt32BE(16)).toBe(42);
    const input = Buffer.concat([Buffer.from('openmitid-copy-qr-v1\0'), bytes.subarray(0, 20)]);
    expect(bytes.subarray(20).equals(createHmac('sha256', Buffer.from(grant.secret, 'base64url')).update(input).digest().subarray(0, 16))).toBe(true);

    const accepted = await e.copies.accept(qr, at(t + 43));
    expect(accepted).toEqual({ sessionId: grant.sessionId, identityId: 'id-copy', sourceAppId: appId });
    // a QR reused, even a fresh frame of the same session
    expect(await codeOf(e.copies.accept(qr, at(t + 43)))).toBe('COPY_SESSION_USED');
    expect(await codeOf(e.copies.accept(frame(grant, 44), at(t + 44)))).toBe('COPY_SESSION_USED');
  });

  it('refuses a frame more than a few seconds from the server clock (a photo), either way', async () => {
    const { appId, device, t } = await ready('id-stale');
    const grant = await open(appId, device, t);
    await expect(e.copies.accept(frame(grant, 10), at(t + 16))).rejects.toMatchObject({ code: 'COPY_QR_STALE', details: { ageSeconds: 6 } });
    expect(await codeOf(e.copies.accept(frame(grant, 30), at(t + 20)))).toBe('COPY_QR_STALE');
    // within the window it still works (the stale tries did not use the session up)
    expect((await e.copies.accept(frame(grant, 15), at(t + 20))).sessionId).toBe(grant.sessionId);
  });

  it('refuses a QR older than 3 minutes', async () => {
    const { appId, device, t } = await ready('id-old');
    const grant = await open(appId, device, t);
    expect(await codeOf(e.copies.accept(frame(grant, 180), at(t + 180)))).toBe('COPY_SESSION_EXPIRED');
    expect(await e.copies.purgeExpired(at(t + 181))).toBeGreaterThanOrEqual(1);
    expect(await codeOf(e.copies.accept(frame(grant, 179), at(t + 179)))).toBe('COPY_QR_INVALID');
  });

  it('refuses forged and malformed QRs', async () => {
    const { appId, device, t } = await ready('id-forge');
    const grant = await open(appId, device, t);
    const good = Buffer.from(frame(grant, 5), 'base64url');
    const flipped = Buffer.from(good);
    flipped[35] = flipped[35]! ^ 1;
    const otherSecond = Buffer.from(good);
    otherSecond.writeUInt32BE(6, 16); // the MAC covers t
    const wrongKey = copyQrText(new Uint8Array(good.subarray(0, 16)), new Uint8Array(32), 5);
    for (const qr of [flipped.toString('base64url'), otherSecond.toString('base64url'), wrongKey, '', 'x', good.toString('hex'), good.toString('base64url') + 'A', good.toString('base64url').slice(0, -1)]) {
      expect(await codeOf(e.copies.accept(qr, at(t + 5)))).toBe('COPY_QR_INVALID');
    }
    expect((await e.copies.accept(good.toString('base64url'), at(t + 5))).identityId).toBe('id-forge');
  });

  it('any text at all gives a typed refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array({ minLength: 30, maxLength: 40 }).map((b) => Buffer.from(b).toString('base64url'))), async (qr) => {
        try {
          await e.copies.accept(qr, T0);
          return false;
        } catch (err) {
          return isApiError(err, 'COPY_QR_INVALID');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is refused during the security wait after the last change', async () => {
    const { appId, device } = await activeApp(e, 'id-wait', PIN, T0);
    const proof = await pinLogin(e, appId, device, PIN, at(600), 'copy');
    await expect(e.copies.open(proof, at(600))).rejects.toMatchObject({ code: 'COPY_SECURITY_WAIT', details: { retryAfterSeconds: 3000 } });
    const grant = await open(appId, device, WAIT);
    // a change (say, a new phone number) while the QR is shown stops the copy too
    await e.apps.markIdentityChanged('id-wait', at(WAIT + 2));
    expect(await codeOf(e.copies.accept(frame(grant, 3), at(WAIT + 3)))).toBe('COPY_SECURITY_WAIT');
  });

  it('the wait is configurable', async () => {
    const quick = await engines(store.db, { copySecurityWaitSeconds: 0 });
    const { appId, device } = await activeApp(quick, 'id-quick', PIN, T0);
    const proof = await pinLogin(quick, appId, device, PIN, at(1), 'copy');
    expect((await quick.copies.open(proof, at(1))).sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('is refused when the identity already has 3 active apps', async () => {
    // no security wait here, so the limit itself is what refuses
    const quick = await engines(store.db, { copySecurityWaitSeconds: 0 });
    const first = await activeApp(quick, 'id-full', PIN, T0);
    const second = await activeApp(quick, 'id-full', PIN, T0);
    const proof = await pinLogin(quick, first.appId, first.device, PIN, at(1), 'copy');
    const grant = await quick.copies.open(proof, at(1));
    await activeApp(quick, 'id-full', PIN, at(2));
    await expect(quick.copies.accept(frame(grant, 2), at(3))).rejects.toMatchObject({ code: 'APP_LIMIT_REACHED', details: { max: 3 } });
    const again = await pinLogin(quick, second.appId, second.device, PIN, at(4), 'copy');
    expect(await codeOf(quick.copies.open(again, at(4)))).toBe('APP_LIMIT_REACHED');
    // and with the default wait, the third activation also started a wait
    expect(await codeOf(e.copies.accept(frame(grant, 5), at(6)))).toBe('COPY_SECURITY_WAIT');
  });

  it('needs a PIN check made for copying, by an active app', async () => {
    const { appId, device, t } = await ready('id-proof');
    const approve = await pinLogin(e, appId, device, PIN, at(t), 'approve');
    expect(await codeOf(e.copies.open(approve, at(t)))).toBe('VALIDATION_FAILED');
    const grant = await open(appId, device, t);
    await e.apps.deactivate(appId, at(t + 1));
    const copy = await pinLogin(e, appId, device, PIN, at(2 * WAIT + 10), 'copy');
    expect(await codeOf(e.copies.open(copy, at(2 * WAIT + 10)))).toBe('APP_NOT_ACTIVE');
    void grant;
  });
});
