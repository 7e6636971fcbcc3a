/**
 * Attempt counters live in the database: wrong temporary PINs, wrong app PINs and wrong codes
 * of a code display count across a restart (SQLite and PostgreSQL) and across two server
 * instances on one PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { codeAt, createSoftwareToken, importPskcFile, type SoftwareToken } from '../src/authenticators/code-display/index.js';
import { ActivationClient, MitIdApp, SelfServiceClient } from '../../app/src/activation/index.js';
import { DeviceError, MemoryKeyStore } from '../../app/src/device/index.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testClock, testKit, type Kit, type TestServer } from './support/enrolment.js';
import { expectCode } from './support/client.js';
import { activateThisPhone, deviceOptions, enrol, FAST_PIN, lastTempPin, wrongTempPin } from './activation-support.js';

const PASSWORD = 'Grøn tekop 2026!';

/** A software code display in stock, and a wrong code for it now. */
async function stockedToken(t: TestServer): Promise<{ token: SoftwareToken; right: string; wrong: string }> {
  const token = createSoftwareToken(secureRandom);
  await importPskcFile({ db: t.server.services.db, pii: t.server.services.pii, random: secureRandom }, token.pskcXml, { kind: 'code-display', now: t.clock.now() });
  const right = codeAt(token.secret, t.clock.now());
  return { token, right, wrong: String((Number(right) + 500_000) % 1_000_000).padStart(6, '0') };
}

async function atTokenStep(t: TestServer, enrolmentFlowId: string): Promise<ActivationClient> {
  const a = await ActivationClient.start(deviceOptions(t), enrolmentFlowId);
  await a.chooseMethod('code-display');
  await a.setPassword(PASSWORD, PASSWORD);
  return a;
}

async function wrongPin(app: MitIdApp, baseUrl: string): Promise<string> {
  try {
    await SelfServiceClient.withApp(app, '000000', { baseUrl, pin: FAST_PIN });
  } catch (e) {
    if (e instanceof DeviceError) return e.code;
    return expectCode(Promise.reject(e));
  }
  return 'NO_ERROR';
}

