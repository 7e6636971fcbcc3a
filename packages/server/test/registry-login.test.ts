import { randomBytes } from 'node:crypto';
import * as opaque from '@serenity-kit/opaque';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinLoginChallenge, pinLoginPurpose } from '@openmitid/api';
import { secureRandom } from '@openmitid/mrtd';
import { createPiiCipher } from '../src/infra/pii/index.js';
import { createAuthenticatorRegistry, APP_LOGIN_PURPOSE, type AuthenticatorRegistry } from '../src/authenticators/registry.js';
import { AUTHENTICATOR_KIND_NAMES, type LoginChallenge } from '../src/authenticators/types.js';
import { activateChip, chipSettings, finishChipRegistration, listChips, startChipRegistration } from '../src/authenticators/chip/index.js';
import { activateToken, codeAt, createSoftwareToken, importPskcFile } from '../src/authenticators/code-display/index.js';
import { passwordSettings } from '../src/authenticators/password/index.js';
import { NSIS_HIGH, NSIS_SUBSTANTIAL } from '../src/login/claims.js';
import { activeApp, clientLogin, codeOf, FAST_STRETCHING, testSettings, type TestDevice } from './app-authenticator-support.js';
import { SoftFido } from './support/soft-fido.js';
import { stores, type TestStore } from './support/db.js';

