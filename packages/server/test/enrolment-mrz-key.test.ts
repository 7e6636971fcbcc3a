/**
 * The MRZ step's manual variant (issue 6): only the chip's access key (document number, date of
 * birth, date of expiry) is typed; the chip's DG1 then supplies the MRZ, so the names of the
 * identity come from the chip. Through the device client against a listening server, on SQLite
 * and PostgreSQL, in both chip modes, with every refusal by its code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestCsca, readPassport } from '@openmitid/mrtd';
import { EnrolmentClient, type WebSocketLike } from '../../app/src/enrolment/index.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, TEST_NOW, testKit, testPassport, testPerson, type Kit, type TestPerson, type TestServer } from './support/enrolment.js';
import { expectCode } from './support/client.js';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
const keyOf = (p: TestPerson) => ({ documentNumber: p.documentNumber, dateOfBirth: p.dateOfBirth, dateOfExpiry: p.dateOfExpiry });

describe.each(stores)('MRZ typed as access key on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let n = 300;
  const person = async (o: Parameters<typeof testPerson>[1] = {}) => {
    const p = testPerson(n++, o);
    await t.seed(p);
    return p;
  };
  const toMrzStep = async (o: { webSocket?: typeof webSocket } = {}) => {
    const c = await EnrolmentClient.start({ baseUrl: t.baseUrl, ...(o.webSocket ? { webSocket: o.webSocket } : {}) });
    await c.acceptTerms();
    await c.chooseCountry('DK');
    return c;
  };
  /** the refusal's code and details, as the device sees them */
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      const { code, details } = e as { code: string; details?: Record<string, unknown> };
      return { code, field: details?.field };
    }
    return { code: 'NO_ERROR' };
  };

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit);
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('enrols with a typed key (chip mode A); the identity holds the names from DG1', async () => {
    const p = await person({ surname: 'Østergård', givenNames: 'Søren Åge' });
    const c = await toMrzStep();
    // typed in lower case, as people do; the server upper-cases the number
    const afterKey = await c.enterMrzKey({ ...keyOf(p), documentNumber: p.documentNumber.toLowerCase() });
    expect(afterKey.state).toBe('mrz_scanned');
    expect(afterKey.activeAuthenticationChallenge).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect((await c.readChip(testPassport(kit, p).chip())).state).toBe('chip_verified');
    await c.submitFace([], 'bypass');
    await c.chooseUserId(`typed key ${p.documentNumber}`);
    await c.sendPhoneCode('+4520000001');
    const done = await c.verifyPhoneCode(t.sms.lastCode('+4520000001'));
    expect(done.state).toBe('completed');
    const row = await store.db.selectFrom('identities').selectAll().where('id', '=', done.identityId!).executeTakeFirstOrThrow();
    const pii = t.server.services.pii;
    // DG1 holds the names transliterated (Doc 9303 Part 3 §6.a): Ø → OE, Å → AA
    expect(pii.decrypt(row.surname_sealed, `identities.surname:${row.id}`)).toBe('OESTERGAARD');
    expect(pii.decrypt(row.given_names_sealed, `identities.given_names:${row.id}`)).toBe('SOEREN AAGE');
    expect(pii.decrypt(row.document_number_sealed, `identities.document_number:${row.id}`)).toBe(p.documentNumber);
    // the flow keeps nothing of the key or the MRZ once the identity holds them
    const flow = await store.db.selectFrom('flows').selectAll().where('id', '=', done.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(flow)).not.toMatch(/mrzKeySealed|mrzSealed/);
  });

  it('lets the server drive the chip with the typed key (chip mode B)', async () => {
    const p = await person();
    const c = await toMrzStep({ webSocket });
    await c.enterMrzKey(keyOf(p));
    // a chip whose key is not the typed one does not open
    expect(await expectCode(c.relayChip(testPassport(kit, testPerson(n++)).chip()))).toBe('CHIP_READ_FAILED');
    expect((await c.relayChip(testPassport(kit, p).chip())).state).toBe('chip_verified');
  });

  it('refuses malformed fields by MRZ_FORMAT naming the field, and an expired passport', async () => {
    const p = testPerson(n++);
    const c = await toMrzStep();
    const key = keyOf(p);
    expect(await refusal(c.enterMrzKey({ ...key, documentNumber: '' }))).toEqual({ code: 'MRZ_FORMAT', field: 'documentNumber' });
    expect(await refusal(c.enterMrzKey({ ...key, documentNumber: 'AB-123' }))).toEqual({ code: 'MRZ_FORMAT', field: 'documentNumber' });
    expect(await refusal(c.enterMrzKey({ ...key, documentNumber: '1234567890' }))).toEqual({ code: 'MRZ_FORMAT', field: 'documentNumber' });
    expect(await refusal(c.enterMrzKey({ ...key, dateOfBirth: '700230' }))).toEqual({ code: 'MRZ_FORMAT', field: 'dateOfBirth' });
    expect(await refusal(c.enterMrzKey({ ...key, dateOfBirth: '70011' }))).toEqual({ code: 'MRZ_FORMAT', field: 'dateOfBirth' });
    expect(await refusal(c.enterMrzKey({ ...key, dateOfExpiry: '311301' }))).toEqual({ code: 'MRZ_FORMAT', field: 'dateOfExpiry' });
    // TEST_NOW is 2026-11-25: valid through the expiry day, refused the day after
    expect(await refusal(c.enterMrzKey({ ...key, dateOfExpiry: '261124' }))).toEqual({ code: 'MRZ_EXPIRED' });
    expect(c.flow.state).toBe('country_chosen');
    expect((await c.enterMrzKey({ ...key, dateOfExpiry: '261125' })).state).toBe('mrz_scanned');
    // the key and the lines are two forms of one step: either, once
    expect(await expectCode(c.enterMrzKey(key))).toBe('FLOW_STEP_REPEATED');
    expect(await expectCode(c.scanMrz(p.mrz))).toBe('FLOW_STEP_REPEATED');
  });

  it('refuses a body with both forms, or extra fields', async () => {
    const c = await toMrzStep();
    const p = testPerson(n++);
    const post = (body: unknown) =>
      fetch(`${t.baseUrl}/v1/enrolment/${c.flow.id}/mrz`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const body of [{ mrz: p.mrz, key: keyOf(p) }, { key: { ...keyOf(p), name: 'x' } }, { key: { documentNumber: 'A1' } }]) {
      const r = await post(body);
      expect(r.status).toBe(400);
    }
    expect((await c.enterMrzKey(keyOf(p))).state).toBe('mrz_scanned');
  });

  it('refuses a genuine chip whose DG1 is not the typed document', async () => {
    const typed = await person();
    const other = await person();
    const c = await toMrzStep();
    await c.enterMrzKey(keyOf(typed));
    // the device opens another passport with that passport's own key and uploads it
    const chip = testPassport(kit, other);
    const read = await readPassport(chip.chip(), {
      key: chip.issued.mrzKey,
      activeAuthenticationChallenge: Buffer.from(c.flow.activeAuthenticationChallenge!, 'base64'),
    });
    expect(await expectCode(c.uploadChip(read.files, read.activeAuthentication))).toBe('CHIP_MRZ_MISMATCH');
    expect(c.flow.state).toBe('mrz_scanned');
    // a forged chip of the typed document is refused by its forgery's code, before any comparison
    const forged = testPassport(kit, typed, 'tampered-dg');
    expect(await expectCode(c.readChip(forged.chip()))).toBe('PA_DG_HASH_MISMATCH');
    expect((await c.readChip(testPassport(kit, typed).chip())).state).toBe('chip_verified');
  });

  it("applies the chosen country's issuer policy to DG1, as a scan would to the lines", async () => {
    const swedish = await person({ issuingState: 'SWE' });
    const c = await toMrzStep();
    await c.enterMrzKey(keyOf(swedish));
    // a genuine Swedish passport (its CSCA trusted), so only the issuer policy can refuse it
    const sweden = createTestCsca({ country: 'SWE', algorithm: 'ecdsa-p256', now: TEST_NOW });
    kit.trust.addCertificate(sweden.certificate);
    expect(await expectCode(c.readChip(testPassport({ ...kit, csca: sweden }, swedish).chip()))).toBe('MRZ_ISSUER_NOT_ALLOWED');
    expect(c.flow.state).toBe('mrz_scanned');
  });
});
