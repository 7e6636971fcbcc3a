/**
 * Test support for the app authenticator: a device emulated with WebCrypto and the OPAQUE
 * client (the server package never imports @openmitid/app), engines over a test store, and
 * a settable clock.
 */
import { randomBytes } from 'node:crypto';
import * as opaque from '@serenity-kit/opaque';
import type { Kysely } from 'kysely';
import { DEVICE_SIGNATURE_PURPOSES, deviceSignedMessage, pinLoginChallenge, pinLoginPurpose } from '@openmitid/api';
import type { Database } from '../src/infra/db/index.js';
import {
  appAuthenticatorEngines,
  appAuthenticatorSettings,
  type AppAuthenticatorEngines,
  type AppAuthenticatorSettings,
  type PinLoginStarted,
} from '../src/authenticators/app/index.js';

/** Tiny argon2id so each PIN check takes milliseconds in tests (production uses the library default). */
export const FAST_STRETCHING = { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } } as const;

export const T0 = new Date('2026-11-25T10:00:00.000Z');

export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

let setup: string | undefined;
export async function serverSetup(): Promise<string> {
  await opaque.ready;
  setup ??= opaque.server.createSetup();
  return setup;
}

export async function testSettings(overrides: Partial<AppAuthenticatorSettings> = {}): Promise<AppAuthenticatorSettings> {
  return appAuthenticatorSettings({ opaqueServerSetup: await serverSetup(), tempPinKey: new Uint8Array(randomBytes(32)) }, overrides);
}

export async function engines(db: Kysely<Database>, overrides: Partial<AppAuthenticatorSettings> = {}): Promise<AppAuthenticatorEngines> {
  return appAuthenticatorEngines(db, await testSettings(overrides));
}

/** A phone: one non-extractable P-256 key, signing as the app does. */
export class TestDevice {
  private constructor(
    readonly keys: CryptoKeyPair,
    readonly spki: Uint8Array,
  ) {}

  static async create(): Promise<TestDevice> {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    return new TestDevice(keys, new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey)));
  }

  async sign(purpose: string, challenge: Uint8Array): Promise<Uint8Array> {
    const message = deviceSignedMessage(purpose, challenge) as Uint8Array<ArrayBuffer>;
    return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.keys.privateKey, message));
  }

  /** The activation proof over a flow challenge. */
  async activationProof(): Promise<{ challenge: Uint8Array; signature: Uint8Array }> {
    const challenge = new Uint8Array(randomBytes(32));
    return { challenge, signature: await this.sign(DEVICE_SIGNATURE_PURPOSES.register, challenge) };
  }
}

/** Registration of `pin` for `appId`, the device's half and the server's. */
export async function setPin(e: AppAuthenticatorEngines, appId: string, pin: string, now: Date): Promise<void> {
  await opaque.ready;
  const start = opaque.client.startRegistration({ password: pin });
  const response = await e.pins.registrationResponse(appId, start.registrationRequest);
  const { registrationRecord } = opaque.client.finishRegistration({
    clientRegistrationState: start.clientRegistrationState,
    registrationResponse: response,
    password: pin,
    keyStretching: FAST_STRETCHING,
  });
  await e.pins.setPin(appId, registrationRecord, now);
}

/** A registered, PIN-set, activated app. */
export async function activeApp(e: AppAuthenticatorEngines, identityId: string, pin: string, now: Date): Promise<{ appId: string; device: TestDevice }> {
  const device = await TestDevice.create();
  const app = await e.apps.register({ identityId, publicKeySpki: device.spki, now });
  await setPin(e, app.id, pin, now);
  await e.apps.activate({ appId: app.id, ...(await device.activationProof()), biometrics: false, pushSubscription: null, now });
  return { appId: app.id, device };
}

export interface ClientLogin {
  started: PinLoginStarted;
  /** undefined when the PIN was wrong (the device notices; it never finishes) */
  finish?: { finishLoginRequest: string; signature: string; sessionKey: string };
}

/** A PIN check as the device runs it, up to (not including) the server's finish. */
export async function clientLogin(
  e: AppAuthenticatorEngines,
  appId: string,
  device: TestDevice,
  pin: string,
  now: Date,
  purpose = 'approve',
): Promise<ClientLogin> {
  await opaque.ready;
  const start = opaque.client.startLogin({ password: pin });
  const started = await e.pins.startLogin({ appId, startLoginRequest: start.startLoginRequest, purpose, now });
  const result = opaque.client.finishLogin({
    clientLoginState: start.clientLoginState,
    loginResponse: started.loginResponse,
    password: pin,
    keyStretching: FAST_STRETCHING,
  });
  if (!result) return { started };
  const challenge = pinLoginChallenge(started.loginId, new Uint8Array(Buffer.from(started.nonce, 'base64url')), result.finishLoginRequest);
  const signature = Buffer.from(await device.sign(pinLoginPurpose(started.purpose), challenge)).toString('base64url');
  return { started, finish: { finishLoginRequest: result.finishLoginRequest, signature, sessionKey: result.sessionKey } };
}

/** A whole good PIN check. */
export async function pinLogin(e: AppAuthenticatorEngines, appId: string, device: TestDevice, pin: string, now: Date, purpose = 'approve') {
  const c = await clientLogin(e, appId, device, pin, now, purpose);
  if (!c.finish) throw new Error('PIN rejected by the device');
  return e.pins.finishLogin({ loginId: c.started.loginId, ...c.finish, now });
}

/** Resolves to the ApiError code a promise rejects with (or 'OK'). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    return code;
  }
}
