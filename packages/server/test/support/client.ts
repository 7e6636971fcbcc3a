/** Drives the device client to a given point of an enrolment, for the refusal tests. */
import { EnrolmentClient, EnrolmentError, type WebSocketFactory } from '../../../app/src/enrolment/index.js';
import type { Kit, TestPassport, TestPerson, TestServer } from './enrolment.js';
import { testPassport } from './enrolment.js';

export async function expectCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EnrolmentError) return e.code;
    throw e;
  }
  return 'NO_ERROR';
}

export interface Driven {
  client: EnrolmentClient;
  passport: TestPassport;
}

export type Stop = 'mrz' | 'chip' | 'face' | 'user-id' | 'phone';

/** Starts a flow and takes every step up to and including `stop`. */
export async function driveTo(t: TestServer, kit: Kit, person: TestPerson, stop: Stop, o: { userId?: string; phone?: string; webSocket?: WebSocketFactory } = {}): Promise<Driven> {
  const passport = testPassport(kit, person);
  const client = await EnrolmentClient.start({ baseUrl: t.baseUrl, ...(o.webSocket ? { webSocket: o.webSocket } : {}) });
  await client.acceptTerms();
  await client.chooseCountry('DK');
  await client.scanMrz(person.mrz);
  if (stop === 'mrz') return { client, passport };
  await client.readChip(passport.chip());
  if (stop === 'chip') return { client, passport };
  await client.submitFace([], 'bypass');
  if (stop === 'face') return { client, passport };
  await client.chooseUserId(o.userId ?? `user ${person.documentNumber}`);
  if (stop === 'user-id') return { client, passport };
  await client.sendPhoneCode(o.phone ?? '+4520000000');
  return { client, passport };
}
