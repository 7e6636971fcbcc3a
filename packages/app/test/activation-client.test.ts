/**
 * The activation client against a recording fake server: what leaves the device. The PIN
 * never does (only OPAQUE messages), a PIN repeated wrongly sends nothing, and the final
 * signature verifies under the registered key for the flow's challenge.
 */
import * as opaque from '@serenity-kit/opaque';
import { describe, expect, it } from 'vitest';
import { DEVICE_SIGNATURE_PURPOSES, type ActivationFlowView } from '@openmitid/api';
import { ActivationClient } from '../src/activation/index.js';
import { base64urlDecode, base64urlEncode, DeviceError, MemoryKeyStore, verifyChallengeSignature } from '../src/device/index.js';
import type { FetchLike } from '../src/enrolment/index.js';

const FAST = { keyStretching: { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } } } as const;

function fakeServer(setup: string) {
  const sent: { url: string; body: Record<string, unknown> }[] = [];
  const challenge = base64urlEncode(new Uint8Array(32).fill(9));
  let state: ActivationFlowView['state'] = 'started';
  const view = (): ActivationFlowView => ({ id: 'f'.repeat(32), kind: 'activation', state, expiresAt: '2026-11-25T11:00:00.000Z', appId: 'app1', activationChallenge: challenge });
  const fetchImpl: FetchLike = async (url, init) => {
    const body = init?.body ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    sent.push({ url, body });
    let payload: unknown = view();
    if (url.endsWith('/pin/registration')) {
      payload = { registrationResponse: opaque.server.createRegistrationResponse({ serverSetup: setup, userIdentifier: 'app1', registrationRequest: body.registrationRequest as string }).registrationResponse };
    } else if (url.endsWith('/method')) state = 'method_chosen';
    else if (url.endsWith('/device-key')) state = 'temp_pin_sent';
    else if (url.endsWith('/temp-pin')) state = 'temp_pin_verified';
    else if (url.endsWith('/pin')) state = 'pin_set';
    else if (url.endsWith('/biometrics')) state = 'biometrics_chosen';
    else if (url.endsWith('/notifications')) state = 'completed';
    if (!url.endsWith('/pin/registration')) payload = view();
    return { ok: true, status: 200, json: async () => payload };
  };
  return { sent, challenge, fetchImpl };
}

describe('ActivationClient (device side)', () => {
  it('sends OPAQUE messages, never the PIN, and signs the challenge with the registered key', async () => {
    await opaque.ready;
    const server = fakeServer(opaque.server.createSetup());
    const keys = new MemoryKeyStore();
    const a = await ActivationClient.start({ baseUrl: 'http://127.0.0.1:1/', fetch: server.fetchImpl, keys, pin: FAST }, 'e'.repeat(32));
    await a.chooseMethod('this-phone');
    await a.registerDevice();
    await a.verifyTempPin('12345678');
    const before = server.sent.length;
    await expect(a.choosePin('135790', '135791')).rejects.toSatisfy((e) => e instanceof DeviceError && e.code === 'PIN_MISMATCH');
    expect(server.sent.length).toBe(before);
    await a.choosePin('135790', '135790');
    await a.setBiometrics(true);
    await a.finish(null);
    expect(server.sent.map((x) => new URL(x.url).pathname)).toEqual([
      `/v1/enrolment/${'e'.repeat(32)}/activation`,
      ...['method', 'device-key', 'temp-pin', 'pin/registration', 'pin', 'biometrics', 'notifications'].map((p) => `/v1/activation/${'f'.repeat(32)}/${p}`),
    ]);
    expect(JSON.stringify(server.sent)).not.toContain('135790');
    const spki = base64urlDecode(server.sent[2]!.body.publicKeySpki as string);
    const publicKey = await crypto.subtle.importKey('spki', spki as Uint8Array<ArrayBuffer>, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const signature = base64urlDecode(server.sent.at(-1)!.body.signature as string);
    expect(await verifyChallengeSignature(publicKey, DEVICE_SIGNATURE_PURPOSES.register, base64urlDecode(server.challenge), signature)).toBe(true);
    expect(await verifyChallengeSignature(publicKey, DEVICE_SIGNATURE_PURPOSES.pinLogin, base64urlDecode(server.challenge), signature)).toBe(false);
    // the private key stays non-extractable
    const pair = await keys.get('openmitid-app');
    expect(pair?.privateKey.extractable).toBe(false);
  });
});
