/**
 * What a login tells the requester before the user has authenticated, on SQLite and
 * PostgreSQL: for an unknown user-ID and for known ones with every mix of authenticators (and
 * suspended or blocked), every interaction step up to the authenticator check answers the
 * same bytes (random ids and times replaced by their length); the password lock runs the same
 * for all; a suspended or blocked identity learns its status only after a correct
 * authentication. Timing is compared only by outcome here (bench/login.ts prints it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { stores, type TestStore } from './support/db.js';
import { SoftFido } from './support/soft-fido.js';
import { Browser, exchange, relyingParty, ShiftedClock, startLogin, testCipher, type RelyingParty } from './login-support.js';
import { activeApp, engines } from './app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer, type LoginServer } from './login-approval-support.js';
import { Passwords, passwordSettings } from '../src/authenticators/password/index.js';
import { chipSettings, finishChipRegistration, startChipRegistration } from '../src/authenticators/chip/index.js';
import { activateToken, codeAt, createSoftwareToken, importPskcFile, writePskc, type SoftwareToken, type TokenDeps } from '../src/authenticators/code-display/index.js';
import type { AppAuthenticatorEngines } from '../src/authenticators/app/index.js';
import { NSIS_HIGH, NSIS_SUBSTANTIAL } from '../src/login/index.js';

const PASSWORD = 'Korrekt-Hest-Batteri-42';
const WRONG = 'Forkert-Hest-Batteri-42';
const ORIGIN = 'https://mitid.test';
const PIN = '482916';
/** fields that are random or timed in every answer: compared by length only */
const RANDOM = new Set(['approvalId', 'expiresAt', 'ceremonyId', 'challenge', 'id', 'qr']);

/** The answer as bytes, random fields replaced by their length. */
function bytes(r: { status: number; body: unknown }): string {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string' && key !== undefined && RANDOM.has(key)) return `<${v.length}>`;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return `${r.status} ${JSON.stringify(walk(r.body))}`;
}