describe.each(stores)('activation attempt counters on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  const clock = testClock();

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('keeps wrong temporary PINs and wrong PINs across a restart', async () => {
    let t: TestServer = await startTestServer(store, kit, { clock });
    const e = await enrol(t, kit, 1300);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('this-phone');
    await a.registerDevice();
    const right = lastTempPin(t, e.phone);
    expect(await expectCode(a.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
    expect(await expectCode(a.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
    await t.close();
    t = await startTestServer(store, kit, { clock });
    try {
      const resumed = await ActivationClient.resume(deviceOptions(t), a.flow.id);
      expect(await expectCode(resumed.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
      expect(await expectCode(resumed.verifyTempPin(right))).toBe('TEMP_PIN_BLOCKED');

      const keys = new MemoryKeyStore();
      const e2 = await enrol(t, kit, 1301);
      const activated = await activateThisPhone(t, e2, deviceOptions(t, keys));
      const app = new MitIdApp(deviceOptions(t, keys), activated.flow.appId ?? '');
      for (let i = 0; i < 4; i++) expect(await wrongPin(app, t.baseUrl)).toBe('PIN_WRONG');
      await t.close();
      t = await startTestServer(store, kit, { clock });
      expect(await wrongPin(new MitIdApp(deviceOptions(t, keys), app.appId), t.baseUrl)).toBe('PIN_WRONG');
      expect(await wrongPin(new MitIdApp(deviceOptions(t, keys), app.appId), t.baseUrl)).toBe('APP_SUSPENDED');
    } finally {
      await t.close();
    }
  });

  it('keeps wrong codes of a code display across a restart', async () => {
    let t: TestServer = await startTestServer(store, kit, { clock });
    const { token, right, wrong } = await stockedToken(t);
    const e = await enrol(t, kit, 1304);
    const a = await atTokenStep(t, e.enrolmentFlowId);
    expect(await expectCode(a.activateToken(token.serial, wrong))).toBe('TOKEN_CODE_WRONG');
    expect(await expectCode(a.activateToken(token.serial, wrong))).toBe('TOKEN_CODE_WRONG');
    await t.close();
    t = await startTestServer(store, kit, { clock });
    try {
      const resumed = await ActivationClient.resume(deviceOptions(t), a.flow.id);
      expect(await expectCode(resumed.activateToken(token.serial, wrong))).toBe('TOKEN_SUSPENDED');
      expect(await expectCode(resumed.activateToken(token.serial, right))).toBe('TOKEN_SUSPENDED');
      expect((await resumed.refresh()).state).toBe('password_set');
    } finally {
      await t.close();
    }
  });
});

// Two instances on one database is the PostgreSQL scale-out path; SQLite is one instance by design.
describe('activation attempt counters on two PostgreSQL instances', () => {
  let store: TestStore;
  let kit: Kit;
  const clock = testClock();

  beforeAll(async () => {
    store = await stores.find((s) => s.name === 'postgres')!.open();
    kit = testKit();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('shares the counters between two instances on one database', async () => {
    const one = await startTestServer(store, kit, { clock });
    const two = await startTestServer(store, kit, { clock });
    try {
      const e = await enrol(one, kit, 1302);
      const a = await ActivationClient.start(deviceOptions(one), e.enrolmentFlowId);
      await a.chooseMethod('this-phone');
      await a.registerDevice();
      const right = lastTempPin(one, e.phone);
      const onTwo = await ActivationClient.resume(deviceOptions(two), a.flow.id);
      expect(await expectCode(a.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
      expect(await expectCode(onTwo.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
      expect(await expectCode(a.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
      expect(await expectCode(onTwo.verifyTempPin(right))).toBe('TEMP_PIN_BLOCKED');

      const keys = new MemoryKeyStore();
      const e2 = await enrol(one, kit, 1303);
      const activated = await activateThisPhone(one, e2, deviceOptions(one, keys));
      const viaOne = new MitIdApp(deviceOptions(one, keys), activated.flow.appId ?? '');
      const viaTwo = new MitIdApp(deviceOptions(two, keys), viaOne.appId);
      // concurrent wrong PINs on both instances: exactly five count before the suspension
      const codes = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => wrongPin(i % 2 ? viaTwo : viaOne, i % 2 ? two.baseUrl : one.baseUrl)));
      expect(codes.filter((c) => c === 'PIN_WRONG')).toHaveLength(5);
      expect(codes.filter((c) => c === 'APP_SUSPENDED')).toHaveLength(2);
      const row = await store.db.selectFrom('app_authenticators').select('pin_failures').where('id', '=', viaOne.appId).executeTakeFirstOrThrow();
      expect(row.pin_failures).toBe(5);

      // wrong codes of a code display, typed on either instance, count towards one suspension
      const stock = await stockedToken(one);
      const e3 = await enrol(one, kit, 1305);
      const onOne = await atTokenStep(one, e3.enrolmentFlowId);
      const tokenOnTwo = await ActivationClient.resume(deviceOptions(two), onOne.flow.id);
      expect(await expectCode(onOne.activateToken(stock.token.serial, stock.wrong))).toBe('TOKEN_CODE_WRONG');
      expect(await expectCode(tokenOnTwo.activateToken(stock.token.serial, stock.wrong))).toBe('TOKEN_CODE_WRONG');
      expect(await expectCode(onOne.activateToken(stock.token.serial, stock.wrong))).toBe('TOKEN_SUSPENDED');
      expect(await expectCode(tokenOnTwo.activateToken(stock.token.serial, stock.right))).toBe('TOKEN_SUSPENDED');
    } finally {
      await one.close();
      await two.close();
    }
  });
});
