/**
 * Whole logins with a real relying party (openid-client) against the provider on 127.0.0.1,
 * on SQLite and PostgreSQL: discovery, authorize with PKCE, the approval (the interaction
 * finisher), token exchange, ID token verified against the JWKS, userinfo; and the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { stores, type TestStore } from './support/db.js';
import {
  ACCOUNT_ID,
  approve,
  Browser,
  client,
  exchange,
  fullLogin,
  OTHER_ACCOUNT_ID,
  relyingParty,
  ShiftedClock,
  startLogin,
  startProvider,
  testAccounts,
  testCipher,
  type RelyingParty,
  type RunningProvider,
} from './login-support.js';
import { createStaticAccountSource, LoginError, NSIS_HIGH, NSIS_LEVELS, NSIS_SUBSTANTIAL, type LoginResult } from '../src/login/index.js';

const APP_LOGIN: LoginResult = { accountId: ACCOUNT_ID, acr: NSIS_SUBSTANTIAL, amr: ['code_app'] };

async function expectOAuthError(p: Promise<unknown>, error: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  // a 400 answers in the body, a 401 in WWW-Authenticate: openid-client has one error class for each
  expect(e instanceof client.ResponseBodyError || e instanceof client.WWWAuthenticateChallengeError, `expected ${error}, got ${String(e)}`).toBe(true);
  const code = e instanceof client.WWWAuthenticateChallengeError ? e.cause[0]?.parameters.error : (e as client.ResponseBodyError).error;
  expect(code).toBe(error);
}

describe.each(stores)('OpenID Connect provider on $name', (kind) => {
  let store: TestStore;
  let rp: RunningProvider;
  const clock = new ShiftedClock();
  const pii = testCipher();
  const accounts = testAccounts();
  let confidential: RelyingParty;
  let pairwiseA: RelyingParty;
  let pairwiseB: RelyingParty;
  let publicSub: RelyingParty;
  let spa: RelyingParty;

  beforeAll(async () => {
    store = await kind.open();
    rp = await startProvider(store.db, { pii, clock, accounts: createStaticAccountSource(accounts) });
    confidential = await relyingParty(rp, { name: 'Borger.dk', redirectUri: 'https://borger.example/cb', postLogoutRedirectUri: 'https://borger.example/bye' });
    pairwiseA = await relyingParty(rp, { name: 'Bank A', redirectUri: 'https://bank-a.example/cb' });
    pairwiseB = await relyingParty(rp, { name: 'Bank B', redirectUri: 'https://bank-b.example/cb' });
    publicSub = await relyingParty(rp, { name: 'Skat', redirectUri: 'https://skat.example/cb', subjectType: 'public', idTokenAlg: 'RS256' });
    spa = await relyingParty(rp, { name: 'An app', redirectUri: 'http://127.0.0.1:9/cb', public: true });
  });
  afterAll(async () => {
    await rp?.close();
    await store?.close();
  });

  it('publishes discovery: code flow only, S256 only, NSIS levels, public and pairwise subjects', () => {
    const m = confidential.config.serverMetadata();
    expect(m.issuer).toBe(rp.issuer);
    expect(m.response_types_supported).toEqual(['code']);
    expect(m.code_challenge_methods_supported).toEqual(['S256']);
    expect(m.acr_values_supported).toEqual([...NSIS_LEVELS]);
    expect(m.subject_types_supported).toEqual(expect.arrayContaining(['public', 'pairwise']));
    expect(m.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile']));
    expect(m.grant_types_supported).toEqual(['authorization_code']);
    expect(m.end_session_endpoint).toBe(`${rp.issuer}/session/end`);
    expect(m.registration_endpoint).toBeUndefined();
    expect(m.jwks_uri).toBe(`${rp.issuer}/jwks`);
  });

  it('logs in: ID token verified against the JWKS with acr, amr, nonce; userinfo has name and birth date', async () => {
    const { tokens, started } = await fullLogin(rp, confidential, APP_LOGIN);
    const jwks = createRemoteJWKSet(new URL(confidential.config.serverMetadata().jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: rp.issuer, audience: confidential.clientId });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.acr).toBe(NSIS_SUBSTANTIAL);
    expect(payload.amr).toEqual(['code_app']);
    expect(payload.nonce).toBe(started.nonce);
    expect(typeof payload.sub).toBe('string');
    // pairwise by default: the identity id is not handed out
    expect(payload.sub).not.toBe(ACCOUNT_ID);
    // the ID token carries protocol claims only; the profile goes through userinfo
    expect(payload.name).toBeUndefined();
    const info = await client.fetchUserInfo(confidential.config, tokens.access_token, payload.sub!);
    expect(info).toMatchObject({ sub: payload.sub, name: 'Karen Margrethe Hansen', birthdate: '1990-05-17' });
  });

  it('audits each login and refusal without personal data', async () => {
    const rows = await store.db.selectFrom('audit_log').select('event').orderBy('seq').execute();
    const events = rows.map((r) => JSON.parse(r.event) as { type: string; identityId?: string; details?: Record<string, unknown> });
    const approved = events.filter((e) => e.type === 'login.approved');
    expect(approved.length).toBeGreaterThan(0);
    expect(approved[0]).toMatchObject({ identityId: ACCOUNT_ID, details: { clientId: confidential.clientId, acr: 'Substantial', amr: 'code_app' } });
    expect(JSON.stringify(events)).not.toMatch(/Karen|1990-05-17/);
  });

  it('without the profile scope, userinfo holds only sub', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser, { scope: 'openid' });
    const tokens = await exchange(confidential, await approve(rp, confidential, browser, started, APP_LOGIN), started);
    const info = await client.fetchUserInfo(confidential.config, tokens.access_token, tokens.claims()!.sub);
    expect(Object.keys(info).sort()).toEqual(['sub']);
  });

  it('pairwise subjects differ per service and stay stable; a public client sees the identity id', async () => {
    const a1 = (await fullLogin(rp, pairwiseA, APP_LOGIN)).tokens.claims()!.sub;
    const a2 = (await fullLogin(rp, pairwiseA, APP_LOGIN)).tokens.claims()!.sub;
    const b = (await fullLogin(rp, pairwiseB, APP_LOGIN)).tokens.claims()!.sub;
    const pub = (await fullLogin(rp, publicSub, APP_LOGIN)).tokens.claims()!.sub;
    const otherA = (await fullLogin(rp, pairwiseA, { ...APP_LOGIN, accountId: OTHER_ACCOUNT_ID })).tokens.claims()!.sub;
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b);
    expect(a1).not.toBe(otherA);
    expect(pub).toBe(ACCOUNT_ID);
    expect([a1, b]).not.toContain(ACCOUNT_ID);
  });

  it('signs with RS256 for a client registered so, verifiable against the same JWKS', async () => {
    const { tokens } = await fullLogin(rp, publicSub, { accountId: ACCOUNT_ID, acr: NSIS_HIGH, amr: ['pwd', 'u2f_token'] });
    const jwks = createRemoteJWKSet(new URL(publicSub.config.serverMetadata().jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: rp.issuer, audience: publicSub.clientId });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.acr).toBe(NSIS_HIGH);
    expect(payload.amr).toEqual(['pwd', 'u2f_token']);
  });

  it('a public client (no secret) logs in with PKCE', async () => {
    const { tokens } = await fullLogin(rp, spa, { accountId: ACCOUNT_ID, acr: NSIS_SUBSTANTIAL, amr: ['pwd', 'code_token'] });
    expect(tokens.claims()!.amr).toEqual(['pwd', 'code_token']);
  });

  it('every authorization request needs its own approval, even with a provider session', async () => {
    const { browser } = await fullLogin(rp, confidential, APP_LOGIN);
    // the same browser, a second request: it must land on a login interaction again, not at the callback
    const again = await startLogin(rp, confidential, browser);
    expect(again.uid).toMatch(/^[\w-]+$/);
  });

  it('shows the interaction to the login page and refuses an unknown one', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser, { acr_values: NSIS_HIGH, login_hint: 'karen90' });
    const res = await fetch(`${rp.base}/login/interaction/${started.uid}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ uid: started.uid, clientId: confidential.clientId, clientName: 'Borger.dk', prompt: 'login', scopes: ['openid', 'profile'], acrValues: [NSIS_HIGH], loginHint: 'karen90' });
    const missing = await fetch(`${rp.base}/login/interaction/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'OIDC_INTERACTION_NOT_FOUND' });
  });

  it('refuses a login result that is not a real login', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const bad = [
      { ...APP_LOGIN, acr: 'urn:something' },
      { ...APP_LOGIN, amr: [] },
      { ...APP_LOGIN, amr: ['sms'] },
      { ...APP_LOGIN, accountId: 'no-such-identity' },
    ] as LoginResult[];
    for (const r of bad) await expect(rp.login.interactions.finishLogin(started.uid, r)).rejects.toMatchObject({ code: 'OIDC_LOGIN_INVALID' });
    await expect(rp.login.interactions.finishLogin('missing', APP_LOGIN)).rejects.toBeInstanceOf(LoginError);
  });

  it('a denied approval sends access_denied to the service', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const returnTo = await rp.login.interactions.abort(started.uid, 'the user denied the request');
    // a denial is final: the same request cannot be approved afterwards
    await expect(rp.login.interactions.finishLogin(started.uid, APP_LOGIN)).rejects.toMatchObject({ code: 'OIDC_INTERACTION_FINISHED' });
    await expect(rp.login.interactions.abort(started.uid, 'again')).rejects.toMatchObject({ code: 'OIDC_INTERACTION_FINISHED' });
    const { url } = await browser.follow(returnTo, rp.base);
    const cb = new URL(url);
    expect(url.startsWith(confidential.redirectUri)).toBe(true);
    expect(cb.searchParams.get('error')).toBe('access_denied');
    expect(cb.searchParams.get('state')).toBe(started.state);
  });

  it('an approval and a denial racing: exactly one counts', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const outcomes = await Promise.allSettled([
      rp.login.interactions.finishLogin(started.uid, APP_LOGIN),
      rp.login.interactions.abort(started.uid, 'denied'),
      rp.login.interactions.finishLogin(started.uid, APP_LOGIN),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'OIDC_INTERACTION_FINISHED' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = client.buildAuthorizationUrl(confidential.config, { redirect_uri: confidential.redirectUri, scope: 'openid', state: 's1' });
    const res = await new Browser().request(url);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(confidential.redirectUri);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses the implicit and hybrid flows', async () => {
    for (const responseType of ['id_token', 'id_token token', 'code id_token']) {
      const url = client.buildAuthorizationUrl(confidential.config, {
        redirect_uri: confidential.redirectUri,
        scope: 'openid',
        response_type: responseType,
        nonce: 'n',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const res = await new Browser().request(url);
      const location = res.headers.get('location');
      expect(location, responseType).not.toBeNull();
      const error = new URL(location!).searchParams.get('error') ?? new URLSearchParams(new URL(location!).hash.slice(1)).get('error');
      expect(error, responseType).toBe('unsupported_response_type');
    }
  });

  it('refuses plain PKCE', async () => {
    const url = client.buildAuthorizationUrl(confidential.config, {
      redirect_uri: confidential.redirectUri,
      scope: 'openid',
      code_challenge: client.randomPKCECodeVerifier(),
      code_challenge_method: 'plain',
    });
    const res = await new Browser().request(url);
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a redirect URI that is not registered exactly, without redirecting there', async () => {
    for (const redirect of ['https://evil.example/cb', 'https://borger.example/cb/', 'https://borger.example/cb?x=1']) {
      const url = client.buildAuthorizationUrl(confidential.config, {
        redirect_uri: redirect,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const res = await new Browser().request(url);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toMatch(/redirect_uri/);
    }
  });

  it('refuses an unknown client, and a removed one', async () => {
    const url = new URL(`${rp.issuer}/auth`);
    url.search = new URLSearchParams({ client_id: 'no-such-client', response_type: 'code', scope: 'openid', redirect_uri: 'https://borger.example/cb' }).toString();
    const res = await new Browser().request(url);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/invalid_client/);

    const gone = await relyingParty(rp, { name: 'Gone', redirectUri: 'https://gone.example/cb' });
    await rp.login.clients.remove(gone.clientId);
    await expect(startLogin(rp, gone, new Browser())).rejects.toThrow(/400/);
  });

  it('refuses a wrong client secret at the token endpoint', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const callback = await approve(rp, confidential, browser, started, APP_LOGIN);
    const forged = await client.discovery(new URL(rp.issuer), confidential.clientId, { id_token_signed_response_alg: 'ES256' }, client.ClientSecretBasic('wrong'), {
      execute: [client.allowInsecureRequests],
    });
    await expectOAuthError(exchange({ ...confidential, config: forged }, callback, started), 'invalid_client');
  });

  it('refuses a wrong code verifier', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const callback = await approve(rp, confidential, browser, started, APP_LOGIN);
    await expectOAuthError(exchange(confidential, callback, { ...started, verifier: client.randomPKCECodeVerifier() }), 'invalid_grant');
  });

  it('a replayed code fails and revokes what the first exchange issued', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const callback = await approve(rp, confidential, browser, started, APP_LOGIN);
    const first = await exchange(confidential, callback, started);
    const sub = first.claims()!.sub;
    await client.fetchUserInfo(confidential.config, first.access_token, sub);
    await expectOAuthError(exchange(confidential, callback, started), 'invalid_grant');
    await expect(client.fetchUserInfo(confidential.config, first.access_token, sub)).rejects.toThrow();
  });

  it('refuses an expired code (the store clock moved past its 60 s)', async () => {
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const callback = await approve(rp, confidential, browser, started, APP_LOGIN);
    clock.offsetMs = 61_000;
    try {
      await expectOAuthError(exchange(confidential, callback, started), 'invalid_grant');
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('an identity that may no longer log in gets no tokens, and its access token stops working', async () => {
    const { tokens } = await fullLogin(rp, confidential, { ...APP_LOGIN, accountId: OTHER_ACCOUNT_ID });
    const browser = new Browser();
    const started = await startLogin(rp, confidential, browser);
    const callback = await approve(rp, confidential, browser, started, { ...APP_LOGIN, accountId: OTHER_ACCOUNT_ID });
    const person = accounts.get(OTHER_ACCOUNT_ID)!;
    // the identity store stops answering for the identity (suspended)
    accounts.delete(OTHER_ACCOUNT_ID);
    try {
      await expect(client.fetchUserInfo(confidential.config, tokens.access_token, tokens.claims()!.sub)).rejects.toThrow();
      await expectOAuthError(exchange(confidential, callback, started), 'invalid_grant');
    } finally {
      accounts.set(OTHER_ACCOUNT_ID, person);
    }
  });

  it('RP-initiated logout ends the session and returns to the registered URI', async () => {
    const { tokens, browser } = await fullLogin(rp, confidential, APP_LOGIN);
    const url = client.buildEndSessionUrl(confidential.config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'https://borger.example/bye',
      state: 'bye-1',
    });
    const page = await browser.request(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    const action = /action="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeDefined();
    const done = await browser.request(new URL(action!, rp.base), { form: { xsrf: xsrf!, logout: 'yes' } });
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('https://borger.example/bye');
    expect(back.searchParams.get('state')).toBe('bye-1');
  });

});

describe.each(stores)('signing key rotation on $name', (kind) => {
  let store: TestStore;
  let rp: RunningProvider;
  const clock = new ShiftedClock();
  const pii = testCipher();

  beforeAll(async () => {
    store = await kind.open();
    rp = await startProvider(store.db, { pii, clock });
  });
  afterAll(async () => {
    await rp?.close();
    await store?.close();
  });

  it('new tokens use the new key; a token signed before still verifies via the JWKS', async () => {
    const { rotateSigningKeys } = await import('../src/login/index.js');
    const party = await relyingParty(rp, { name: 'Rotating', redirectUri: 'https://rot.example/cb', public: true });
    const before = (await fullLogin(rp, party, APP_LOGIN)).tokens.id_token!;
    const oldKid = decodeProtectedHeader(before).kid;
    // a second instance on the same database, which is not told about the rotation
    const other = await startProvider(store.db, { pii, clock, keyCheckSeconds: 0 });

    const [newEs] = await rotateSigningKeys({ db: store.db, pii, clock });
    await rp.login.reload();

    // the relying party reads the JWKS afresh, as a real one does on an unknown kid after its cache time
    const fresh = await client.discovery(new URL(rp.issuer), party.clientId, { id_token_signed_response_alg: 'ES256' }, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const after = (await fullLogin(rp, { ...party, config: fresh }, APP_LOGIN)).tokens.id_token!;
    const newKid = decodeProtectedHeader(after).kid;
    expect(newKid).toBe(newEs);
    expect(newKid).not.toBe(oldKid);
    try {
      const otherParty = await relyingParty(other, { name: 'Other instance', redirectUri: 'https://rot2.example/cb', public: true });
      const viaOther = (await fullLogin(other, otherParty, APP_LOGIN)).tokens.id_token!;
      expect(decodeProtectedHeader(viaOther).kid).toBe(newEs);
    } finally {
      await other.close();
    }

    const jwksUri = new URL(party.config.serverMetadata().jwks_uri!);
    const published = ((await (await fetch(jwksUri)).json()) as { keys: { kid: string; d?: string }[] }).keys;
    expect(published.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect(published.every((k) => k.d === undefined)).toBe(true);
    const jwks = createRemoteJWKSet(jwksUri);
    await jwtVerify(before, jwks, { issuer: rp.issuer, audience: party.clientId, currentDate: new Date() });
    await jwtVerify(after, jwks, { issuer: rp.issuer, audience: party.clientId });

    // once the old key retires it leaves the JWKS
    clock.offsetMs = 25 * 60 * 60 * 1000;
    await rp.login.reload();
    clock.offsetMs = 0;
    const later = ((await (await fetch(jwksUri)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(later).toContain(newKid);
    expect(later).not.toContain(oldKid);
  });
});
