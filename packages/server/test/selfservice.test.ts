/**
 * Self-service over HTTP with the app SDK in Node, on SQLite and PostgreSQL: sessions by app
 * (key + PIN) and by password + code; list, remove, change PIN, change password, block; the
 * block holds until re-enrolment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { ActivationClient, MitIdApp, SelfServiceClient } from '../../app/src/activation/index.js';
import { DeviceError, MemoryKeyStore } from '../../app/src/device/index.js';
import { codeAt, createSoftwareToken, importPskcFile } from '../src/authenticators/code-display/index.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, type Kit, type TestServer } from './support/enrolment.js';
import { driveTo, expectCode } from './support/client.js';
import { activateThisPhone, deviceOptions, enrol, FAST_PIN, lastTempPin, PUSH, type Enrolled } from './activation-support.js';

const PIN = '135790';
const PASSWORD = 'Grøn tekop 2026!';

async function deviceCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DeviceError) return e.code;
    return expectCode(Promise.reject(e));
  }
  return 'NO_ERROR';
}

describe.each(stores)('self-service on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let e: Enrolled;
  let app: MitIdApp;
  const keys = new MemoryKeyStore();
  const token = createSoftwareToken(secureRandom);
  const opts = () => ({ baseUrl: t.baseUrl, pin: FAST_PIN });

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit);
    e = await enrol(t, kit, 1100);
    const a = await activateThisPhone(t, e, deviceOptions(t, keys), PIN);
    app = new MitIdApp(deviceOptions(t, keys), a.flow.appId ?? '');
    await importPskcFile({ db: t.server.services.db, pii: t.server.services.pii, random: secureRandom }, token.pskcXml, { kind: 'code-display', now: t.clock.now() });
    const c = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await c.chooseMethod('code-display');
    await c.setPassword(PASSWORD, PASSWORD);
    await c.activateToken(token.serial, codeAt(token.secret, t.clock.now()));
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('opens a session with the app and lists the authenticators', async () => {
    const x = await SelfServiceClient.withApp(app, PIN, opts());
    const list = await x.list();
    expect(list.map((a) => [a.kind, a.status, a.current])).toEqual([
      ['app', 'active', true],
      ['code-display', 'assigned', false],
      ['password', 'active', false],
    ]);
    expect(await deviceCode(SelfServiceClient.withApp(app, '000000', opts()))).toBe('PIN_WRONG');
  });

  it('changes the PIN by OPAQUE registration; the old PIN stops working', async () => {
    const x = await SelfServiceClient.withApp(app, PIN, opts());
    expect(await deviceCode(x.changePin('246801', '246802'))).toBe('PIN_MISMATCH');
    await x.changePin('246801', '246801');
    expect(await deviceCode(SelfServiceClient.withApp(app, PIN, opts()))).toBe('PIN_WRONG');
    expect((await SelfServiceClient.withApp(app, '246801', opts())).session.appId).toBe(app.appId);
  });

  it('opens a session with password + code, changes the password, refuses a replayed code', async () => {
    t.clock.advance(30);
    const code = codeAt(token.secret, t.clock.now());
    const x = await SelfServiceClient.withPassword(opts(), 'anna jensen 1100', PASSWORD, code);
    expect(await expectCode(SelfServiceClient.withPassword(opts(), 'anna jensen 1100', PASSWORD, code))).toBe('TOKEN_CODE_REPLAYED');
    expect(await expectCode(x.changePin('111111', '111111'))).toBe('SELFSERVICE_UNAUTHENTICATED');
    await x.changePassword(PASSWORD, 'Blå kande 2027?', 'Blå kande 2027?');
    t.clock.advance(30);
    expect(await expectCode(SelfServiceClient.withPassword(opts(), 'anna jensen 1100', PASSWORD, codeAt(token.secret, t.clock.now())))).toBe('PASSWORD_WRONG');
  });

  it('removes an app of the identity', async () => {
    // a second app (spare phone) to remove
    t.clock.advance(3601);
    const spareKeys = new MemoryKeyStore();
    const display = await app.openCopySession('246801', t.clock.now());
    const b = await ActivationClient.startCopy(deviceOptions(t, spareKeys), { prove: async () => ({ kind: 'live-qr', qr: await display.frameAt(t.clock.now()) }) });
    await b.confirmUserId('anna jensen 1100');
    await b.registerDevice();
    await b.verifyTempPin(lastTempPin(t, e.phone));
    await b.choosePin('555555', '555555');
    await b.setBiometrics(false);
    await b.finish(PUSH);
    const x = await SelfServiceClient.withApp(app, '246801', opts());
    await x.remove({ kind: 'app', id: b.flow.appId ?? '' });
    expect((await x.list()).filter((a) => a.kind === 'app').map((a) => a.id)).toEqual([app.appId]);
    expect(await expectCode(x.remove({ kind: 'app', id: b.flow.appId ?? '' }))).toBe('APP_NOT_ACTIVE');
  });

  it('blocks the identity: nothing works until it enrols again', async () => {
    const x = await SelfServiceClient.withApp(app, '246801', opts());
    await x.block();
    expect(await expectCode(x.list())).toBe('SELFSERVICE_UNAUTHENTICATED');
    expect(await expectCode(SelfServiceClient.withApp(app, '246801', opts()))).toBe('IDENTITY_BLOCKED');
    t.clock.advance(30);
    expect(await expectCode(SelfServiceClient.withPassword(opts(), 'anna jensen 1100', 'Blå kande 2027?', codeAt(token.secret, t.clock.now())))).toBe('IDENTITY_BLOCKED');
    // re-enrolment with the passport lifts the block
    const { client } = await driveTo(t, kit, e.person, 'phone', { phone: e.phone, userId: 'anna jensen 1100' });
    const done = await client.verifyPhoneCode(t.sms.lastCode(e.phone));
    expect(done.identityId).toBe(e.identityId);
    const again = await ActivationClient.start(deviceOptions(t), done.id);
    expect(again.flow.state).toBe('started');
    expect((await SelfServiceClient.withApp(app, '246801', opts())).session.appId).toBe(app.appId);
  });
});
