/**
 * Each activation step is one transaction with its engine's writes (flows/activation/runner.ts),
 * on SQLite and PostgreSQL. A step that loses the race for the flow — another request saved
 * the flow between this step's slow work and its transaction — is refused FLOW_CONFLICT and
 * leaves no engine change: no app, temporary PIN, PIN, activation, order, password, device
 * assignment or chip; the same step then succeeds with the same input (nothing was used up).
 * A refused attempt (wrong temporary PIN, wrong code) is still counted. And two real
 * concurrent steps on one flow: exactly one is stored, with only its engine's change.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivationStep } from '@openmitid/api';
import { secureRandom } from '@openmitid/mrtd';
import { ActivationClient, type ActivationClientOptions } from '../../app/src/activation/index.js';
import { MemoryKeyStore } from '../../app/src/device/index.js';
import type { FetchLike } from '../../app/src/enrolment/http.js';
import { codeAt, createSoftwareToken, importPskcFile, type SoftwareToken } from '../src/authenticators/code-display/index.js';
import { isApiError } from '../src/errors.js';
import { runActivationStep, type ActivationWork } from '../src/flows/activation/runner.js';
import { deviceKeyStep, notificationsStep, pinStep, tempPinStep } from '../src/flows/activation/app-steps.js';
import { orderStep, passwordStep, tokenStep } from '../src/flows/activation/token-steps.js';
import { chipStep } from '../src/flows/activation/chip-steps.js';
import { stores, type TestStore } from './support/db.js';
import { SoftFido } from './support/soft-fido.js';
import { startTestServer, testKit, type Kit, type TestServer } from './support/enrolment.js';
import { deviceOptions, enrol, lastTempPin, PUSH, wrongTempPin, type Enrolled } from './activation-support.js';

const PASSWORD = 'Sommerfugl over engen 5';
const ADDRESS = { name: 'Anna Jensen', street: 'Nørregade 1', postalCode: '1165', city: 'København K', country: 'DK' };
const ORIGIN = 'https://mitid.test';

/** The body the SDK would send to a path ending in `suffix`, kept instead of sent. */
class Captured extends Error {
  constructor(readonly body: Record<string, unknown>) {
    super('captured');
  }
}

function capturing(suffix: string): FetchLike {
  return async (url, init) => {
    if (url.endsWith(suffix) && init?.method === 'POST') throw new Captured(JSON.parse(init.body ?? '{}') as Record<string, unknown>);
    return fetch(url, init);
  };
}

async function captured(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Captured) return e.body;
    throw e;
  }
  throw new Error('nothing captured');
}