describe.each(stores)('what a login tells before authentication on $name', (kind) => {
  let store: TestStore;
  let srv: LoginServer;
  let party: RelyingParty;
  let e: AppAuthenticatorEngines;
  let passwords: Passwords;
  let tokens: TokenDeps;
  const clock = new ShiftedClock();
  const pii = testCipher();
  const chip = chipSettings({ rpId: 'mitid.test', origins: [ORIGIN] });
  const fido = new SoftFido();
  const devices = new Map<string, SoftwareToken>();

  async function withPassword(id: string, userId: string) {
    await passwords.set({ identityId: id, userId, password: PASSWORD, repeat: PASSWORD, now: clock.now() });
  }
  async function withToken(id: string, kind: 'code-display' | 'code-reader') {
    const token = createSoftwareToken(secureRandom);
    await importPskcFile(tokens, writePskc([{ serial: token.serial, secret: token.secret, params: token.params }]), { kind, now: clock.now() });
    const earlier = new Date(clock.now().getTime() - 120_000);
    await activateToken(tokens, { identityId: id, serial: token.serial, code: codeAt(token.secret, earlier, token.params), now: earlier });
    devices.set(id, token);
  }
  async function withChip(id: string, userName: string) {
    const deps = { db: store.db, random: secureRandom, settings: chip };
    const started = await startChipRegistration(deps, { identityId: id, userName, now: clock.now() });
    await finishChipRegistration(deps, { identityId: id, ceremonyId: started.ceremonyId, response: fido.create(started.options, 'none', { origin: ORIGIN }), now: clock.now() });
  }

  /** user-ID → the identity's authenticators */
  const people: Record<string, { id: string; app?: boolean; password?: boolean; token?: 'code-display' | 'code-reader'; chip?: boolean; status?: 'blocked' | 'suspended' }> = {
    'only-app': { id: 'p-app', app: true },
    'only-display': { id: 'p-display', password: true, token: 'code-display' },
    'only-reader': { id: 'p-reader', password: true, token: 'code-reader' },
    'only-chip': { id: 'p-chip', password: true, chip: true },
    'has-everything': { id: 'p-all', app: true, password: true, token: 'code-display', chip: true },
    'password-alone': { id: 'p-pw', password: true },
    'is-blocked': { id: 'p-blocked', app: true, password: true, token: 'code-display', chip: true, status: 'blocked' },
    'is-suspended': { id: 'p-suspended', password: true, token: 'code-reader', status: 'suspended' },
  };

  beforeAll(async () => {
    store = await kind.open();
    e = await engines(store.db);
    tokens = { db: store.db, pii, random: secureRandom };
    passwords = new Passwords(store.db, secureRandom, passwordSettings({ argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 }, maxFailures: 5, lockSeconds: 60 }));
    srv = await startLoginServer(store.db, { pii, clock, apps: e, codes: { passwords, tokens }, chip });
    party = await relyingParty(srv, { name: 'Skat', redirectUri: 'https://skat.example/cb' });
    for (const [userId, p] of Object.entries(people)) {
      await insertIdentity(store.db, pii, p.id, userId, clock.now());
      if (p.app) await activeApp(e, p.id, PIN, clock.now());
      if (p.password) await withPassword(p.id, userId);
      if (p.token) await withToken(p.id, p.token);
      if (p.chip) await withChip(p.id, userId);
      if (p.status) await store.db.updateTable('identities').set({ status: p.status }).where('id', '=', p.id).execute();
    }
  });

  afterAll(async () => {
    await srv?.close();
    await store?.close();
  });

  async function page(userId: string) {
    const browser = new Browser();
    const started = await startLogin(srv, party, browser);
    const p = new LoginPage(srv.base, started.uid);
    const methods = await p.userId(userId);
    return { browser, started, page: p, methods };
  }

  /** every step a requester can take without authenticating, as bytes */
  async function probe(userId: string): Promise<string[]> {
    const out: string[] = [];
    const a = await page(userId);
    out.push(bytes(a.methods));
    out.push(bytes(await a.page.requestApproval()));
    out.push(bytes({ status: 200, body: { qr: await a.page.qr() } }));
    out.push(bytes(await a.page.call('GET', '/status')));
    const b = await page(userId);
    out.push(bytes(await b.page.call('POST', '/code', { kind: 'code-display', password: WRONG, code: '123456' })));
    out.push(bytes(await b.page.call('POST', '/code', { kind: 'code-reader', password: WRONG, code: '123456' })));
    const begun = await b.page.call('POST', '/chip/begin', {});
    out.push(bytes(begun));
    const options = (begun.body as { options: { allowCredentials: { id: string }[] } }).options;
    out.push(`credentials ${options.allowCredentials.length}`);
    out.push(bytes(await b.page.call('POST', '/chip/finish', { ceremonyId: String(begun.body.ceremonyId), response: {}, password: WRONG })));
    out.push(bytes(await b.page.call('POST', '/code', { kind: 'code-display', password: '', code: '1' })));
    return out;
  }

  it('every step up to the authenticator check answers the same bytes for every user-ID, known or not', async () => {
    const unknown = await probe('nobody-at-all');
    expect(unknown[0]).toBe('200 {"methods":["app","code-display","code-reader","chip"]}');
    expect(unknown[3]).toBe('200 {"state":"pending"}');
    expect(JSON.parse(unknown[4]!.slice(4)).code).toBe('PASSWORD_WRONG');
    expect(JSON.parse(unknown[4]!.slice(4)).details).toBeUndefined();
    for (const userId of Object.keys(people)) {
      expect({ userId, answers: await probe(userId) }).toEqual({ userId, answers: unknown });
    }
  });

  it('a decoy key id is stable for a user-ID, also on another instance, and differs between user-IDs', async () => {
    const ids = async (server: LoginServer, userId: string) => {
      const browser = new Browser();
      const started = await startLogin(server, server === srv ? party : await relyingParty(server, { name: 'Other', redirectUri: 'https://other.example/cb' }), browser);
      const p = new LoginPage(server.base, started.uid);
      await p.userId(userId);
      const r = await p.call('POST', '/chip/begin', {});
      return (r.body as { options: { allowCredentials: { id: string }[] } }).options.allowCredentials.map((c) => c.id);
    };
    const first = await ids(srv, 'ghost-one');
    expect(await ids(srv, 'GHOST-ONE')).toEqual(first);
    expect(await ids(srv, 'ghost-two')).not.toEqual(first);
    const other = await startLoginServer(store.db, { pii, clock, apps: e, codes: { passwords, tokens }, chip });
    try {
      expect(await ids(other, 'ghost-one')).toEqual(first);
    } finally {
      await other.close();
    }
  });

  it('the password lock runs the same for a known user-ID (whichever method is tried) and an unknown one', async () => {
    await insertIdentity(store.db, pii, 'p-lock', 'lock-target', clock.now());
    await withPassword('p-lock', 'lock-target');
    await withToken('p-lock', 'code-display');
    const run = async (userId: string) => {
      const { page: p } = await page(userId);
      const tries = [
        () => p.call('POST', '/code', { kind: 'code-display', password: WRONG, code: '123456' }),
        () => p.call('POST', '/chip/finish', { ceremonyId: 'x', response: {}, password: WRONG }),
        () => p.call('POST', '/code', { kind: 'code-reader', password: WRONG, code: '123456' }),
        () => p.call('POST', '/code', { kind: 'code-display', password: WRONG, code: '123456' }),
        () => p.call('POST', '/chip/finish', { ceremonyId: 'x', response: {}, password: WRONG }),
        // locked now: even the right password is refused
        () => p.call('POST', '/code', { kind: 'code-display', password: PASSWORD, code: '123456' }),
      ];
      const answers: string[] = [];
      for (const t of tries) answers.push(bytes(await t()));
      return answers;
    };
    const known = await run('lock-target');
    const unknown = await run('lock-nobody');
    expect(unknown).toEqual(known);
    expect(known.map((a) => JSON.parse(a.slice(4)).code)).toEqual(['PASSWORD_WRONG', 'PASSWORD_WRONG', 'PASSWORD_WRONG', 'PASSWORD_WRONG', 'PASSWORD_LOCKED', 'PASSWORD_LOCKED']);
    expect(JSON.parse(known[4]!.slice(4)).details).toEqual({ retryAfterSeconds: 60 });
    // after the lock, a fresh run for both
    clock.offsetMs += 61_000;
    try {
      const { page: k } = await page('lock-target');
      const { page: u } = await page('lock-nobody');
      const a = await k.call('POST', '/code', { kind: 'code-display', password: WRONG, code: '123456' });
      const b = await u.call('POST', '/code', { kind: 'code-display', password: WRONG, code: '123456' });
      expect(bytes(b)).toBe(bytes(a));
      expect(a.body.code).toBe('PASSWORD_WRONG');
    } finally {
      clock.offsetMs -= 61_000;
    }
  });

  it('a blocked or suspended identity learns its status only after password and code, or password and key', async () => {
    // password and code display: refused, and the service gets access_denied
    const blocked = await page('is-blocked');
    const token = devices.get('p-blocked')!;
    const r = await blocked.page.call('POST', '/code', { kind: 'code-display', password: PASSWORD, code: codeAt(token.secret, clock.now(), token.params) });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('LOGIN_IDENTITY_REFUSED');
    const back = await blocked.browser.follow(String((r.body.details as { returnTo: string }).returnTo), srv.base);
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');

    // password and key
    const keyed = await page('is-blocked');
    const begun = (await keyed.page.call('POST', '/chip/begin', {})).body as { ceremonyId: string; options: Parameters<SoftFido['get']>[0] };
    const k = await keyed.page.call('POST', '/chip/finish', { ceremonyId: begun.ceremonyId, response: fido.get(begun.options, { origin: ORIGIN }), password: PASSWORD });
    expect(k.body.code).toBe('LOGIN_IDENTITY_REFUSED');

    // suspended, with a code reader
    const suspended = await page('is-suspended');
    const reader = devices.get('p-suspended')!;
    const s = await suspended.page.call('POST', '/code', { kind: 'code-reader', password: PASSWORD, code: codeAt(reader.secret, clock.now(), reader.params) });
    expect(s.body.code).toBe('LOGIN_IDENTITY_REFUSED');
  });

  it('logs in with a code reader too: acr Substantial, amr pwd + code_reader', async () => {
    const { browser, started, page: p } = await page('only-reader');
    const reader = devices.get('p-reader')!;
    // a minute on, so the code is not the one the probes may have seen
    clock.offsetMs += 60_000;
    try {
      const r = await p.call('POST', '/code', { kind: 'code-reader', password: PASSWORD, code: codeAt(reader.secret, clock.now(), reader.params) });
      expect(r.status).toBe(200);
      const { url } = await browser.follow(String(r.body.returnTo), srv.base);
      const t = await exchange(party, new URL(url), started);
      expect(t.claims()!.acr).toBe(NSIS_SUBSTANTIAL);
      expect(t.claims()!.amr).toEqual(['pwd', 'code_reader']);
    } finally {
      clock.offsetMs -= 60_000;
    }
  });

  it('claims over whole logins: a pairwise sub per service, the identity id for a public-subject one; acr capped at Substantial', async () => {
    const pairwiseB = await relyingParty(srv, { name: 'Netbank', redirectUri: 'https://netbank.example/cb' });
    const publicSub = await relyingParty(srv, { name: 'Kommune', redirectUri: 'https://kommune.example/cb', subjectType: 'public' });
    const token = devices.get('p-display')!;
    const subs: string[] = [];
    const offset = clock.offsetMs;
    try {
      for (const rp of [party, party, pairwiseB, publicSub]) {
        // each login its own code: a minute on, every time (a used code, or an earlier one, is refused)
        clock.offsetMs += 60_000;
        const browser = new Browser();
        const started = await startLogin(srv, rp, browser, { acr_values: NSIS_HIGH });
        const p = new LoginPage(srv.base, started.uid);
        await p.userId('only-display');
        const r = await p.call('POST', '/code', { kind: 'code-display', password: PASSWORD, code: codeAt(token.secret, clock.now(), token.params) });
        expect(r.status).toBe(200);
        const { url } = await browser.follow(String(r.body.returnTo), srv.base);
        const claims = (await exchange(rp, new URL(url), started)).claims()!;
        expect(claims.acr).toBe(NSIS_SUBSTANTIAL);
        expect(claims.amr).toEqual(['pwd', 'code_token']);
        subs.push(claims.sub);
      }
    } finally {
      clock.offsetMs = offset;
    }
    const [a1, a2, b, pub] = subs;
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(pub).toBe('p-display');
    expect([a1, b]).not.toContain('p-display');
  });
});
