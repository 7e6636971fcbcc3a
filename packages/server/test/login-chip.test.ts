/**
 * Logging in with password + chip (a FIDO security key, emulated by SoftFido), on SQLite and
 * PostgreSQL, with a real relying party; and the refusals: wrong password, a response for
 * another origin, a replayed response, an unknown user-ID (same shape of options, answered
 * like a wrong password).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { stores, type TestStore } from './support/db.js';
import { SoftFido } from './support/soft-fido.js';
import { Browser, exchange, relyingParty, ShiftedClock, startLogin, testCipher, type RelyingParty } from './login-support.js';
import { engines } from './app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer, type LoginServer } from './login-approval-support.js';
import { Passwords, passwordSettings } from '../src/authenticators/password/index.js';
import { chipSettings, finishChipRegistration, startChipRegistration } from '../src/authenticators/chip/index.js';
import { NSIS_SUBSTANTIAL } from '../src/login/index.js';

const PASSWORD = 'Korrekt-Hest-Batteri-42';
const ORIGIN = 'https://mitid.test';

describe.each(stores)('login with password and chip on $name', (kind) => {
  let store: TestStore;
  let srv: LoginServer;
  let party: RelyingParty;
  const key = new SoftFido();
  const clock = new ShiftedClock();
  const pii = testCipher();
  const chip = chipSettings({ rpId: 'mitid.test', origins: [ORIGIN] });

  beforeAll(async () => {
    store = await kind.open();
    const passwords = new Passwords(store.db, secureRandom, passwordSettings({ argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 } }));
    srv = await startLoginServer(store.db, { pii, clock, apps: await engines(store.db), codes: { passwords, tokens: { db: store.db, pii, random: secureRandom } }, chip });
    party = await relyingParty(srv, { name: 'Sundhed', redirectUri: 'https://sundhed.example/cb' });
    await insertIdentity(store.db, pii, 'id-chip', 'chip-user', clock.now());
    await passwords.set({ identityId: 'id-chip', userId: 'chip-user', password: PASSWORD, repeat: PASSWORD, now: clock.now() });
    const deps = { db: store.db, random: secureRandom, settings: chip };
    const started = await startChipRegistration(deps, { identityId: 'id-chip', userName: 'chip-user', now: clock.now() });
    await finishChipRegistration(deps, { identityId: 'id-chip', ceremonyId: started.ceremonyId, response: key.create(started.options, 'none', { origin: ORIGIN }), now: clock.now() });
  });

  afterAll(async () => {
    await srv?.close();
    await store?.close();
  });

  async function begin(userId = 'chip-user') {
    const browser = new Browser();
    const started = await startLogin(srv, party, browser);
    const page = new LoginPage(srv.base, started.uid);
    const methods = await page.userId(userId);
    const challenge = await page.call('POST', '/chip/begin', {});
    return { browser, started, page, methods, challenge: challenge.body as { ceremonyId: string; options: Parameters<SoftFido['get']>[0] } };
  }

  it('logs in with password and key: acr Substantial, amr pwd + u2f_token', async () => {
    const { browser, started, page, methods, challenge } = await begin();
    expect(methods.body.methods).toEqual(['app', 'code-display', 'code-reader', 'chip']);
    const response = key.get(challenge.options, { origin: ORIGIN });
    const r = await page.call('POST', '/chip/finish', { ceremonyId: challenge.ceremonyId, response, password: PASSWORD });
    expect(r.status).toBe(200);
    const { url } = await browser.follow(String(r.body.returnTo), srv.base);
    const tokens = await exchange(party, new URL(url), started);
    expect(tokens.claims()!.acr).toBe(NSIS_SUBSTANTIAL);
    expect(tokens.claims()!.amr).toEqual(['pwd', 'u2f_token']);
    // the same signed response again is refused (its ceremony is spent)
    const again = await begin();
    const replay = await again.page.call('POST', '/chip/finish', { ceremonyId: challenge.ceremonyId, response, password: PASSWORD });
    expect(replay.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a wrong password and a response made for another site', async () => {
    const { page, challenge } = await begin();
    const wrong = await page.call('POST', '/chip/finish', { ceremonyId: challenge.ceremonyId, response: key.get(challenge.options, { origin: ORIGIN }), password: 'Forkert-Hest-Batteri-42' });
    expect(wrong.body.code).toBe('PASSWORD_WRONG');
    const second = await begin();
    const phished = await second.page.call('POST', '/chip/finish', { ceremonyId: second.challenge.ceremonyId, response: key.get(second.challenge.options, { origin: 'https://mitid-login.evil' }), password: PASSWORD });
    expect(phished.body.code).toBe('FIDO_ORIGIN_MISMATCH');
  });

  it('gives an unknown user-ID options of the same shape and the answer of a wrong password', async () => {
    const known = await begin();
    const unknown = await begin('nobody-with-a-key');
    expect(Object.keys(unknown.challenge).sort()).toEqual(Object.keys(known.challenge).sort());
    expect(Object.keys(unknown.challenge.options).sort()).toEqual(Object.keys(known.challenge.options).sort());
    const r = await unknown.page.call('POST', '/chip/finish', { ceremonyId: unknown.challenge.ceremonyId, response: {}, password: PASSWORD });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('PASSWORD_WRONG');
  });
});