describe.each(stores)('activation steps are atomic on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let n = 1700;
  const psk = new Uint8Array(randomBytes(32));

  /**
   * Runs `work` as `step` of flow `id` through the real runner, but another request saves the
   * flow after the step's slow work and before its transaction: the step has lost the race.
   */
  async function losing(id: string, step: ActivationStep, work: ActivationWork): Promise<string> {
    const s = t.server.services;
    return runActivationStep(s, id, step, async (flow, now) => {
      const outcome = await work(flow, now);
      await s.db.updateTable('flows').set({ version: flow.version + 1 }).where('id', '=', flow.id).execute();
      return outcome;
    }).then(
      () => 'NO_ERROR',
      (e: unknown) => (isApiError(e) ? e.code : Promise.reject(e)),
    );
  }

  const state = async (id: string) => (await store.db.selectFrom('flows').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
  const stocked = async (): Promise<SoftwareToken> => {
    const token = createSoftwareToken(secureRandom, { preSharedKey: psk });
    await importPskcFile({ db: store.db, pii: t.server.services.pii, random: secureRandom }, token.pskcXml, { kind: 'code-display', now: t.clock.now(), preSharedKey: psk });
    return token;
  };
  const passwordRow = (e: Enrolled) => store.db.selectFrom('identity_passwords').select('hash').where('identity_id', '=', e.identityId).executeTakeFirst();

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit, { config: { publicUrl: ORIGIN, oidcEnabled: false } });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('app path: lost races at device key, temporary PIN, PIN and activation leave nothing; a wrong temporary PIN still counts', async () => {
    const s = t.server.services;
    const e = await enrol(t, kit, n++);
    const keys = new MemoryKeyStore();
    const o: ActivationClientOptions = deviceOptions(t, keys);
    const a = await ActivationClient.start(o, e.enrolmentFlowId);
    await a.chooseMethod('this-phone');
    const via = (suffix: string) => ActivationClient.resume({ ...o, fetch: capturing(suffix) }, a.flow.id);
    const apps = () => store.db.selectFrom('app_authenticators').select(['id', 'status', 'pin_record']).where('identity_id', '=', e.identityId).execute();

    // device key: no pending app, no temporary PIN, no SMS
    const smsBefore = t.sms.messages.length;
    const { publicKeySpki } = await captured((await via('/device-key')).registerDevice());
    expect(await losing(a.flow.id, 'device-key', deviceKeyStep(s, String(publicKeySpki)))).toBe('FLOW_CONFLICT');
    expect(await apps()).toEqual([]);
    expect(await store.db.selectFrom('app_temp_pins').selectAll().execute()).toEqual([]);
    expect(t.sms.messages.length).toBe(smsBefore);
    expect(await state(a.flow.id)).toBe('method_chosen');
    await a.registerDevice();
    const [app] = await apps();
    const pinRow = () => store.db.selectFrom('app_temp_pins').select('failures').where('subject', '=', app!.id).executeTakeFirstOrThrow();

    // temporary PIN: a wrong one is counted though refused; a right one that loses is not used up
    const right = lastTempPin(t, e.phone);
    expect(await losing(a.flow.id, 'temp-pin', tempPinStep(s, wrongTempPin(right)))).toBe('TEMP_PIN_WRONG');
    expect((await pinRow()).failures).toBe(1);
    expect(await losing(a.flow.id, 'temp-pin', tempPinStep(s, right))).toBe('FLOW_CONFLICT');
    expect((await pinRow()).failures).toBe(1);
    expect(await state(a.flow.id)).toBe('temp_pin_sent');
    await a.verifyTempPin(right);

    // PIN: the record is not stored
    const { registrationRecord } = await captured((await via('/pin')).choosePin('135790', '135790'));
    expect(await losing(a.flow.id, 'pin', pinStep(s, String(registrationRecord)))).toBe('FLOW_CONFLICT');
    expect((await apps())[0]!.pin_record).toBeNull();
    await a.choosePin('135790', '135790');
    await a.setBiometrics(true);

    // activation: the app stays pending and the identity lock's change is not recorded
    const { pushSubscription, signature } = await captured((await via('/notifications')).finish(PUSH));
    expect(await losing(a.flow.id, 'notifications', notificationsStep(s, pushSubscription, String(signature)))).toBe('FLOW_CONFLICT');
    expect((await apps())[0]!.status).toBe('pending');
    expect(await store.db.selectFrom('identity_authenticator_changes').selectAll().where('identity_id', '=', e.identityId).execute()).toEqual([]);
    expect((await a.finish(PUSH)).state).toBe('completed');
    expect((await apps())[0]!.status).toBe('active');
  });

  it('code display path: lost races at password, token and order leave nothing; a wrong code still counts', async () => {
    const s = t.server.services;
    const token = await stocked();
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('code-display');
    const device = () => store.db.selectFrom('token_devices').select(['status', 'identity_id', 'last_step', 'failures']).where('serial', '=', token.serial).executeTakeFirstOrThrow();

    expect(await losing(a.flow.id, 'password', passwordStep(s, PASSWORD, PASSWORD))).toBe('FLOW_CONFLICT');
    expect(await passwordRow(e)).toBeUndefined();
    await a.setPassword(PASSWORD, PASSWORD);

    const code = codeAt(token.secret, t.clock.now());
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    expect(await losing(a.flow.id, 'token', tokenStep(s, token.serial, wrong))).toBe('TOKEN_CODE_WRONG');
    expect(await device()).toEqual({ status: 'in-stock', identity_id: null, last_step: null, failures: 1 });
    expect(await losing(a.flow.id, 'token', tokenStep(s, token.serial, code))).toBe('FLOW_CONFLICT');
    expect(await device()).toEqual({ status: 'in-stock', identity_id: null, last_step: null, failures: 1 });
    expect(await state(a.flow.id)).toBe('password_set');
    // the same code was not used up by the lost step
    expect((await a.activateToken(token.serial, code)).state).toBe('completed');
    expect(await device()).toMatchObject({ status: 'assigned', identity_id: e.identityId, failures: 0 });

    const other = await enrol(t, kit, n++);
    const b = await ActivationClient.start(deviceOptions(t), other.enrolmentFlowId);
    await b.chooseMethod('code-reader');
    expect(await losing(b.flow.id, 'order', orderStep(s, ADDRESS))).toBe('FLOW_CONFLICT');
    expect(await store.db.selectFrom('token_orders').select('id').where('identity_id', '=', other.identityId).execute()).toEqual([]);
    expect((await b.order(ADDRESS)).state).toBe('token_ordered');
  });

  it('chip path: a lost race stores no key and no password, and leaves the ceremony unused', async () => {
    const s = t.server.services;
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('chip');
    const options = await a.chipOptions();
    const credential = new SoftFido().create(options as Parameters<SoftFido['create']>[0], 'fido-u2f', { origin: ORIGIN });
    expect(await losing(a.flow.id, 'chip', chipStep(s, credential, PASSWORD, PASSWORD))).toBe('FLOW_CONFLICT');
    expect(await store.db.selectFrom('fido_credentials').select('id').where('identity_id', '=', e.identityId).execute()).toEqual([]);
    expect(await passwordRow(e)).toBeUndefined();
    expect((await a.activateChip(credential, PASSWORD, PASSWORD)).state).toBe('completed');
  });

  it('two concurrent steps on one flow: exactly one is stored, with only its engine change', async () => {
    for (let round = 0; round < 3; round++) {
      const e = await enrol(t, kit, n++);
      const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
      await a.chooseMethod('code-display');
      const b = await ActivationClient.resume(deviceOptions(t), a.flow.id);
      const [password, order] = await Promise.allSettled([a.setPassword(PASSWORD, PASSWORD), b.order(ADDRESS)]);
      expect([password.status, order.status].sort()).toEqual(['fulfilled', 'rejected']);
      const orders = await store.db.selectFrom('token_orders').select('id').where('identity_id', '=', e.identityId).execute();
      const stored = await passwordRow(e);
      if (password.status === 'fulfilled') {
        expect(await state(a.flow.id)).toBe('password_set');
        expect(orders).toEqual([]);
      } else {
        expect(await state(a.flow.id)).toBe('token_ordered');
        expect(stored).toBeUndefined();
      }
      const loser = (password.status === 'rejected' ? password : order) as PromiseRejectedResult;
      expect(['FLOW_CONFLICT', 'FLOW_STEP_REPEATED', 'FLOW_STEP_OUT_OF_ORDER']).toContain((loser.reason as { code?: string }).code);
    }
  });
});
