/**
 * The device SDK (@openmitid/app, as the phone runs it) against the server engines, without
 * HTTP: activation on this phone, then a copy to a second device through the live QR. Only a
 * test joins the two packages; the server's source never imports the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyQrDisplay,
  LiveQrProximity,
  MemoryKeyStore,
  base64urlDecode,
  confirmNewPin,
  createDeviceKey,
  exportPublicKeySpki,
  finishPinLogin,
  finishPinRegistration,
  signChallenge,
  startPinLogin,
  startPinRegistration,
  type KeyStretching,
} from '@openmitid/app';
import { DEVICE_SIGNATURE_PURPOSES } from '@openmitid/api';
import { randomBytes } from 'node:crypto';
import * as opaque from '@serenity-kit/opaque';
import type { AppAuthenticatorEngines } from '../src/authenticators/app/index.js';
import { stores, type TestStore } from './support/db.js';
import { at, codeOf, engines, testSettings } from './app-authenticator-support.js';

const FAST: KeyStretching = { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } };

/** One phone running the app: its key store and its PIN. */
class Phone {
  readonly keys = new MemoryKeyStore();
  appId = '';
  constructor(
    private readonly e: AppAuthenticatorEngines,
    private readonly serverKey: string,
  ) {}

  /** Register the key, take the SMS code, choose the PIN twice, activate. */
  async activate(identityId: string, pin: string, repeat: string, t: number): Promise<void> {
    const pair = await createDeviceKey(this.keys, 'device');
    this.appId = (await this.e.apps.register({ identityId, publicKeySpki: await exportPublicKeySpki(pair.publicKey), now: at(t) })).id;
    const sms = await this.e.tempPins.issue(this.appId, at(t));
    await this.e.tempPins.verify(this.appId, sms.code, at(t + 30));
    const chosen = confirmNewPin(pin, repeat);
    const reg = await startPinRegistration(chosen);
    const response = await this.e.pins.registrationResponse(this.appId, reg.registrationRequest);
    const { registrationRecord } = await finishPinRegistration(reg, chosen, response, { keyStretching: FAST, serverStaticPublicKey: this.serverKey });
    await this.e.pins.setPin(this.appId, registrationRecord, at(t + 40));
    const challenge = new Uint8Array(randomBytes(32));
    const signature = await signChallenge(pair.privateKey, DEVICE_SIGNATURE_PURPOSES.register, challenge);
    await this.e.apps.activate({ appId: this.appId, challenge, signature, biometrics: true, pushSubscription: { endpoint: 'https://push.example/p' }, now: at(t + 50) });
  }

  async pinCheck(pin: string, purpose: string, t: number) {
    const pair = (await this.keys.get('device'))!;
    const start = await startPinLogin(pin);
    const challenge = await this.e.pins.startLogin({ appId: this.appId, startLoginRequest: start.startLoginRequest, purpose, now: at(t) });
    const done = await finishPinLogin(start, pin, challenge, pair.privateKey, { keyStretching: FAST, serverStaticPublicKey: this.serverKey });
    return this.e.pins.finishLogin({ loginId: done.loginId, finishLoginRequest: done.finishLoginRequest, signature: done.signature, now: at(t) });
  }
}

describe.each(stores)('app SDK against the engines on $name', (kind) => {
  let store: TestStore;
  let e: AppAuthenticatorEngines;
  let serverKey: string;
  beforeAll(async () => {
    store = await kind.open();
    e = await engines(store.db);
    await opaque.ready;
    serverKey = opaque.server.getPublicKey((await testSettings()).opaqueServerSetup);
  });
  afterAll(async () => {
    await store.close();
  });

  it('activates this phone, then copies the app to a second device via the live QR', async () => {
    const old = new Phone(e, serverKey);
    await old.activate('id-e2e', '592047', '592047', 0);
    expect((await e.apps.get(old.appId)).status).toBe('active');

    // an hour later: PIN + key for purpose 'copy' opens the session; the old screen shows frames
    const proof = await old.pinCheck('592047', 'copy', 3700);
    const grant = await e.copies.open(proof, at(3700));
    const screen = new CopyQrDisplay({ sessionId: grant.sessionId, secret: grant.secret, validSeconds: grant.validSeconds }, at(3700));
    expect(base64urlDecode(grant.secret)).toHaveLength(32);

    // the new device's camera sees the old screen 12 s in
    const proximity = new LiveQrProximity(async () => screen.frameAt(at(3712.4)));
    const evidence = await proximity.prove({});
    expect(evidence.kind).toBe('live-qr');
    const joined = await e.copies.accept(evidence.qr, at(3713));
    expect(joined.identityId).toBe('id-e2e');

    const fresh = new Phone(e, serverKey);
    await fresh.activate(joined.identityId, '174628', '174628', 3720);
    const apps = await e.apps.list('id-e2e');
    expect(apps.filter((a) => a.status === 'active').map((a) => a.id).sort()).toEqual([old.appId, fresh.appId].sort());
    expect((await fresh.pinCheck('174628', 'approve', 3800)).appId).toBe(fresh.appId);
    // the same QR again, and a photo of it later, are refused
    expect(await codeOf(e.copies.accept(evidence.qr, at(3714)))).toBe('COPY_SESSION_USED');
  });

  it('a PIN repeated wrongly never reaches the server; a wrong PIN is counted there', async () => {
    const phone = new Phone(e, serverKey);
    await expect(phone.activate('id-e2e-2', '111222', '111223', 0)).rejects.toMatchObject({ code: 'PIN_MISMATCH' });
    expect((await e.apps.get(phone.appId)).hasPin).toBe(false);
    await phone.activate('id-e2e-2', '111222', '111222', 10);
    await expect(phone.pinCheck('999999', 'approve', 100)).rejects.toMatchObject({ code: 'PIN_WRONG' });
    expect((await e.apps.get(phone.appId)).pinFailures).toBe(1);
  });
});
