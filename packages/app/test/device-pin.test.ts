import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import * as opaque from '@serenity-kit/opaque';
import { pinLoginChallenge } from '@openmitid/api';
import {
  MemoryKeyStore,
  confirmNewPin,
  createDeviceKey,
  exportPublicKeySpki,
  finishPinLogin,
  finishPinRegistration,
  isDeviceError,
  startPinLogin,
  startPinRegistration,
  type KeyStretching,
} from '../src/device/index.js';

const FAST: KeyStretching = { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } };
const APP_ID = 'app-7Qx';
let serverSetup: string;

beforeAll(async () => {
  await opaque.ready;
  serverSetup = opaque.server.createSetup();
});

async function register(pin: string): Promise<string> {
  const start = await startPinRegistration(pin);
  const { registrationResponse } = opaque.server.createRegistrationResponse({ serverSetup, userIdentifier: APP_ID, registrationRequest: start.registrationRequest });
  return (await finishPinRegistration(start, pin, registrationResponse, { keyStretching: FAST })).registrationRecord;
}

describe('device PIN', () => {
  it('is 6 digits, entered twice the same', () => {
    expect(confirmNewPin('123456', '123456')).toBe('123456');
    expect(() => confirmNewPin('123456', '123465')).toThrow(expect.objectContaining({ code: 'PIN_MISMATCH' }));
    for (const bad of ['12345', '1234567', '12a456', ' 123456', '１２３４５６']) {
      expect(() => confirmNewPin(bad, bad)).toThrow(expect.objectContaining({ code: 'PIN_FORMAT' }));
    }
  });

  it('logs in with OPAQUE and signs the session with the device key', async () => {
    const record = await register('246810');
    const pair = await createDeviceKey(new MemoryKeyStore(), APP_ID);
    const start = await startPinLogin('246810');
    const server = opaque.server.startLogin({ serverSetup, userIdentifier: APP_ID, registrationRecord: record, startLoginRequest: start.startLoginRequest });
    const nonce = Buffer.alloc(32, 7).toString('base64url');
    const done = await finishPinLogin(start, '246810', { loginId: 'L1', loginResponse: server.loginResponse, nonce, purpose: 'copy' }, pair.privateKey, { keyStretching: FAST });
    const { sessionKey } = opaque.server.finishLogin({ serverLoginState: server.serverLoginState, finishLoginRequest: done.finishLoginRequest });
    expect(done.sessionKey).toBe(sessionKey);
    const key = createPublicKey({ key: Buffer.from(await exportPublicKeySpki(pair.publicKey)), format: 'der', type: 'spki' });
    const message = Buffer.concat([Buffer.from('openmitid-app-v1\0pin-login:copy\0'), pinLoginChallenge('L1', Buffer.alloc(32, 7), done.finishLoginRequest)]);
    expect(verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(done.signature, 'base64url'))).toBe(true);
  });

  it('notices a wrong PIN on the device, before anything is signed or sent', async () => {
    const record = await register('135790');
    const pair = await createDeviceKey(new MemoryKeyStore(), APP_ID);
    const start = await startPinLogin('135791');
    const server = opaque.server.startLogin({ serverSetup, userIdentifier: APP_ID, registrationRecord: record, startLoginRequest: start.startLoginRequest });
    await expect(
      finishPinLogin(start, '135791', { loginId: 'L2', loginResponse: server.loginResponse, nonce: 'AA', purpose: 'approve' }, pair.privateKey, { keyStretching: FAST }),
    ).rejects.toSatisfy((e: unknown) => isDeviceError(e, 'PIN_WRONG'));
  });

  it('refuses a server with another OPAQUE key, and malformed answers', async () => {
    const expected = opaque.server.getPublicKey(serverSetup);
    const start = await startPinRegistration('112233');
    const impostor = opaque.server.createSetup();
    const { registrationResponse } = opaque.server.createRegistrationResponse({ serverSetup: impostor, userIdentifier: APP_ID, registrationRequest: start.registrationRequest });
    await expect(finishPinRegistration(start, '112233', registrationResponse, { keyStretching: FAST, serverStaticPublicKey: expected })).rejects.toSatisfy((e: unknown) =>
      isDeviceError(e, 'PIN_PROTOCOL'),
    );
    await expect(finishPinRegistration(start, '112233', 'garbage!', { keyStretching: FAST })).rejects.toSatisfy((e: unknown) => isDeviceError(e, 'PIN_PROTOCOL'));
    const login = await startPinLogin('112233');
    const pair = await createDeviceKey(new MemoryKeyStore(), APP_ID);
    await expect(
      finishPinLogin(login, '112233', { loginId: 'L3', loginResponse: 'AAAA', nonce: 'AA', purpose: 'approve' }, pair.privateKey, { keyStretching: FAST }),
    ).rejects.toSatisfy((e: unknown) => isDeviceError(e, 'PIN_PROTOCOL'));
  });
});
