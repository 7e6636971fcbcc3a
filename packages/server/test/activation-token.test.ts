/**
 * Code display and code reader activation end to end over HTTP with the app SDK in Node, on
 * SQLite and PostgreSQL: stock from a (encrypted) PSKC file of software tokens, "Nej,
 * bestil", "Ja, aktivér" (password twice → serial → code), and the refusals.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { ActivationClient } from '../../app/src/activation/index.js';
import { codeAt, createSoftwareToken, importPskcFile, verifyTokenCode, type SoftwareToken, type TokenDeps } from '../src/authenticators/code-display/index.js';
import { isApiError } from '../src/errors.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, type Kit, type TestServer } from './support/enrolment.js';
import { expectCode } from './support/client.js';
import { deviceOptions, enrol, type Enrolled } from './activation-support.js';

const PASSWORD = 'Grøn tekop 2026!';
const ADDRESS = { name: 'Anna Jensen', street: 'Nørregade 1', postalCode: '1165', city: 'København K', country: 'DK' };

describe.each(stores)('activation of a code display on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let deps: TokenDeps;
  let n = 700;
  const psk = new Uint8Array(randomBytes(32));

  /** A software token in stock, imported from its maker's encrypted PSKC file. */
  const stocked = async (kindOf: 'code-display' | 'code-reader' = 'code-display'): Promise<SoftwareToken> => {
    const token = createSoftwareToken(secureRandom, { preSharedKey: psk });
    expect(await importPskcFile(deps, token.pskcXml, { kind: kindOf, now: t.clock.now(), preSharedKey: psk })).toEqual({ imported: 1, skipped: 0, refused: [] });
    return token;
  };
  const toPasswordStep = async (e: Enrolled, method: 'code-display' | 'code-reader' = 'code-display') => {
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod(method);
    await a.setPassword(PASSWORD, PASSWORD);
    return a;
  };
  const deviceRow = (serial: string) => store.db.selectFrom('token_devices').select(['status', 'identity_id']).where('serial', '=', serial).executeTakeFirstOrThrow();

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit);
    deps = { db: t.server.services.db, pii: t.server.services.pii, random: secureRandom };
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('activates a PSKC-imported code display: password twice, serial, code; a replayed code is refused afterwards', async () => {
    const token = await stocked();
    const e = await enrol(t, kit, n++);
    const a = await toPasswordStep(e);
    expect(a.flow.state).toBe('password_set');
    const code = codeAt(token.secret, t.clock.now());
    expect((await a.activateToken(token.serial, code)).state).toBe('completed');
    expect(await deviceRow(token.serial)).toEqual({ status: 'assigned', identity_id: e.identityId });
    expect(await expectCode(a.activateToken(token.serial, code))).toBe('FLOW_STEP_REPEATED');
    const replay = await verifyTokenCode(deps, { identityId: e.identityId, code, now: t.clock.now() }).catch((x: unknown) => x);
    expect(isApiError(replay, 'TOKEN_CODE_REPLAYED')).toBe(true);
    const stored = await store.db.selectFrom('identity_passwords').select('hash').where('identity_id', '=', e.identityId).executeTakeFirstOrThrow();
    expect(stored.hash.startsWith('$argon2id$')).toBe(true);
  });

  it('activates a code reader', async () => {
    const token = await stocked('code-reader');
    const e = await enrol(t, kit, n++);
    const a = await toPasswordStep(e, 'code-reader');
    expect((await a.activateToken(token.serial.toLowerCase(), codeAt(token.secret, t.clock.now()))).state).toBe('completed');
  });

  it('"Nej, bestil" places an order with the delivery address', async () => {
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('code-display');
    const ordered = await a.order(ADDRESS);
    expect(ordered.state).toBe('token_ordered');
    const row = await store.db.selectFrom('token_orders').select(['status', 'identity_id']).where('id', '=', ordered.orderId ?? '').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'ordered', identity_id: e.identityId });
    expect(await expectCode(a.setPassword(PASSWORD, PASSWORD))).toBe('FLOW_STEP_REPEATED');
  });

  it('refuses a password repeated wrongly and a wrong serial, leaving nothing assigned', async () => {
    const token = await stocked();
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('code-display');
    expect(await expectCode(a.setPassword(PASSWORD, `${PASSWORD}x`))).toBe('PASSWORD_MISMATCH');
    expect(await expectCode(a.activateToken(token.serial, '000000'))).toBe('FLOW_STEP_OUT_OF_ORDER');
    await a.setPassword(PASSWORD, PASSWORD);
    expect(await expectCode(a.activateToken('NOSUCHSERIAL1', codeAt(token.secret, t.clock.now())))).toBe('TOKEN_UNKNOWN_SERIAL');
    expect((await a.refresh()).state).toBe('password_set');
    expect((await deviceRow(token.serial)).identity_id).toBeNull();
  });

  it('suspends the device after three wrong codes in a row', async () => {
    const token = await stocked();
    const e = await enrol(t, kit, n++);
    const a = await toPasswordStep(e);
    const right = codeAt(token.secret, t.clock.now());
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    expect(await expectCode(a.activateToken(token.serial, wrong))).toBe('TOKEN_CODE_WRONG');
    expect(await expectCode(a.activateToken(token.serial, wrong))).toBe('TOKEN_CODE_WRONG');
    expect(['TOKEN_CODE_WRONG', 'TOKEN_SUSPENDED']).toContain(await expectCode(a.activateToken(token.serial, wrong)));
    expect(await expectCode(a.activateToken(token.serial, right))).toBe('TOKEN_SUSPENDED');
    expect(await deviceRow(token.serial)).toEqual({ status: 'suspended', identity_id: null });
    expect((await a.refresh()).state).toBe('password_set');
  });

  it('refuses a second code display for one identity', async () => {
    const first = await stocked();
    const second = await stocked();
    const e = await enrol(t, kit, n++);
    const a = await toPasswordStep(e);
    await a.activateToken(first.serial, codeAt(first.secret, t.clock.now()));
    const again = await toPasswordStep(e);
    expect(await expectCode(again.activateToken(second.serial, codeAt(second.secret, t.clock.now())))).toBe('TOKEN_ALREADY_HAS_ONE');
    expect((await deviceRow(second.serial)).identity_id).toBeNull();
  });

  it('refuses a PSKC file with a wrong key or malformed XML, importing nothing', async () => {
    const token = createSoftwareToken(secureRandom, { preSharedKey: psk });
    const wrongKey = await importPskcFile(deps, token.pskcXml, { kind: 'code-display', now: t.clock.now(), preSharedKey: new Uint8Array(32) }).catch((x: unknown) => x);
    expect(isApiError(wrongKey, 'PSKC_DECRYPT_FAILED')).toBe(true);
    const broken = await importPskcFile(deps, token.pskcXml.slice(0, -40), { kind: 'code-display', now: t.clock.now(), preSharedKey: psk }).catch((x: unknown) => x);
    expect(isApiError(broken, 'PSKC_MALFORMED')).toBe(true);
    expect(await store.db.selectFrom('token_devices').select('serial').where('serial', '=', token.serial).executeTakeFirst()).toBeUndefined();
  });
});
