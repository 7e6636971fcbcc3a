/**
 * The refusals of the account half (user-ID, phone code, face not configured) and
 * re-enrolment, through the device client against a listening server, on SQLite and
 * PostgreSQL. None may leave a half-made identity behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, testPerson, type Kit, type TestServer } from './support/enrolment.js';
import { driveTo, expectCode } from './support/client.js';

describe.each(stores)('enrolment account refusals on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let n = 300;
  /** a fresh person in the register */
  const person = async (o: Parameters<typeof testPerson>[1] = {}) => {
    const p = testPerson(n++, o);
    await t.seed(p);
    return p;
  };
  const identities = async () =>
    Number((await store.db.selectFrom('identities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit);
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it.each([
    ['abcd', 'USER_ID_TOO_SHORT'],
    ['a'.repeat(49), 'USER_ID_TOO_LONG'],
    ['anna/jensen', 'USER_ID_INVALID_CHARACTER'],
    ['anna€jensen', 'USER_ID_INVALID_CHARACTER'],
    [' annajensen', 'USER_ID_EDGE_SPACE'],
    ['annajensen ', 'USER_ID_EDGE_SPACE'],
    ['anna1234567890', 'USER_ID_DIGIT_RUN'],
  ])('refuses the user-ID %j with %s', async (userId, code) => {
    const p = await person();
    const { client } = await driveTo(t, kit, p, 'face');
    expect(await expectCode(client.isUserIdAvailable(userId))).toBe(code);
    expect(await expectCode(client.chooseUserId(userId))).toBe(code);
  });

  it('refuses a user-ID holding the personal number, and accepts the rules’ edge cases', async () => {
    const p = await person();
    const { client } = await driveTo(t, kit, p, 'face');
    expect(await expectCode(client.chooseUserId(`anna ${p.personNumber}`))).toBe('USER_ID_CONTAINS_PERSON_NUMBER');
    expect(await expectCode(client.chooseUserId(`anna ${p.personNumber.replace('-', '')}`))).toBe('USER_ID_DIGIT_RUN');
    expect(await client.isUserIdAvailable('Æble Øl Å{}!#$^,*()_+-=:;?.@123456789')).toBe(true);
    expect((await client.chooseUserId('Æble Øl Å{}!#$^,*()_+-=:;?.@123456789')).state).toBe('user_id_chosen');
  });

  it('refuses a user-ID taken in another case, and availability says so', async () => {
    const owner = await person();
    const a = await driveTo(t, kit, owner, 'phone', { userId: 'Sofie.Taken', phone: '+4530000001' });
    await a.client.verifyPhoneCode(t.sms.lastCode('+4530000001'));
    const b = await driveTo(t, kit, await person(), 'face');
    expect(await b.client.isUserIdAvailable('sofie.taken')).toBe(false);
    expect(await expectCode(b.client.chooseUserId('SOFIE.TAKEN'))).toBe('USER_ID_TAKEN');
  });

  it('rate-limits the availability check per flow', async () => {
    const { client } = await driveTo(t, kit, await person(), 'face');
    const max = t.config.userIdChecksPerFlow;
    for (let i = 0; i < max; i++) await client.isUserIdAvailable(`free name ${i}`);
    expect(await expectCode(client.isUserIdAvailable('one more'))).toBe('RATE_LIMITED');
  });

  it('lets exactly one of two racing enrolments take a user-ID', async () => {
    const [a, b] = await Promise.all([driveTo(t, kit, await person(), 'face'), driveTo(t, kit, await person(), 'face')]);
    const results = await Promise.all([expectCode(a!.client.chooseUserId('race winner')), expectCode(b!.client.chooseUserId('Race Winner'))]);
    expect(results.sort()).toEqual(['NO_ERROR', 'USER_ID_TAKEN']);
  });

  it('needs a new code after three wrong ones; a code expires; resends are throttled', async () => {
    const phone = '+4540000002';
    const { client } = await driveTo(t, kit, await person(), 'phone', { phone });
    const right = t.sms.lastCode(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    expect(await expectCode(client.verifyPhoneCode(wrong))).toBe('PHONE_CODE_WRONG');
    expect(await expectCode(client.verifyPhoneCode(wrong))).toBe('PHONE_CODE_WRONG');
    expect(await expectCode(client.verifyPhoneCode(wrong))).toBe('PHONE_CODE_USED_UP');
    expect(await expectCode(client.verifyPhoneCode(right))).toBe('PHONE_CODE_USED_UP');
    expect(await expectCode(client.sendPhoneCode(phone))).toBe('PHONE_RESEND_THROTTLED');
    t.clock.advance(t.config.smsResendSeconds);
    await client.sendPhoneCode(phone);
    const second = t.sms.lastCode(phone);
    t.clock.advance(t.config.smsCodeTtlSeconds);
    expect(await expectCode(client.verifyPhoneCode(second))).toBe('PHONE_CODE_EXPIRED');
    t.clock.advance(-t.config.smsCodeTtlSeconds - t.config.smsResendSeconds);
  });

  it('answers FACE_NOT_CONFIGURED without a verifier and without the bypass', async () => {
    const { client } = await driveTo(t, kit, await person(), 'chip');
    t.server.services.config.faceDevBypass = false;
    try {
      expect(await expectCode(client.submitFace([], 'x'))).toBe('FACE_NOT_CONFIGURED');
      expect(await expectCode(client.faceChallenge())).toBe('FACE_NOT_CONFIGURED');
    } finally {
      t.server.services.config.faceDevBypass = true;
    }
  });

  it('updates the one identity when a person enrols again with a new passport', async () => {
    const p = await person();
    const phone = '+4550000003';
    const first = await driveTo(t, kit, p, 'phone', { userId: 'again.user', phone });
    const done1 = await first.client.verifyPhoneCode(t.sms.lastCode(phone));
    const renewed = testPerson(n++, { ...p, documentNumber: `R${p.documentNumber.slice(1)}` });
    await t.seed({ ...renewed, personNumber: p.personNumber });
    t.clock.advance(t.config.smsResendSeconds);
    const second = await driveTo(t, kit, renewed, 'phone', { userId: 'Again.User.2', phone });
    const done2 = await second.client.verifyPhoneCode(t.sms.lastCode(phone));
    expect(done2.identityId).toBe(done1.identityId);
    const row = await store.db.selectFrom('identities').selectAll().where('id', '=', done2.identityId!).executeTakeFirstOrThrow();
    expect(row.user_id).toBe('Again.User.2');
    // the old user-ID is free again
    const claims = await store.db.selectFrom('user_id_claims').select('user_id_key').where('identity_id', '=', row.id).execute();
    expect(claims.map((c) => c.user_id_key)).toEqual(['again.user.2']);
  });

  it('leaves no half-made identity behind and an intact audit chain', async () => {
    // identities exist only for completed flows
    const completed = await store.db.selectFrom('flows').select(['data']).where('state', '=', 'completed').execute();
    const ids = completed.map((f) => (JSON.parse(f.data) as { identityId: string }).identityId);
    expect(await identities()).toBe(new Set(ids).size);
    const orphans = await store.db.selectFrom('identities').select('id').where('id', 'not in', ids.length ? ids : ['-']).execute();
    expect(orphans).toEqual([]);
    const audit = await t.server.services.audit.verify(store.db);
    expect(audit.ok).toBe(true);
    expect(audit.count).toBeGreaterThan(50);
    // every kind of security event is there, and none carries a code the user typed or a phone number
    const events = (await store.db.selectFrom('audit_log').select('event').execute()).map((r) => JSON.parse(r.event) as { type: string; outcome: string; code?: string });
    const kinds = new Set(events.map((e) => `${e.type}/${e.outcome}${e.code ? `/${e.code}` : ''}`));
    for (const k of ['flow.started/ok', 'enrolment.step/ok', 'identity.enrolled/ok', 'enrolment.step/refused/USER_ID_TAKEN', 'enrolment.step/refused/PHONE_CODE_WRONG', 'limit.reached/refused/RATE_LIMITED']) {
      expect([...kinds]).toContain(k);
    }
    const all = events.map((e) => JSON.stringify(e)).join('\n');
    expect(all).not.toMatch(/\+45\d{8}/);
    for (const m of t.sms.messages) expect(all).not.toContain(/(\d{6})/.exec(m.text)![1]!);
  });
});
