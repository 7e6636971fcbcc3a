import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as opaque from '@serenity-kit/opaque';
import { openDatabase } from '../src/infra/db/index.js';
import { appAuthenticatorEngines, type AppAuthenticatorEngines } from '../src/authenticators/app/index.js';
import { stores, type TestStore } from './support/db.js';
import { FAST_STRETCHING, T0, TestDevice, at, clientLogin, codeOf, engines, activeApp, pinLogin, setPin, testSettings } from './app-authenticator-support.js';

const PIN = '482916';
const WRONG = '111111';

describe.each(stores)('app PIN by OPAQUE on $name', (kind) => {
  let store: TestStore;
  let e: AppAuthenticatorEngines;
  beforeAll(async () => {
    store = await kind.open();
    e = await engines(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('checks the right PIN with the device key; both sides derive the same session key', async () => {
    const { appId, device } = await activeApp(e, 'id-ok', PIN, T0);
    const c = await clientLogin(e, appId, device, PIN, at(1), 'copy');
    expect(c.finish).toBeDefined();
    const verified = await e.pins.finishLogin({ loginId: c.started.loginId, ...c.finish!, now: at(2) });
    expect(verified).toMatchObject({ appId, identityId: 'id-ok', purpose: 'copy' });
    expect(verified.sessionKey).toBe(c.finish!.sessionKey);
    // the server row holds an OPAQUE record, not the PIN nor anything derived from it alone
    const row = await store.db.selectFrom('app_authenticators').selectAll().where('id', '=', appId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(PIN);
    expect(row.pin_failures).toBe(0);
  });

  it('the stored record is useless without the server setup kept outside the database', async () => {
    const { appId } = await activeApp(e, 'id-setup', PIN, T0);
    const row = await store.db.selectFrom('app_authenticators').select('pin_record').where('id', '=', appId).executeTakeFirstOrThrow();
    await opaque.ready;
    // someone with the database but another setup cannot even confirm the right PIN
    const otherSetup = opaque.server.createSetup();
    const start = opaque.client.startLogin({ password: PIN });
    const answer = opaque.server.startLogin({ serverSetup: otherSetup, userIdentifier: appId, registrationRecord: row.pin_record, startLoginRequest: start.startLoginRequest });
    expect(opaque.client.finishLogin({ clientLoginState: start.clientLoginState, loginResponse: answer.loginResponse, password: PIN, keyStretching: FAST_STRETCHING })).toBeUndefined();
  });

  it('a PIN check is single use and short-lived', async () => {
    const { appId, device } = await activeApp(e, 'id-once', PIN, T0);
    const c = await clientLogin(e, appId, device, PIN, at(1));
    await e.pins.finishLogin({ loginId: c.started.loginId, ...c.finish!, now: at(2) });
    expect(await codeOf(e.pins.finishLogin({ loginId: c.started.loginId, ...c.finish!, now: at(3) }))).toBe('APP_LOGIN_NOT_FOUND');
    const late = await clientLogin(e, appId, device, PIN, at(10));
    expect(await codeOf(e.pins.finishLogin({ loginId: late.started.loginId, ...late.finish!, now: at(10 + 121) }))).toBe('APP_LOGIN_EXPIRED');
  });

  it('needs the device key: another key, another purpose or a garbled finish is refused', async () => {
    const { appId, device } = await activeApp(e, 'id-key', PIN, T0);
    const thief = await TestDevice.create();
    const stolenPin = await clientLogin(e, appId, thief, PIN, at(1));
    expect(await codeOf(e.pins.finishLogin({ loginId: stolenPin.started.loginId, ...stolenPin.finish!, now: at(2) }))).toBe('APP_SIGNATURE_INVALID');

    // a signature made for an 'approve' check does not finish a 'copy' check
    const a = await clientLogin(e, appId, device, PIN, at(3), 'approve');
    const b = await clientLogin(e, appId, device, PIN, at(3), 'copy');
    expect(await codeOf(e.pins.finishLogin({ loginId: b.started.loginId, ...b.finish!, signature: a.finish!.signature, now: at(4) }))).toBe('APP_SIGNATURE_INVALID');

    const c = await clientLogin(e, appId, device, PIN, at(5));
    const garbled = c.finish!.finishLoginRequest.slice(0, -4) + (c.finish!.finishLoginRequest.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await codeOf(e.pins.finishLogin({ loginId: c.started.loginId, ...c.finish!, finishLoginRequest: garbled, now: at(6) }))).toBe('APP_PIN_WRONG');
    // all four checks started are counted (the unfinished 'approve' one too); a good check clears them
    expect((await e.apps.get(appId)).pinFailures).toBe(4);
    await pinLogin(e, appId, device, PIN, at(7));
    expect((await e.apps.get(appId)).pinFailures).toBe(0);
  });

  it('refuses checks for apps without PIN, pending or removed, and malformed requests', async () => {
    const device = await TestDevice.create();
    const app = await e.apps.register({ identityId: 'id-pending', publicKeySpki: device.spki, now: T0 });
    await opaque.ready;
    const req = opaque.client.startLogin({ password: PIN }).startLoginRequest;
    expect(await codeOf(e.pins.startLogin({ appId: app.id, startLoginRequest: req, purpose: 'approve', now: T0 }))).toBe('APP_NOT_ACTIVE');
    expect(await codeOf(e.pins.startLogin({ appId: 'nope', startLoginRequest: req, purpose: 'approve', now: T0 }))).toBe('APP_NOT_FOUND');
    const { appId } = await activeApp(e, 'id-pending', PIN, T0);
    expect(await codeOf(e.pins.startLogin({ appId, startLoginRequest: 'not base64!', purpose: 'approve', now: T0 }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(e.pins.startLogin({ appId, startLoginRequest: 'AAAA', purpose: 'approve', now: T0 }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(e.pins.startLogin({ appId, startLoginRequest: req, purpose: 'Bad Purpose', now: T0 }))).toBe('VALIDATION_FAILED');
    await e.apps.remove(appId, at(1));
    expect(await codeOf(e.pins.startLogin({ appId, startLoginRequest: req, purpose: 'approve', now: at(2) }))).toBe('APP_NOT_ACTIVE');
    expect(await codeOf(e.pins.registrationResponse(appId, opaque.client.startRegistration({ password: PIN }).registrationRequest))).toBe('APP_NOT_ACTIVE');
  });

  it('suspends after 5 wrong PINs, for a while; demands re-activation after 10', async () => {
    const { appId, device } = await activeApp(e, 'id-wrong', PIN, T0);
    for (let i = 1; i <= 4; i++) {
      const c = await clientLogin(e, appId, device, WRONG, at(i));
      expect(c.finish).toBeUndefined(); // the device sees the PIN is wrong; the server has counted it
    }
    expect((await e.apps.get(appId)).pinFailures).toBe(4);
    await clientLogin(e, appId, device, WRONG, at(5));
    const refused = e.pins.startLogin({ appId, startLoginRequest: opaque.client.startLogin({ password: PIN }).startLoginRequest, purpose: 'approve', now: at(6) });
    await expect(refused).rejects.toMatchObject({ code: 'APP_SUSPENDED', details: { retryAfterSeconds: 3599 } });
    // even the right PIN waits out the suspension
    expect(await codeOf(pinLogin(e, appId, device, PIN, at(3000)))).toBe('APP_SUSPENDED');

    // after the suspension each further wrong PIN suspends again, until the tenth
    let t = 5;
    for (let n = 6; n <= 10; n++) {
      t += 3601;
      const c = await clientLogin(e, appId, device, WRONG, at(t));
      expect(c.finish).toBeUndefined();
      if (n < 10) expect(await codeOf(clientLogin(e, appId, device, PIN, at(t + 1)))).toBe('APP_SUSPENDED');
    }
    t += 3601;
    expect(await codeOf(pinLogin(e, appId, device, PIN, at(t)))).toBe('APP_REACTIVATION_REQUIRED');
    const app = await e.apps.get(appId);
    expect(app.status).toBe('suspended');
    expect(await codeOf(pinLogin(e, appId, device, PIN, at(t + 86_400)))).toBe('APP_REACTIVATION_REQUIRED');

    // re-activation: a new PIN (after the temporary PIN) and activation again
    await setPin(e, appId, '736251', at(t + 10));
    await e.apps.activate({ appId, ...(await device.activationProof()), biometrics: true, pushSubscription: null, now: at(t + 11) });
    const ok = await pinLogin(e, appId, device, '736251', at(t + 12));
    expect(ok.appId).toBe(appId);
  });

  it('a good PIN before the fifth clears the count', async () => {
    const { appId, device } = await activeApp(e, 'id-reset', PIN, T0);
    for (let i = 0; i < 4; i++) await clientLogin(e, appId, device, WRONG, at(i));
    await pinLogin(e, appId, device, PIN, at(10));
    for (let i = 0; i < 4; i++) await clientLogin(e, appId, device, WRONG, at(20 + i));
    expect((await e.apps.get(appId)).pinFailures).toBe(4);
    expect((await pinLogin(e, appId, device, PIN, at(30))).appId).toBe(appId);
  });

  it('the limits are configurable', async () => {
    const strict = await engines(store.db, { pinSuspendAfter: 2, pinReactivationAfter: 3, pinSuspendSeconds: 60 });
    const { appId, device } = await activeApp(strict, 'id-strict', PIN, T0);
    await clientLogin(strict, appId, device, WRONG, at(1));
    await clientLogin(strict, appId, device, WRONG, at(2));
    expect(await codeOf(clientLogin(strict, appId, device, PIN, at(3)))).toBe('APP_SUSPENDED');
    await clientLogin(strict, appId, device, WRONG, at(63));
    expect(await codeOf(clientLogin(strict, appId, device, PIN, at(200)))).toBe('APP_REACTIVATION_REQUIRED');
  });

  it('the count survives a restart', async () => {
    const { appId, device } = await activeApp(e, 'id-restart', PIN, T0);
    for (let i = 0; i < 5; i++) await clientLogin(e, appId, device, WRONG, at(i));
    // a second instance on the same database (a fresh connection, fresh engines)
    const again = await openDatabase(store.url ? { databaseUrl: store.url, dataDir: store.dataDir } : { dataDir: store.dataDir });
    try {
      const other = appAuthenticatorEngines(again.db, await testSettings());
      expect(await codeOf(clientLogin(other, appId, device, PIN, at(10)))).toBe('APP_SUSPENDED');
      expect((await other.apps.get(appId)).pinFailures).toBe(5);
    } finally {
      await again.close();
    }
  });

  it('two instances racing cannot take more than the allowed attempts', async () => {
    const { appId, device } = await activeApp(e, 'id-race', PIN, T0);
    const second = await openDatabase(store.url ? { databaseUrl: store.url, dataDir: store.dataDir, poolSize: 4 } : { dataDir: store.dataDir });
    try {
      const other = appAuthenticatorEngines(second.db, await testSettings());
      await opaque.ready;
      const tries = Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? e : other).pins.startLogin({
          appId,
          startLoginRequest: opaque.client.startLogin({ password: WRONG }).startLoginRequest,
          purpose: 'approve',
          now: at(1),
        }),
      );
      const results = await Promise.allSettled(tries);
      const answered = results.filter((r) => r.status === 'fulfilled').length;
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code);
      expect(answered).toBe(5);
      expect(refused).toEqual(Array(7).fill('APP_SUSPENDED'));
      expect((await e.apps.get(appId)).pinFailures).toBe(5);
    } finally {
      await second.close();
    }
    void device;
  });
});
