/** What the activation tests share: an enrolled person ready for "Hvordan vil du godkende med MitID?", and device options. */
import { ActivationClient, type ActivationClientOptions } from '../../app/src/activation/index.js';
import { MemoryKeyStore } from '../../app/src/device/index.js';
import { driveTo } from './support/client.js';
import type { Kit, TestPerson, TestServer } from './support/enrolment.js';
import { testPerson } from './support/enrolment.js';

/** Tiny argon2id on the device so each OPAQUE registration takes milliseconds in tests. */
export const FAST_PIN = { keyStretching: { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } } } as const;

export interface Enrolled {
  person: TestPerson;
  phone: string;
  enrolmentFlowId: string;
  identityId: string;
}

/** Enrols test person `n` end to end (phone +45 3xxxxxxx, unique per n). */
export async function enrol(t: TestServer, kit: Kit, n: number): Promise<Enrolled> {
  const person = testPerson(n);
  await t.seed(person);
  const phone = `+453${String(n).padStart(7, '0')}`;
  const { client } = await driveTo(t, kit, person, 'phone', { phone, userId: `anna jensen ${n}` });
  const done = await client.verifyPhoneCode(t.sms.lastCode(phone));
  return { person, phone, enrolmentFlowId: done.id, identityId: done.identityId ?? '' };
}

/** The last temporary PIN (8 digits) sent to `phone`. */
export function lastTempPin(t: TestServer, phone: string): string {
  const m = [...t.sms.messages].reverse().find((x) => x.to === phone && /\b\d{8}\b/.test(x.text));
  const code = m && /\b(\d{8})\b/.exec(m.text)?.[1];
  if (!code) throw new Error('no temporary PIN sent');
  return code;
}

export function deviceOptions(t: TestServer, keys = new MemoryKeyStore()): ActivationClientOptions {
  return { baseUrl: t.baseUrl, keys, pin: FAST_PIN };
}

/** A wrong 8-digit temporary PIN (never equal to the right one). */
export function wrongTempPin(right: string): string {
  return String((Number(right) + 1) % 100_000_000).padStart(8, '0');
}

export const PUSH = { endpoint: 'https://push.example.test/sub/abc', expirationTime: null, keys: { p256dh: 'BAbc', auth: 'xyz' } };

/** "På denne telefon", all the way: returns the client with the app active. */
export async function activateThisPhone(t: TestServer, e: Enrolled, o: ActivationClientOptions, pin = '135790'): Promise<ActivationClient> {
  const a = await ActivationClient.start(o, e.enrolmentFlowId);
  await a.chooseMethod('this-phone');
  await a.registerDevice();
  await a.verifyTempPin(lastTempPin(t, e.phone));
  await a.choosePin(pin, pin);
  await a.setBiometrics(true);
  await a.finish(PUSH);
  return a;
}
