import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { openDatabase } from '../src/infra/db/index.js';
import { appAuthenticatorEngines, generateTempPin, type AppAuthenticatorEngines } from '../src/authenticators/app/index.js';
import { stores, type TestStore } from './support/db.js';
import { T0, TestDevice, activeApp, at, codeOf, engines, setPin, testSettings } from './app-authenticator-support.js';

const PIN = '205813';

describe('temporary PIN generation', () => {
  it('makes 8 digits and redraws values that would bias the result', () => {
    // first draw 0xFFFFFFFF is ≥ 4.2e9 and must be rejected; the second gives 1234
    const draws = [new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array([0, 0, 0x04, 0xd2])];
    let calls = 0;
    expect(generateTempPin(() => draws[calls++]!)).toBe('00001234');
    expect(calls).toBe(2);
    // 4_199_999_999 is the last accepted value: 4_199_999_999 mod 1e8 = 99_999_999
    expect(generateTempPin(() => new Uint8Array([0xfa, 0x56, 0xe9, 0xff]))).toBe('99999999');
  });

  it('always gives exactly 8 digits', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
      let first = true;
      const pin = generateTempPin((n) => (first ? ((first = false), b) : new Uint8Array(n)));
      expect(pin).toMatch(/^[0-9]{8}$/);
    }));
  });
});

