/**
 * Whole logins approved in the app, on SQLite and PostgreSQL: a relying party (openid-client)
 * sends the browser to authorize, the login page takes the user-ID and asks for an approval,
 * the app (the device SDK, @openmitid/app, running in Node) scans the live QR code, checks
 * its PIN with OPAQUE and signs the approval; the browser returns to the service, which
 * exchanges the code (PKCE) and verifies the ID token. Then every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalClient, EnrolmentError, base64urlEncode, generateDeviceKeyPair, isDeviceError, proofFromLink, signChallenge } from '@openmitid/app';
import { APP_AUTH_HEADER, LOGIN_APPROVALS_PURPOSE, appReadChallenge, type PendingApproval } from '@openmitid/api';
import { stores, type TestStore } from './support/db.js';
import { Browser, client, exchange, relyingParty, ShiftedClock, startLogin, testCipher, type RelyingParty } from './login-support.js';
import { activeApp, engines, FAST_STRETCHING } from './app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer, type LoginServer } from './login-approval-support.js';
import { NSIS_HIGH, NSIS_SUBSTANTIAL } from '../src/login/index.js';
import type { AppAuthenticatorEngines } from '../src/authenticators/app/index.js';

const PIN = '482916';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (e instanceof EnrolmentError) return e.code;
    if (isDeviceError(e)) return e.code;
    throw e;
  }
}

describe.each(stores)('login approved in the app on $name', (kind) => {
  let store: TestStore;
  let srv: LoginServer;
  let e: AppAuthenticatorEngines;
  let party: RelyingParty;
  let phone: ApprovalClient;
  let blockedPhone: ApprovalClient;
  let karenAppId: string;
  let karenKey: CryptoKey;
  let blockedKey: CryptoKey;
  const clock = new ShiftedClock();
  const pii = testCipher();

  beforeAll(async () => {
    store = await kind.open();
    e = await engines(store.db);
    srv = await startLoginServer(store.db, { pii, clock, apps: e });
    party = await relyingParty(srv, { name: 'Borger.dk', redirectUri: 'https://borger.example/cb' });
    await insertIdentity(store.db, pii, 'id-karen', 'Karen.Hansen', clock.now());
    await insertIdentity(store.db, pii, 'id-blocked', 'blocked-user', clock.now());
    const karen = await activeApp(e, 'id-karen', PIN, clock.now());
    karenAppId = karen.appId;
    karenKey = karen.device.keys.privateKey;
    const blocked = await activeApp(e, 'id-blocked', PIN, clock.now());
    blockedKey = blocked.device.keys.privateKey;
    // the phone's clock is the server's (tests move it)
    const opts = { baseUrl: srv.base, pin: { keyStretching: FAST_STRETCHING }, now: () => clock.now() };
    phone = new ApprovalClient({ ...opts, appId: karen.appId, privateKey: karen.device.keys.privateKey });
    blockedPhone = new ApprovalClient({ ...opts, appId: blocked.appId, privateKey: blocked.device.keys.privateKey });
  });

  afterAll(async () => {
    await srv?.close();
    await store?.close();
  });

  /** authorize → user-ID → approval request; the page and the browser that started it */
  async function begin(userId = 'karen.hansen', text = 'Log på Borger.dk', mode: 'qr' | 'same-device' = 'qr') {
    const browser = new Browser();
    const started = await startLogin(srv, party, browser, { openmitid_text: text });
    const page = new LoginPage(srv.base, started.uid);
    const methods = await page.userId(userId);
    const requested = await page.requestApproval(mode);
    return { browser, started, page, methods, requested, approvalId: String(requested.body.approvalId) };
  }

  async function backAtService(browser: Browser, returnTo: string): Promise<URL> {
    const { url } = await browser.follow(returnTo, srv.base);
    expect(url.startsWith(party.redirectUri)).toBe(true);
    return new URL(url);
  }

  it('logs in end to end: QR scanned, PIN, signed approval, tokens with acr Substantial and amr code_app', async () => {
    const text = 'Betal 1.250,00 kr. til Eksempel A/S'.padEnd(140, '.');
    const { browser, started, page, methods, approvalId } = await begin('karen.hansen', text);
    expect(methods.status).toBe(200);
    expect(methods.body.methods).toEqual(['app']);

    const pending = await phone.pending();
    const shown = pending.find((p) => p.approvalId === approvalId);
    expect(shown?.clientName).toBe('Borger.dk');
    expect(shown?.text).toBe(text.slice(0, 130));

    const qr = await page.qr();
    const scanned = await phone.scan(approvalId, qr);
    const outcome = await phone.approve(scanned, qr, PIN);
    expect(outcome.state).toBe('approved');

    const status = await page.status();
    expect(status.state).toBe('approved');
    const tokens = await exchange(party, await backAtService(browser, status.returnTo!), started);
    const claims = tokens.claims()!;
    expect(claims.acr).toBe(NSIS_SUBSTANTIAL);
    expect(claims.amr).toEqual(['code_app']);
    const info = await client.fetchUserInfo(party.config, tokens.access_token, claims.sub);
    expect(info.name).toBe('Karen Margrethe Hansen');
    expect(info.birthdate).toBe('1990-05-17');

    // the approval is spent: neither a second approval nor a denial changes anything
    expect(await codeOf(phone.approve(scanned, qr, PIN))).toBe('LOGIN_APPROVAL_DECIDED');
    const audit = (await store.db.selectFrom('audit_log').select('event').execute()).map((r) => JSON.parse(r.event) as { type: string; identityId?: string });
    expect(audit.some((a) => a.type === 'login.approved' && a.identityId === 'id-karen')).toBe(true);
  });

  it('an identity proved by passport reaches at most Substantial, even when the service asks for High', async () => {
    const browser = new Browser();
    const started = await startLogin(srv, party, browser, { acr_values: NSIS_HIGH });
    const page = new LoginPage(srv.base, started.uid);
    await page.userId('karen.hansen');
    const approvalId = String((await page.requestApproval()).body.approvalId);
    const qr = await page.qr();
    const outcome = await phone.approve(await phone.scan(approvalId, qr), qr, PIN);
    const tokens = await exchange(party, await backAtService(browser, outcome.returnTo!), started);
    expect(tokens.claims()!.acr).toBe(NSIS_SUBSTANTIAL);
    expect(tokens.claims()!.amr).toEqual(['code_app']);
  });

  it('delivers a new request live to the open app over server-sent events (signed stream, fetch streaming)', async () => {
    const controller = new AbortController();
    const seen: PendingApproval[] = [];
    let arrived: (() => void) | undefined;
    const watching = phone.watch((a) => {
      seen.push(a);
      arrived?.();
    }, controller.signal);
    // the request is made once the stream is open, so it comes live, not as pending at connect
    await new Promise((r) => setTimeout(r, 100));
    const { approvalId } = await begin('karen.hansen', 'Live');
    try {
      while (!seen.some((a) => a.approvalId === approvalId)) await new Promise<void>((r) => (arrived = r));
    } finally {
      controller.abort();
      await watching;
    }
    expect(seen.find((a) => a.approvalId === approvalId)?.text).toBe('Live');
  });

  it('the stream also opens at a signed URL, as EventSource needs, once', async () => {
    const url = await phone.streamUrl();
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const first = await res.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    controller.abort();
    // the URL is spent: a reconnect needs a fresh one
    const again = await fetch(url);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe('LOGIN_APP_SIGNATURE_REPLAYED');
  });

  it('reading an app\'s requests needs its device-key signature: unsigned, wrong key, another app\'s key, stale, replayed all refused', async () => {
    const list = `${srv.base}/login/apps/${karenAppId}/approvals`;
    const token = async (key: CryptoKey, opts: { appId?: string; time?: number; nonce?: string } = {}) => {
      const time = opts.time ?? Math.floor(clock.now().getTime() / 1000);
      const nonce = opts.nonce ?? base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
      const sig = await signChallenge(key, LOGIN_APPROVALS_PURPOSE, appReadChallenge({ appId: opts.appId ?? karenAppId, time, nonce }));
      return `${time}.${nonce}.${base64urlEncode(sig)}`;
    };
    const get = async (auth?: string, url = list) => {
      const res = await fetch(url, auth === undefined ? {} : { headers: { [APP_AUTH_HEADER]: auth } });
      return { status: res.status, code: ((await res.json()) as { code?: string }).code };
    };
    expect(await get()).toEqual({ status: 401, code: 'LOGIN_APP_UNSIGNED' });
    expect(await get('garbage')).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_INVALID' });
    expect(await get(await token((await generateDeviceKeyPair()).privateKey))).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_INVALID' });
    // another app's key, signing for this app's id (and for its own id, sent to this app's address)
    expect(await get(await token(blockedKey))).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_INVALID' });
    const blockedAppId = (await store.db.selectFrom('app_authenticators').select('id').where('identity_id', '=', 'id-blocked').executeTakeFirstOrThrow()).id;
    expect(await get(await token(blockedKey, { appId: blockedAppId }))).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_INVALID' });
    const now = Math.floor(clock.now().getTime() / 1000);
    expect(await get(await token(karenKey, { time: now - 61 }))).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_STALE' });
    expect(await get(await token(karenKey, { time: now + 61 }))).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_STALE' });
    // an unknown app id is told apart from nothing
    expect(await get(await token(karenKey, { appId: 'no-such-app' }), `${srv.base}/login/apps/no-such-app/approvals`)).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_INVALID' });
    const good = await token(karenKey, { time: now - 59 });
    expect((await get(good)).status).toBe(200);
    expect(await get(good)).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_REPLAYED' });
    // the stream the same way, by query parameter
    const stream = `${srv.base}/login/apps/${karenAppId}/approvals/stream`;
    expect(await get(undefined, stream)).toEqual({ status: 401, code: 'LOGIN_APP_UNSIGNED' });
    expect(await get(undefined, `${stream}?auth=${encodeURIComponent(await token(blockedKey))}`)).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_INVALID' });
    expect(await get(undefined, `${stream}?auth=${encodeURIComponent(await token(karenKey, { time: now - 120 }))}`)).toEqual({ status: 401, code: 'LOGIN_APP_SIGNATURE_STALE' });
    // the SDK signs for itself
    expect(Array.isArray(await phone.pending())).toBe(true);
  });

  it('on the same phone: the "open the app" link carries the proof instead of a QR', async () => {
    const { browser, started, page, requested, approvalId } = await begin('karen.hansen', 'x', 'same-device');
    const proof = proofFromLink(String(requested.body.link));
    expect((await page.call('GET', '/qr')).body.code).toBe('LOGIN_STEP_OUT_OF_ORDER');
    const outcome = await phone.approve(await phone.scan(approvalId, proof), proof, PIN);
    const tokens = await exchange(party, await backAtService(browser, outcome.returnTo!), started);
    expect(tokens.claims()!.amr).toEqual(['code_app']);
  });

  it('refuses a wrong PIN (on the device, attempt counted) and leaves the request open', async () => {
    const { page, approvalId } = await begin();
    const qr = await page.qr();
    const scanned = await phone.scan(approvalId, qr);
    expect(await codeOf(phone.approve(scanned, qr, '000000'))).toBe('PIN_WRONG');
    expect((await page.status()).state).toBe('pending');
    const row = await store.db.selectFrom('app_authenticators').select('pin_failures').where('identity_id', '=', 'id-karen').executeTakeFirstOrThrow();
    expect(row.pin_failures).toBe(1);
    // the right PIN still works, and clears the count
    expect((await phone.approve(scanned, qr, PIN)).state).toBe('approved');
  });

  it('refuses to approve before the QR is scanned, and a QR that is too old or from another request', async () => {
    const { page, approvalId } = await begin();
    const other = await begin();
    const pending = (await phone.pending()).find((p) => p.approvalId === approvalId)!;
    expect(await codeOf(phone.approve(pending, 'none', PIN))).toBe('LOGIN_QR_NOT_SCANNED');
    expect(await codeOf(phone.scan(approvalId, await other.page.qr()))).toBe('LOGIN_QR_INVALID');
    const stale = await page.qr();
    clock.offsetMs += 10_000;
    try {
      expect(await codeOf(phone.scan(approvalId, stale))).toBe('LOGIN_QR_INVALID');
      expect(await codeOf(phone.scan(approvalId, await page.qr()))).toBe('OK');
    } finally {
      clock.offsetMs -= 10_000;
    }
  });

  it('an approval expires after 2 minutes: the service gets access_denied', async () => {
    const { browser, page, approvalId } = await begin();
    const qr = await page.qr();
    const scanned = await phone.scan(approvalId, qr);
    clock.offsetMs += 121_000;
    try {
      expect(await codeOf(phone.approve(scanned, qr, PIN))).toBe('LOGIN_APPROVAL_EXPIRED');
      const status = await page.status();
      expect(status.state).toBe('expired');
      const callback = await backAtService(browser, status.returnTo!);
      expect(callback.searchParams.get('error')).toBe('access_denied');
    } finally {
      clock.offsetMs -= 121_000;
    }
  });

  it('a denial is final: the service gets access_denied and the app can no longer approve', async () => {
    const { browser, page, approvalId } = await begin();
    const qr = await page.qr();
    const scanned = await phone.scan(approvalId, qr);
    expect((await phone.deny(scanned)).state).toBe('denied');
    expect(await codeOf(phone.approve(scanned, qr, PIN))).toBe('LOGIN_APPROVAL_DECIDED');
    const status = await page.status();
    expect(status.state).toBe('denied');
    expect((await backAtService(browser, status.returnTo!)).searchParams.get('error')).toBe('access_denied');
  });

  it('an unknown user-ID gets the same answers as a known one, and a request no app receives', async () => {
    const known = await begin('Karen.Hansen');
    const unknown = await begin('nobody-at-all');
    expect(unknown.methods.status).toBe(known.methods.status);
    expect(unknown.methods.body).toEqual(known.methods.body);
    expect(unknown.requested.status).toBe(known.requested.status);
    expect(Object.keys(unknown.requested.body).sort()).toEqual(Object.keys(known.requested.body).sort());
    expect(typeof (await unknown.page.qr())).toBe('string');
    expect((await unknown.page.status()).state).toBe('pending');
    const pending = await phone.pending();
    expect(pending.some((p) => p.approvalId === known.approvalId)).toBe(true);
    expect(pending.some((p) => p.approvalId === unknown.approvalId)).toBe(false);
    // not even a QR from its own page lets an app act on it
    expect(await codeOf(phone.scan(unknown.approvalId, await unknown.page.qr()))).toBe('LOGIN_APPROVAL_NOT_FOUND');
  });

  it('a blocked identity is answered like an unknown user-ID; told only after PIN and device signature in its app', async () => {
    await store.db.updateTable('identities').set({ status: 'blocked' }).where('id', '=', 'id-blocked').execute();
    try {
      const blocked = await begin('blocked-user');
      const unknown = await begin('nobody-blocked');
      expect(blocked.methods).toEqual(unknown.methods);
      expect(blocked.requested.status).toBe(200);
      expect(Object.keys(blocked.requested.body).sort()).toEqual(Object.keys(unknown.requested.body).sort());
      expect(await blocked.page.status()).toEqual(await unknown.page.status());
      // its own app gets the request: a wrong PIN is a wrong PIN, the right one learns why
      const qr = await blocked.page.qr();
      const scanned = await blockedPhone.scan(blocked.approvalId, qr);
      expect(await codeOf(blockedPhone.approve(scanned, qr, '000000'))).toBe('PIN_WRONG');
      expect(await blocked.page.status()).toEqual({ state: 'pending' });
      expect(await codeOf(blockedPhone.approve(scanned, qr, PIN))).toBe('LOGIN_IDENTITY_REFUSED');
      const status = await blocked.page.status();
      expect(status.state).toBe('refused');
      expect((await backAtService(blocked.browser, status.returnTo!)).searchParams.get('error')).toBe('access_denied');
    } finally {
      await store.db.updateTable('identities').set({ status: 'active' }).where('id', '=', 'id-blocked').execute();
    }
  });

  it('an identity suspended while its request is open cannot approve it', async () => {
    const { browser, page, approvalId } = await begin('blocked-user');
    const qr = await page.qr();
    const scanned = await blockedPhone.scan(approvalId, qr);
    await store.db.updateTable('identities').set({ status: 'suspended' }).where('id', '=', 'id-blocked').execute();
    expect(await codeOf(blockedPhone.approve(scanned, qr, PIN))).toBe('LOGIN_IDENTITY_REFUSED');
    const status = await page.status();
    expect(status.state).toBe('refused');
    expect((await backAtService(browser, status.returnTo!)).searchParams.get('error')).toBe('access_denied');
  });

  it('refuses an authorization request without PKCE, and a redirect URI not registered', async () => {
    const browser = new Browser();
    const noPkce = client.buildAuthorizationUrl(party.config, { redirect_uri: party.redirectUri, scope: 'openid', state: 's' });
    const res = await browser.request(noPkce);
    const location = new URL(res.headers.get('location') ?? '', srv.base);
    expect(location.origin + location.pathname).toBe(party.redirectUri);
    expect(location.searchParams.get('error')).toBe('invalid_request');

    const verifier = client.randomPKCECodeVerifier();
    const wrongRedirect = client.buildAuthorizationUrl(party.config, {
      redirect_uri: 'https://evil.example/cb',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const bad = await browser.request(wrongRedirect);
    // never redirected to an unregistered URI: the provider answers itself
    expect(bad.headers.get('location') ?? '').not.toContain('evil.example');
    expect(bad.status).toBe(400);
  });

  it('throttles approval requests per user-ID (no push bombing), known or not', async () => {
    const limited = await startLoginServer(store.db, { pii, clock, apps: e, perUserLimit: 2 });
    try {
      const rp2 = await relyingParty(limited, { name: 'Flood', redirectUri: 'https://flood.example/cb' });
      await insertIdentity(store.db, pii, 'id-flood', 'flood-target', clock.now());
      for (const userId of ['flood-target', 'ghost-user']) {
        const answers: number[] = [];
        for (let i = 0; i < 3; i++) {
          const started = await startLogin(limited, rp2, new Browser());
          const page = new LoginPage(limited.base, started.uid);
          await page.userId(userId);
          answers.push((await page.requestApproval()).status);
        }
        expect(answers).toEqual([200, 200, 429]);
      }
    } finally {
      await limited.close();
    }
  });
});
