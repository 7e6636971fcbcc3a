/**
 * Every refusal of issue 3's acceptance list, each with its own code, through the device
 * client against a listening server, on SQLite and PostgreSQL. None may leave a
 * half-made identity behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGERIES, readPassport, type Forgery } from '@openmitid/mrtd';
import { EnrolmentClient } from '../../app/src/enrolment/index.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, testPassport, testPerson, type Kit, type TestServer } from './support/enrolment.js';
import WebSocket from 'ws';
import { driveTo, expectCode } from './support/client.js';
import type { WebSocketLike } from '../../app/src/enrolment/index.js';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

describe.each(stores)('enrolment refusals on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let n = 100;
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

  const forgeryCodes: Record<Forgery, string> = {
    'tampered-dg': 'PA_DG_HASH_MISMATCH',
    'wrong-signer': 'PA_CSCA_UNKNOWN',
    'expired-signer': 'PA_SIGNER_NOT_VALID_AT_SIGNING',
    clone: 'AA_SIGNATURE_INVALID',
  };
  it.each(FORGERIES)('refuses the forgery %s with its own code', async (forge) => {
    const p = await person();
    const { client } = await driveTo(t, kit, p, 'mrz');
    expect(await expectCode(client.readChip(testPassport(kit, p, forge).chip()))).toBe(forgeryCodes[forge]);
    expect(client.flow.state).toBe('mrz_scanned');
  });

  it('refuses in chip mode B too: a forged chip by its code, an unreadable one as CHIP_READ_FAILED', async () => {
    const p = await person();
    const { client } = await driveTo(t, kit, p, 'mrz', { webSocket });
    expect(await expectCode(client.relayChip(testPassport(kit, p, 'tampered-dg').chip()))).toBe('PA_DG_HASH_MISMATCH');
    // a chip whose access key is not the scanned MRZ's: BAC fails on the server's side of the relay
    const other = testPerson(n++);
    expect(await expectCode(client.relayChip(testPassport(kit, other).chip()))).toBe('CHIP_READ_FAILED');
    expect((await client.relayChip(testPassport(kit, p).chip())).state).toBe('chip_verified');
  });

  it('refuses an Active Authentication answer replayed from another flow', async () => {
    const p = await person();
    const first = await driveTo(t, kit, p, 'mrz');
    const second = await driveTo(t, kit, p, 'mrz');
    const challenge = Buffer.from(first.client.flow.activeAuthenticationChallenge!, 'base64');
    const read = await readPassport(first.passport.chip(), { key: first.passport.issued.mrzKey, activeAuthenticationChallenge: challenge });
    // as it was: the answer names the first flow's challenge
    expect(await expectCode(second.client.uploadChip(read.files, read.activeAuthentication))).toBe('AA_CHALLENGE_MISMATCH');
    // relabelled with the second flow's challenge: the signature does not cover it
    const relabelled = { challenge: Buffer.from(second.client.flow.activeAuthenticationChallenge!, 'base64'), signature: read.activeAuthentication!.signature };
    expect(await expectCode(second.client.uploadChip(read.files, relabelled))).toBe('AA_SIGNATURE_INVALID');
    // the first flow accepts its own answer
    expect((await first.client.uploadChip(read.files, read.activeAuthentication)).state).toBe('chip_verified');
  });

  it('refuses a chip whose DG1 differs from the scanned MRZ', async () => {
    const scanned = await person();
    const other = await person();
    const { client } = await driveTo(t, kit, scanned, 'mrz');
    const chip = testPassport(kit, other);
    const read = await readPassport(chip.chip(), {
      key: chip.issued.mrzKey,
      activeAuthenticationChallenge: Buffer.from(client.flow.activeAuthenticationChallenge!, 'base64'),
    });
    expect(await expectCode(client.uploadChip(read.files, read.activeAuthentication))).toBe('CHIP_MRZ_MISMATCH');
  });

  it('refuses a chip upload without the files it needs', async () => {
    const p = await person();
    const { client, passport } = await driveTo(t, kit, p, 'mrz');
    const files = new Map(passport.issued.files);
    files.delete('SOD');
    expect(await expectCode(client.uploadChip(files))).toBe('CHIP_FILES_MISSING');
    // a chip with an Active Authentication key (DG15) must answer the challenge
    expect(await expectCode(client.uploadChip(passport.issued.files))).toBe('AA_NOT_PERFORMED');
  });

  it('refuses an expired passport, a foreign issuer, a country not offered and a bad check digit', async () => {
    const expired = testPerson(n++, { dateOfExpiry: '251124' });
    const foreign = testPerson(n++, { issuingState: 'SWE' });
    const start = async () => {
      const c = await EnrolmentClient.start({ baseUrl: t.baseUrl });
      await c.acceptTerms();
      return c;
    };
    let c = await start();
    expect(await expectCode(c.chooseCountry('SE'))).toBe('COUNTRY_NOT_OFFERED');
    await c.chooseCountry('FO');
    expect(await expectCode(c.scanMrz(expired.mrz))).toBe('MRZ_EXPIRED');
    expect(await expectCode(c.scanMrz(foreign.mrz))).toBe('MRZ_ISSUER_NOT_ALLOWED');
    const line2 = expired.mrz[1]!;
    const badDigit = `${line2.slice(0, 9)}${(Number(line2[9]) + 1) % 10}${line2.slice(10)}`;
    expect(await expectCode(c.scanMrz([expired.mrz[0]!, badDigit]))).toBe('MRZ_CHECK_DIGIT');
    expect(c.flow.state).toBe('country_chosen');
    c = await start();
    expect(await expectCode(c.acceptTerms('1999-01'))).toBe('FLOW_STEP_REPEATED');
    const fresh = await EnrolmentClient.start({ baseUrl: t.baseUrl });
    expect(await expectCode(fresh.acceptTerms('1999-01'))).toBe('TERMS_VERSION_MISMATCH');
  });

  it('refuses a person not in the register', async () => {
    const stranger = testPerson(n++);
    const { client } = await driveTo(t, kit, stranger, 'mrz');
    expect(await expectCode(client.readChip(testPassport(kit, stranger).chip()))).toBe('PERSON_NOT_FOUND');
  });

  it('refuses a step out of order, a repeated step, and an expired flow', async () => {
    const c = await EnrolmentClient.start({ baseUrl: t.baseUrl });
    expect(await expectCode(c.scanMrz(testPerson(1).mrz))).toBe('FLOW_STEP_OUT_OF_ORDER');
    expect(await expectCode(c.chooseUserId('someone nice'))).toBe('FLOW_STEP_OUT_OF_ORDER');
    // no user-ID look-ups before proofing: the check cannot be used to list users
    expect(await expectCode(c.isUserIdAvailable('someone nice'))).toBe('FLOW_STEP_OUT_OF_ORDER');
    await c.acceptTerms();
    expect(await expectCode(c.acceptTerms())).toBe('FLOW_STEP_REPEATED');
    t.clock.advance(t.config.flowTtlSeconds);
    expect(await expectCode(c.chooseCountry('DK'))).toBe('FLOW_EXPIRED');
    t.clock.advance(-t.config.flowTtlSeconds);
  });

  it('answers unknown flows and malformed bodies as problem+json', async () => {
    const res = await fetch(`${t.baseUrl}/v1/enrolment/${'A'.repeat(32)}/terms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"termsVersion":"x"}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('FLOW_NOT_FOUND');
    const c = await EnrolmentClient.start({ baseUrl: t.baseUrl });
    const bad = await fetch(`${t.baseUrl}/v1/enrolment/${c.flow.id}/terms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"nope":1}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
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
  });
});