const T = new Date('2026-11-25T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T.getTime() + seconds * 1000);
const ORIGIN = 'https://mitid.test';
const pii = createPiiCipher({ current: { id: 'k1', key: new Uint8Array(randomBytes(32)) } });
const PASSWORD = 'korrekt hest batteri';

describe.each(stores)('authenticator registry on $name', (kind) => {
  let store: TestStore;
  let registry: AuthenticatorRegistry;

  beforeEach(async () => {
    store = await kind.open();
    registry = createAuthenticatorRegistry({
      db: store.db,
      pii,
      random: secureRandom,
      app: await testSettings(),
      password: passwordSettings({ argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 }, maxFailures: 3 }),
      chip: chipSettings({ rpId: 'mitid.test', origins: [ORIGIN] }),
    });
  });
  afterEach(async () => {
    await store.close();
  });

  const setPassword = (identityId: string) => registry.passwords.set({ identityId, userId: 'mette.hansen', password: PASSWORD, repeat: PASSWORD, now: T });

  it('lists every kind once, each with the amr MitID uses for it', () => {
    expect(registry.kinds.map((k) => k.kind)).toEqual([...AUTHENTICATOR_KIND_NAMES]);
    expect(Object.fromEntries(registry.kinds.map((k) => [k.kind, [k.amr, k.needsPassword, k.maxLevel]]))).toEqual({
      app: ['code_app', false, NSIS_HIGH],
      'code-display': ['code_token', true, NSIS_SUBSTANTIAL],
      'code-reader': ['code_reader', true, NSIS_SUBSTANTIAL],
      chip: ['u2f_token', true, NSIS_HIGH],
    });
    expect(registry.get('chip').kind).toBe('chip');
  });

  it('chip: a login needs both the password and the key', async () => {
    await setPassword('id-chip');
    const key = new SoftFido();
    const reg = await startChipRegistration({ db: store.db, random: secureRandom, settings: chipSettings({ rpId: 'mitid.test', origins: [ORIGIN] }) }, { identityId: 'id-chip', userName: 'mette.hansen', now: T });
    const cred = await finishChipRegistration(
      { db: store.db, random: secureRandom, settings: chipSettings({ rpId: 'mitid.test', origins: [ORIGIN] }) },
      { identityId: 'id-chip', ceremonyId: reg.ceremonyId, response: key.create(reg.options, 'fido-u2f', { origin: ORIGIN }), now: T },
    );
    const chip = registry.get('chip');
    const answer = (c: LoginChallenge) => ({ ceremonyId: c.challenge.ceremonyId, response: key.get(c.challenge.options as never, { origin: ORIGIN }) });

    let c = await chip.beginLogin({ identityId: 'id-chip', now: at(10) });
    expect(await codeOf(chip.finishLogin({ identityId: 'id-chip', now: at(11), answer: answer(c) }))).toBe('VALIDATION_FAILED');
    c = await chip.beginLogin({ identityId: 'id-chip', now: at(10) });
    expect(await codeOf(chip.finishLogin({ identityId: 'id-chip', now: at(11), answer: answer(c), password: 'not the password' }))).toBe('PASSWORD_WRONG');
    // the key alone, with an answer for another ceremony, is refused too
    const c2 = await chip.beginLogin({ identityId: 'id-chip', now: at(10) });
    expect(await codeOf(chip.finishLogin({ identityId: 'id-chip', now: at(11), answer: { ...answer(c), ceremonyId: c2.challenge.ceremonyId }, password: PASSWORD }))).toBe('FIDO_CHALLENGE_MISMATCH');

    c = await chip.beginLogin({ identityId: 'id-chip', now: at(20) });
    const verdict = await chip.finishLogin({ identityId: 'id-chip', now: at(21), answer: answer(c), password: PASSWORD });
    expect(verdict).toEqual({
      identityId: 'id-chip',
      kind: 'chip',
      authenticatorId: cred.id,
      amr: ['pwd', 'u2f_token'],
      assurance: { factors: ['knowledge', 'possession'], maxLevel: NSIS_HIGH },
      at: at(21),
    });
    expect(await registry.listAll('id-chip', at(30))).toEqual([{ kind: 'chip', id: cred.id, status: 'active', usable: true, createdAt: T }]);
  });

  it('chip activation: a refused password consumes nothing; a good one stores the key and the password', async () => {
    const chipDeps = { db: store.db, random: secureRandom, settings: chipSettings({ rpId: 'mitid.test', origins: [ORIGIN] }) };
    const key = new SoftFido();
    const reg = await startChipRegistration(chipDeps, { identityId: 'id-new', userName: 'mette.hansen', now: T });
    const response = key.create(reg.options, 'packed', { origin: ORIGIN });
    const input = { identityId: 'id-new', userId: 'mette.hansen', ceremonyId: reg.ceremonyId, response, now: at(5) };
    expect(await codeOf(activateChip(chipDeps, registry.passwords, { ...input, password: PASSWORD, repeat: 'korrekt hest batteri!' }))).toBe('PASSWORD_MISMATCH');
    expect(await codeOf(activateChip(chipDeps, registry.passwords, { ...input, password: 'mette.hansen1', repeat: 'mette.hansen1' }))).toBe('PASSWORD_WEAK');
    expect(await listChips(store.db, 'id-new')).toEqual([]);
    expect((await registry.passwords.status('id-new', T)).set).toBe(false);
    // the same ceremony still works once the password is right
    const cred = await activateChip(chipDeps, registry.passwords, { ...input, password: PASSWORD, repeat: PASSWORD });
    expect(cred.attestationFormat).toBe('packed');
    expect((await registry.passwords.verify('id-new', PASSWORD, at(6))).identityId).toBe('id-new');
    expect(await codeOf(activateChip(chipDeps, registry.passwords, { ...input, password: PASSWORD, repeat: PASSWORD }))).toBe('FIDO_CEREMONY_NOT_FOUND');
  });

  it('code display: the password, then a code from the identity\'s own device; the code reader kind does not take it', async () => {
    const token = createSoftwareToken(secureRandom);
    const deps = { db: store.db, pii, random: secureRandom };
    await importPskcFile(deps, token.pskcXml, { kind: 'code-display', now: T });
    await activateToken(deps, { identityId: 'id-token', serial: token.serial, code: codeAt(token.secret, T), now: T });
    await setPassword('id-token');

    const display = registry.get('code-display');
    const reader = registry.get('code-reader');
    expect(await codeOf(reader.beginLogin({ identityId: 'id-token', now: at(60) }))).toBe('TOKEN_NOT_FOUND');
    expect(await reader.list('id-token', at(60))).toEqual([]);
    expect((await display.beginLogin({ identityId: 'id-token', now: at(60) })).challenge).toEqual({ digits: 6 });

    // a wrong password leaves the code unused and the device's count alone
    expect(await codeOf(display.finishLogin({ identityId: 'id-token', now: at(60), answer: { code: codeAt(token.secret, at(60)) }, password: 'wrong password' }))).toBe('PASSWORD_WRONG');
    const verdict = await display.finishLogin({ identityId: 'id-token', now: at(61), answer: { code: codeAt(token.secret, at(60)) }, password: PASSWORD });
    expect(verdict).toMatchObject({ kind: 'code-display', authenticatorId: token.serial, amr: ['pwd', 'code_token'], assurance: { maxLevel: NSIS_SUBSTANTIAL } });
    expect(await codeOf(display.finishLogin({ identityId: 'id-token', now: at(62), answer: { code: codeAt(token.secret, at(60)) }, password: PASSWORD }))).toBe('TOKEN_CODE_REPLAYED');
    expect(await codeOf(display.finishLogin({ identityId: 'id-token', now: at(62), answer: { wrong: 1 }, password: PASSWORD }))).toBe('VALIDATION_FAILED');
  });

  it('app: a PIN check made for login, bound to the device key; a check made for another purpose does not log in', async () => {
    const app = registry.get('app');
    const { appId, device } = await activeApp(registry.app, 'id-app', '246810', T);
    const verdict = await appLogin(app, appId, device, '246810', at(10));
    expect(verdict).toMatchObject({ identityId: 'id-app', kind: 'app', authenticatorId: appId, amr: ['code_app'], assurance: { factors: ['possession', 'knowledge'], maxLevel: NSIS_HIGH } });

    // a PIN check for copying (signed for that purpose) cannot finish a login
    const copy = await clientLogin(registry.app, appId, device, '246810', at(20), 'copy');
    expect(await codeOf(app.finishLogin({ identityId: 'id-app', now: at(21), answer: { loginId: copy.started.loginId, ...copy.finish } }))).toBe('APP_LOGIN_NOT_FOUND');
    // another identity cannot start a login with this app
    expect(await codeOf(app.beginLogin({ identityId: 'id-other', now: at(30), request: { appId, startLoginRequest: 'AAAA' } }))).toBe('APP_NOT_FOUND');
    expect(await codeOf(app.beginLogin({ identityId: 'id-app', now: at(30), request: 'nonsense' }))).toBe('VALIDATION_FAILED');
    expect((await registry.listAll('id-app', at(40))).map((a) => [a.kind, a.usable])).toEqual([['app', true]]);
  });
});

/** The device side of an app login through the registry's adapter. */
async function appLogin(app: ReturnType<AuthenticatorRegistry['get']>, appId: string, device: TestDevice, pin: string, now: Date) {
  await opaque.ready;
  const start = opaque.client.startLogin({ password: pin });
  const begun = await app.beginLogin({ identityId: 'id-app', now, request: { appId, startLoginRequest: start.startLoginRequest } });
  const c = begun.challenge as { loginId: string; loginResponse: string; nonce: string; purpose: string };
  expect(c.purpose).toBe(APP_LOGIN_PURPOSE);
  const result = opaque.client.finishLogin({ clientLoginState: start.clientLoginState, loginResponse: c.loginResponse, password: pin, keyStretching: FAST_STRETCHING });
  if (!result) throw new Error('PIN refused');
  const challenge = pinLoginChallenge(c.loginId, new Uint8Array(Buffer.from(c.nonce, 'base64url')), result.finishLoginRequest);
  const signature = Buffer.from(await device.sign(pinLoginPurpose(c.purpose), challenge)).toString('base64url');
  return app.finishLogin({ identityId: 'id-app', now, answer: { loginId: c.loginId, finishLoginRequest: result.finishLoginRequest, signature } });
}