describe.each(stores)('app authenticators on $name', (kind) => {
  let store: TestStore;
  let e: AppAuthenticatorEngines;
  beforeAll(async () => {
    store = await kind.open();
    e = await engines(store.db);
  });
  afterAll(async () => {
    await store.close();
  });

  it('registers a P-256 key and refuses other keys', async () => {
    const device = await TestDevice.create();
    const app = await e.apps.register({ identityId: 'id-a', publicKeySpki: device.spki, now: T0 });
    expect(app).toMatchObject({ identityId: 'id-a', status: 'pending', hasPin: false, biometrics: false, pinFailures: 0 });
    expect(Buffer.from(app.publicKeySpki).equals(Buffer.from(device.spki))).toBe(true);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'der', type: 'spki' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' });
    for (const bad of [p384, rsa, Buffer.from('not a key')]) {
      expect(await codeOf(e.apps.register({ identityId: 'id-a', publicKeySpki: new Uint8Array(bad), now: T0 }))).toBe('APP_KEY_INVALID');
    }
  });

  it('activates only with a PIN and a signature of the device key; records biometrics and push', async () => {
    const device = await TestDevice.create();
    const app = await e.apps.register({ identityId: 'id-b', publicKeySpki: device.spki, now: T0 });
    const proof = await device.activationProof();
    const input = { appId: app.id, ...proof, biometrics: true, pushSubscription: { endpoint: 'https://push.example/1', keys: { p256dh: 'x', auth: 'y' } }, now: at(5) };
    expect(await codeOf(e.apps.activate(input))).toBe('APP_PIN_NOT_SET');
    await setPin(e, app.id, PIN, at(1));
    const other = await TestDevice.create();
    expect(await codeOf(e.apps.activate({ ...input, signature: (await other.activationProof()).signature }))).toBe('APP_SIGNATURE_INVALID');
    // a signature over the challenge for another purpose does not count
    expect(await codeOf(e.apps.activate({ ...input, signature: await device.sign('pin-login:approve', proof.challenge) }))).toBe('APP_SIGNATURE_INVALID');
    const active = await e.apps.activate(input);
    expect(active).toMatchObject({ status: 'active', biometrics: true, hasPin: true, pushSubscription: input.pushSubscription });
    expect(active.activatedAt?.toISOString()).toBe(at(5).toISOString());
    expect(await codeOf(e.apps.activate(input))).toBe('APP_NOT_ACTIVE');
    expect(await codeOf(e.apps.get('missing'))).toBe('APP_NOT_FOUND');
  });

  it('allows at most 3 active apps; a spare can be parked, activated again or removed', async () => {
    const apps = [];
    for (let i = 0; i < 3; i++) apps.push(await activeApp(e, 'id-c', PIN, at(i)));
    const fourth = await TestDevice.create();
    const pending = await e.apps.register({ identityId: 'id-c', publicKeySpki: fourth.spki, now: at(10) });
    await setPin(e, pending.id, PIN, at(10));
    const activation = async (now: Date) => ({ appId: pending.id, ...(await fourth.activationProof()), biometrics: false, pushSubscription: null, now });
    await expect(e.apps.activate(await activation(at(11)))).rejects.toMatchObject({ code: 'APP_LIMIT_REACHED', details: { max: 3 } });
    expect((await e.apps.get(pending.id)).status).toBe('pending'); // nothing half-activated

    await e.apps.deactivate(apps[0]!.appId, at(12));
    expect(await codeOf(e.apps.deactivate(apps[0]!.appId, at(12)))).toBe('APP_NOT_ACTIVE');
    await e.apps.activate(await activation(at(13)));
    // the spare cannot come back while three are active…
    const spare = { appId: apps[0]!.appId, ...(await apps[0]!.device.activationProof()), biometrics: false, pushSubscription: null, now: at(14) };
    expect(await codeOf(e.apps.activate(spare))).toBe('APP_LIMIT_REACHED');
    // …but can once a place is free
    await e.apps.remove(apps[1]!.appId, at(15));
    expect((await e.apps.activate({ ...spare, now: at(16) })).status).toBe('active');
    const listed = await e.apps.list('id-c');
    expect(listed.map((a) => a.status).sort()).toEqual(['active', 'active', 'active']);
    expect(listed.map((a) => a.id)).not.toContain(apps[1]!.appId);
    const removed = await e.apps.get(apps[1]!.appId);
    expect(removed).toMatchObject({ status: 'revoked', hasPin: false, pushSubscription: null });
    expect(await codeOf(e.apps.remove(apps[1]!.appId, at(17)))).toBe('APP_NOT_ACTIVE');
  });

  it('two instances activating the 3rd and 4th app at once: exactly one wins', async () => {
    await activeApp(e, 'id-race', PIN, T0);
    await activeApp(e, 'id-race', PIN, T0);
    // PostgreSQL: a second instance with its own pool. SQLite runs one instance (design.md);
    // there the racing requests share it (two better-sqlite3 connections in one thread would
    // only block each other inside busy_timeout)
    const second = store.url ? await openDatabase({ databaseUrl: store.url, dataDir: store.dataDir, poolSize: 4 }) : undefined;
    try {
      const other = second ? appAuthenticatorEngines(second.db, await testSettings()) : e;
      const candidates = [];
      for (let i = 0; i < 4; i++) {
        const device = await TestDevice.create();
        const app = await e.apps.register({ identityId: 'id-race', publicKeySpki: device.spki, now: at(1) });
        await setPin(e, app.id, PIN, at(1));
        candidates.push({ appId: app.id, ...(await device.activationProof()), biometrics: false, pushSubscription: null, now: at(2) });
      }
      const results = await Promise.allSettled(candidates.map((c, i) => (i % 2 === 0 ? e : other).apps.activate(c)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code)).toEqual(Array(3).fill('APP_LIMIT_REACHED'));
      expect((await e.apps.list('id-race')).filter((a) => a.status === 'active')).toHaveLength(3);
    } finally {
      await second?.close();
    }
  });

  it('a temporary PIN works once, within 30 minutes', async () => {
    const { code, expiresAt } = await e.tempPins.issue('app-t1', T0);
    expect(code).toMatch(/^[0-9]{8}$/);
    expect(expiresAt.toISOString()).toBe(at(1800).toISOString());
    const row = await store.db.selectFrom('app_temp_pins').selectAll().where('subject', '=', 'app-t1').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(code);
    await e.tempPins.verify('app-t1', code, at(1799));
    expect(await codeOf(e.tempPins.verify('app-t1', code, at(1799)))).toBe('TEMP_PIN_EXPIRED');

    const late = await e.tempPins.issue('app-t2', T0);
    expect(await codeOf(e.tempPins.verify('app-t2', late.code, at(1800)))).toBe('TEMP_PIN_EXPIRED');
    expect(await codeOf(e.tempPins.verify('never-issued', '12345678', T0))).toBe('TEMP_PIN_EXPIRED');
  });

  it('a temporary PIN is blocked after 3 wrong tries, even for the right one', async () => {
    const { code } = await e.tempPins.issue('app-t3', T0);
    const wrong = code === '00000000' ? '00000001' : '00000000';
    expect(await codeOf(e.tempPins.verify('app-t3', wrong, at(1)))).toBe('TEMP_PIN_WRONG');
    expect(await codeOf(e.tempPins.verify('app-t3', 'abc', at(2)))).toBe('TEMP_PIN_WRONG');
    expect(await codeOf(e.tempPins.verify('app-t3', wrong, at(3)))).toBe('TEMP_PIN_WRONG');
    expect(await codeOf(e.tempPins.verify('app-t3', code, at(4)))).toBe('TEMP_PIN_BLOCKED');
    // a new code starts afresh (issuing is rate-limited by the caller)
    const again = await e.tempPins.issue('app-t3', at(5));
    await e.tempPins.verify('app-t3', again.code, at(6));
  });

  it('the right temporary PIN after two wrong ones still works; concurrent guesses cannot exceed 3', async () => {
    const { code } = await e.tempPins.issue('app-t4', T0);
    const wrong = code === '99999999' ? '99999998' : '99999999';
    await codeOf(e.tempPins.verify('app-t4', wrong, at(1)));
    await codeOf(e.tempPins.verify('app-t4', wrong, at(1)));
    await e.tempPins.verify('app-t4', code, at(2));

    const next = await e.tempPins.issue('app-t5', T0);
    const bad = next.code === '11111111' ? '22222222' : '11111111';
    const codes = await Promise.all(Array.from({ length: 8 }, () => codeOf(e.tempPins.verify('app-t5', bad, at(1)))));
    expect(codes.filter((c) => c === 'TEMP_PIN_WRONG')).toHaveLength(3);
    expect(codes.filter((c) => c === 'TEMP_PIN_BLOCKED')).toHaveLength(5);
  });
});
