/**
 * "Kopier fra anden MitID app" end to end over HTTP with two app instances in Node, on SQLite
 * and PostgreSQL: the old app proves key and PIN and shows the live QR; the new device scans
 * it, enters the user-ID, the temporary PIN, a PIN twice, biometrics, notifications. And the
 * refusals: security wait, QR reused, stale frame, expired session, a fourth app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivationClient, MitIdApp } from '../../app/src/activation/index.js';
import { base64urlDecode, copyQrFrame, LiveQrProximity, MemoryKeyStore, type CopyQrDisplay } from '../../app/src/device/index.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, type Kit, type TestServer } from './support/enrolment.js';
import { expectCode } from './support/client.js';
import { activateThisPhone, deviceOptions, enrol, lastTempPin, PUSH, type Enrolled } from './activation-support.js';

const PIN = '135790';
const HOUR = 3601;

describe.each(stores)('copy the app on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let e: Enrolled;
  let oldApp: MitIdApp;

  const activeApps = async () =>
    (await store.db.selectFrom('app_authenticators').select('status').where('identity_id', '=', e.identityId).execute()).filter((r) => r.status === 'active').length;
  const scanner = (display: CopyQrDisplay) => new LiveQrProximity(() => display.frameAt(t.clock.now()));
  const fixed = (qr: string) => new LiveQrProximity(async () => qr);
  /** A new device taken through the whole copy after scanning `qr`. */
  const copyWith = async (proximity: LiveQrProximity) => {
    const b = await ActivationClient.startCopy(deviceOptions(t, new MemoryKeyStore()), proximity);
    await b.confirmUserId('anna jensen 900');
    await b.registerDevice();
    await b.verifyTempPin(lastTempPin(t, e.phone));
    await b.choosePin('246801', '246801');
    await b.setBiometrics(false);
    return b.finish(PUSH);
  };

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit);
    e = await enrol(t, kit, 900);
    const keys = new MemoryKeyStore();
    const a = await activateThisPhone(t, e, deviceOptions(t, keys), PIN);
    oldApp = new MitIdApp(deviceOptions(t, keys), a.flow.appId ?? '');
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('refuses a copy during the security wait after the last change', async () => {
    expect(await expectCode(oldApp.openCopySession(PIN, t.clock.now()))).toBe('COPY_SECURITY_WAIT');
  });

  it('copies to a second device via the live QR; the QR is single use', async () => {
    t.clock.advance(HOUR);
    const display = await oldApp.openCopySession(PIN, t.clock.now());
    const frame = await display.frameAt(t.clock.now());
    const b = await ActivationClient.startCopy(deviceOptions(t, new MemoryKeyStore()), fixed(frame));
    expect(b.flow).toMatchObject({ method: 'copy-app', state: 'started' });
    expect(await expectCode(ActivationClient.startCopy(deviceOptions(t), fixed(frame)))).toBe('COPY_SESSION_USED');
    expect(await expectCode(b.chooseMethod('this-phone'))).toBe('FLOW_STEP_OUT_OF_ORDER');
    expect(await expectCode(b.confirmUserId('someone else'))).toBe('COPY_USER_ID_WRONG');
    expect((await b.confirmUserId('ANNA JENSEN 900')).state).toBe('method_chosen');
    await b.registerDevice();
    await b.verifyTempPin(lastTempPin(t, e.phone));
    await b.choosePin('246801', '246801');
    await b.setBiometrics(true);
    expect((await b.finish(PUSH)).state).toBe('completed');
    expect(await activeApps()).toBe(2);
  });

  it('refuses a frame older than a few seconds and a session older than three minutes', async () => {
    t.clock.advance(HOUR);
    const display = await oldApp.openCopySession(PIN, t.clock.now());
    const old = await display.frameAt(t.clock.now());
    t.clock.advance(10);
    expect(await expectCode(ActivationClient.startCopy(deviceOptions(t), fixed(old)))).toBe('COPY_QR_STALE');
    t.clock.advance(180);
    const late = await copyQrFrame(base64urlDecode(display.grant.sessionId), base64urlDecode(display.grant.secret), display.secondAt(t.clock.now()));
    expect(await expectCode(ActivationClient.startCopy(deviceOptions(t), fixed(late)))).toBe('COPY_SESSION_EXPIRED');
    const forged = `${late.slice(0, -4)}AAAA`;
    expect(await expectCode(ActivationClient.startCopy(deviceOptions(t), fixed(forged)))).toBe('COPY_QR_INVALID');
    expect(await activeApps()).toBe(2);
  });

  it('copies a third app, then refuses a fourth', async () => {
    t.clock.advance(HOUR);
    expect((await copyWith(scanner(await oldApp.openCopySession(PIN, t.clock.now())))).state).toBe('completed');
    expect(await activeApps()).toBe(3);
    t.clock.advance(HOUR);
    expect(await expectCode(oldApp.openCopySession(PIN, t.clock.now()))).toBe('APP_LIMIT_REACHED');
    expect(await activeApps()).toBe(3);
  });
});
