/**
 * Logging in with password + code display (one-time code), on SQLite and PostgreSQL, with a
 * real relying party; and the refusals: wrong password, wrong code, replayed code, unknown
 * user-ID (answered like a wrong password).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { stores, type TestStore } from './support/db.js';
import { Browser, exchange, relyingParty, ShiftedClock, startLogin, testCipher, type RelyingParty } from './login-support.js';
import { engines } from './app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer, type LoginServer } from './login-approval-support.js';
import { Passwords, passwordSettings } from '../src/authenticators/password/index.js';
import { activateToken, codeAt, createSoftwareToken, importPskcFile, writePskc, type SoftwareToken, type TokenDeps } from '../src/authenticators/code-display/index.js';
import { NSIS_SUBSTANTIAL } from '../src/login/index.js';

const PASSWORD = 'Korrekt-Hest-Batteri-42';

describe.each(stores)('login with password and code display on $name', (kind) => {
  let store: TestStore;
  let srv: LoginServer;
  let party: RelyingParty;
  let token: SoftwareToken;
  const clock = new ShiftedClock();
  const pii = testCipher();

  beforeAll(async () => {
    store = await kind.open();
    const tokens: TokenDeps = { db: store.db, pii, random: secureRandom };
    const passwords = new Passwords(store.db, secureRandom, passwordSettings({ argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 } }));
    srv = await startLoginServer(store.db, { pii, clock, apps: await engines(store.db), codes: { passwords, tokens } });
    party = await relyingParty(srv, { name: 'Netbank', redirectUri: 'https://netbank.example/cb' });
    await insertIdentity(store.db, pii, 'id-code', 'code-user', clock.now());
    await passwords.set({ identityId: 'id-code', userId: 'code-user', password: PASSWORD, repeat: PASSWORD, now: clock.now() });
    token = createSoftwareToken(secureRandom);
    await importPskcFile(tokens, writePskc([{ serial: token.serial, secret: token.secret, params: token.params }]), { kind: 'code-display', now: clock.now() });
    // activated with an earlier code, so the login's current code is still unused
    const earlier = new Date(clock.now().getTime() - 120_000);
    await activateToken(tokens, { identityId: 'id-code', serial: token.serial, code: codeAt(token.secret, earlier, token.params), now: earlier });
  });

  afterAll(async () => {
    await srv?.close();
    await store?.close();
  });

  async function begin(userId = 'code-user') {
    const browser = new Browser();
    const started = await startLogin(srv, party, browser);
    const page = new LoginPage(srv.base, started.uid);
    const methods = await page.userId(userId);
    return { browser, started, page, methods };
  }

  const submit = (page: LoginPage, password: string, code: string) => page.call('POST', '/code', { kind: 'code-display', password, code });
  const codeNow = (offsetSeconds = 0) => codeAt(token.secret, new Date(clock.now().getTime() + offsetSeconds * 1000), token.params);

  it('logs in with the password and the current code: acr Substantial, amr pwd + code_token; the code is then spent', async () => {
    const { browser, started, page, methods } = await begin();
    expect(methods.body.methods).toEqual(['app', 'code-display', 'code-reader']);
    const code = codeNow();
    const r = await submit(page, PASSWORD, code);
    expect(r.status).toBe(200);
    const { url } = await browser.follow(String(r.body.returnTo), srv.base);
    const tokens = await exchange(party, new URL(url), started);
    expect(tokens.claims()!.acr).toBe(NSIS_SUBSTANTIAL);
    expect(tokens.claims()!.amr).toEqual(['pwd', 'code_token']);

    // the same code in another login is a replay
    const again = await begin();
    const replay = await submit(again.page, PASSWORD, code);
    expect(replay.body.code).toBe('TOKEN_CODE_REPLAYED');
  });

  it('refuses a wrong password without spending the code, and a wrong code', async () => {
    clock.offsetMs += 60_000;
    try {
      const { page } = await begin();
      const wrongPassword = await submit(page, 'Forkert-Hest-Batteri-42', codeNow());
      expect(wrongPassword.status).toBe(422);
      expect(wrongPassword.body.code).toBe('PASSWORD_WRONG');
      const good = codeNow();
      const wrongCode = await submit(page, PASSWORD, good === '000000' ? '111111' : '000000');
      expect(wrongCode.body.code).toBe('TOKEN_CODE_WRONG');
      // the code was not used up by the wrong password
      expect((await submit(page, PASSWORD, good)).status).toBe(200);
    } finally {
      clock.offsetMs -= 60_000;
    }
  });

  it('answers an unknown user-ID like a known one with a wrong password', async () => {
    const known = await begin();
    const unknown = await begin('nobody-here');
    const a = await submit(known.page, 'Forkert-Hest-Batteri-42', '123456');
    const b = await submit(unknown.page, PASSWORD, '123456');
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
  });
});
