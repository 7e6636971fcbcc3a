/**
 * Enrolment end to end: the device client drives a real listening server (127.0.0.1,
 * port 0) with a virtual passport, in chip mode A (device reads, uploads) and mode B
 * (device relays APDUs), on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EnrolmentClient, type WebSocketLike } from '../src/enrolment/index.js';
import { stores, type TestStore } from '../../server/test/support/db.js';
import { startTestServer, testKit, testPassport, testPerson, type Kit, type TestServer } from '../../server/test/support/enrolment.js';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

describe.each(stores)('enrolment through the device client on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit);
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  async function enrol(n: number, mode: 'A' | 'B') {
    const person = testPerson(n);
    await t.seed(person);
    const passport = testPassport(kit, person);
    const client = await EnrolmentClient.start({ baseUrl: t.baseUrl, webSocket });
    expect(client.flow.state).toBe('started');
    await client.acceptTerms();
    await client.chooseCountry('GL');
    const afterMrz = await client.scanMrz(person.mrz);
    expect(afterMrz.activeAuthenticationChallenge).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    const afterChip = mode === 'A' ? await client.readChip(passport.chip()) : await client.relayChip(passport.chip());
    expect(afterChip.state).toBe('chip_verified');
    await client.submitFace([], 'bypass');
    const userId = `anna.${mode}.${n}`;
    expect(await client.isUserIdAvailable(userId)).toBe(true);
    await client.chooseUserId(userId);
    const phone = `+4520${String(n).padStart(6, '0')}`;
    await client.sendPhoneCode(phone);
    const code = t.sms.lastCode(phone);
    const done = await client.verifyPhoneCode(code);
    // the code is single use: the flow is over
    await expect(client.verifyPhoneCode(code)).rejects.toMatchObject({ code: 'FLOW_STEP_REPEATED' });
    return { person, done, userId };
  }

  it('enrols a person with chip mode A (device reads the chip)', async () => {
    const { done, userId, person } = await enrol(1, 'A');
    expect(done.state).toBe('completed');
    expect(done.proofing).toBe('unverified');
    expect(done.identityId).toBeTruthy();
    const row = await store.db.selectFrom('identities').selectAll().where('id', '=', done.identityId!).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(userId);
    expect(row.terms_version).toBe(t.config.termsVersion);
    // personal data is sealed at rest
    expect(JSON.stringify(row)).not.toContain(person.documentNumber);
    expect(JSON.stringify(row)).not.toContain('JENSEN');
    expect(t.server.services.pii.decrypt(row.surname_sealed, `identities.surname:${row.id}`)).toBe('JENSEN');
  });

  it('enrols a person with chip mode B (device relays APDUs, the server reads)', async () => {
    const { done } = await enrol(2, 'B');
    expect(done.state).toBe('completed');
    const count = await store.db.selectFrom('identities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('resumes a flow by id', async () => {
    const client = await EnrolmentClient.start({ baseUrl: t.baseUrl });
    await client.acceptTerms();
    const again = await EnrolmentClient.resume({ baseUrl: t.baseUrl }, client.flow.id);
    expect(again.flow.state).toBe('terms_accepted');
  });
});
