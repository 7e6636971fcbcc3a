/**
 * "På denne telefon" end to end over HTTP with the app SDK in Node, on SQLite and
 * PostgreSQL, and each refusal of the app path: none leaves a half-activated app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivationClient } from '../../app/src/activation/index.js';
import { createDeviceKey, DeviceError, MemoryKeyStore } from '../../app/src/device/index.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, type Kit, type TestServer } from './support/enrolment.js';
import { expectCode } from './support/client.js';
import { activateThisPhone, deviceOptions, enrol, lastTempPin, PUSH, wrongTempPin } from './activation-support.js';

describe.each(stores)('activation of the app on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let n = 500;

  const appsOf = (identityId: string) =>
    store.db.selectFrom('app_authenticators').select(['id', 'status', 'biometrics', 'push_subscription', 'pin_record']).where('identity_id', '=', identityId).execute();

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit);
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('activates this phone: key, temporary PIN by SMS, OPAQUE PIN, biometrics, notifications', async () => {
    const e = await enrol(t, kit, n++);
    const a = await activateThisPhone(t, e, deviceOptions(t));
    expect(a.flow.state).toBe('completed');
    const apps = await appsOf(e.identityId);
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ id: a.flow.appId, status: 'active', biometrics: 1 });
    expect(JSON.parse(apps[0]!.push_subscription ?? 'null')).toEqual(PUSH);
    // the server holds an OPAQUE record, never the PIN
    expect(apps[0]!.pin_record).not.toContain('135790');
    const events = (await store.db.selectFrom('audit_log').select('event').execute()).map((r) => JSON.parse(r.event) as { type: string; outcome: string; identityId?: string });
    expect(events.some((x) => x.type === 'authenticator.activated' && x.outcome === 'ok' && x.identityId === e.identityId)).toBe(true);
    // replays of any step are refused
    expect(await expectCode(a.finish(PUSH))).toBe('FLOW_STEP_REPEATED');
    expect(await expectCode(a.verifyTempPin('12345678'))).toBe('FLOW_STEP_REPEATED');
  });

  it('refuses out-of-order steps and steps of the other path', async () => {
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    expect(await expectCode(a.registerDevice())).toBe('FLOW_STEP_OUT_OF_ORDER');
    await a.chooseMethod('this-phone');
    expect(await expectCode(a.verifyTempPin('12345678'))).toBe('FLOW_STEP_OUT_OF_ORDER');
    expect(await expectCode(a.setPassword('correct horse battery', 'correct horse battery'))).toBe('FLOW_STEP_OUT_OF_ORDER');
    expect(await expectCode(a.chooseMethod('code-display'))).toBe('FLOW_STEP_REPEATED');
    await a.registerDevice();
    expect(await expectCode(a.setBiometrics(false))).toBe('FLOW_STEP_OUT_OF_ORDER');
    expect((await appsOf(e.identityId)).map((x) => x.status)).toEqual(['pending']);
  });

  it('refuses to start activation before enrolment is completed', async () => {
    expect(await expectCode(ActivationClient.start(deviceOptions(t), 'x'.repeat(32)))).toBe('FLOW_NOT_FOUND');
  });

  it('blocks the temporary PIN after three wrong tries; a new one works', async () => {
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('this-phone');
    await a.registerDevice();
    const right = lastTempPin(t, e.phone);
    expect(await expectCode(a.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
    expect(await expectCode(a.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
    expect(await expectCode(a.verifyTempPin(wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
    expect(await expectCode(a.verifyTempPin(right))).toBe('TEMP_PIN_BLOCKED');
    expect((await a.refresh()).state).toBe('temp_pin_sent');
    expect((await appsOf(e.identityId)).map((x) => x.status)).toEqual(['pending']);
    await a.resendTempPin();
    const fresh = lastTempPin(t, e.phone);
    expect((await a.verifyTempPin(fresh)).state).toBe('temp_pin_verified');
  });

  it('refuses an expired temporary PIN', async () => {
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('this-phone');
    await a.registerDevice();
    const code = lastTempPin(t, e.phone);
    // the flow outlives nothing here: its TTL (30 min) equals the PIN's, so expire the PIN alone
    await store.db.updateTable('app_temp_pins').set({ expires_at: t.clock.now().toISOString() }).where('subject', '=', a.flow.appId ?? '').execute();
    expect(await expectCode(a.verifyTempPin(code))).toBe('TEMP_PIN_EXPIRED');
    expect((await appsOf(e.identityId)).map((x) => x.status)).toEqual(['pending']);
  });

  it('refuses a PIN repeated wrongly on the device, sending nothing; a good PIN then works', async () => {
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('this-phone');
    await a.registerDevice();
    await a.verifyTempPin(lastTempPin(t, e.phone));
    const err = await a.choosePin('135790', '135791').catch((x: unknown) => x);
    expect(err).toBeInstanceOf(DeviceError);
    expect((err as DeviceError).code).toBe('PIN_MISMATCH');
    expect((await a.refresh()).state).toBe('temp_pin_verified');
    expect((await appsOf(e.identityId))[0]!.pin_record).toBeNull();
    expect((await a.choosePin('246801', '246801')).state).toBe('pin_set');
  });

  it('refuses an activation signed by another key', async () => {
    const e = await enrol(t, kit, n++);
    const keys = new MemoryKeyStore();
    const a = await ActivationClient.start(deviceOptions(t, keys), e.enrolmentFlowId);
    await a.chooseMethod('this-phone');
    await a.registerDevice();
    await a.verifyTempPin(lastTempPin(t, e.phone));
    await a.choosePin('135790', '135790');
    await a.setBiometrics(false);
    // a thief holding the flow id but another key
    const thiefKeys = new MemoryKeyStore();
    await createDeviceKey(thiefKeys, 'openmitid-app');
    const other = await ActivationClient.resume(deviceOptions(t, thiefKeys), a.flow.id);
    expect(await expectCode(other.finish(null))).toBe('APP_SIGNATURE_INVALID');
    expect((await appsOf(e.identityId)).map((x) => x.status)).toEqual(['pending']);
    expect((await a.finish(null)).state).toBe('completed');
  });
});
