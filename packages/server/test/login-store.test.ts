/**
 * The login module's storage on SQLite and PostgreSQL: the oidc-provider adapter contract,
 * the key store (sealed at rest, first start, rotation, retirement) and the client registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores, type TestStore } from './support/db.js';
import { ShiftedClock, testCipher } from './login-support.js';
import {
  clientAdapter,
  createClientRegistry,
  DbAdapter,
  deleteRetiredKeys,
  ensureProviderKeys,
  loadProviderKeys,
  pairwiseSubject,
  publishedJwks,
  purgeExpiredOidcPayloads,
  rotateCookieKeys,
  rotateSigningKeys,
  LoginError,
  loadLoginSettings,
  issuerOf,
} from '../src/login/index.js';

describe.each(stores)('login storage on $name', (kind) => {
  let store: TestStore;
  const clock = new ShiftedClock();
  const pii = testCipher();

  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  describe('oidc-provider adapter', () => {
    it('upserts, finds and overwrites by (model, id); models do not see each other', async () => {
      const codes = new DbAdapter(store.db, clock, 'AuthorizationCode');
      const tokens = new DbAdapter(store.db, clock, 'AccessToken');
      await codes.upsert('c1', { accountId: 'a', grantId: 'g1', scope: 'openid' }, 60);
      expect(await codes.find('c1')).toEqual({ accountId: 'a', grantId: 'g1', scope: 'openid' });
      expect(await tokens.find('c1')).toBeUndefined();
      await codes.upsert('c1', { accountId: 'b', grantId: 'g1' }, 60);
      expect(await codes.find('c1')).toEqual({ accountId: 'b', grantId: 'g1' });
      expect(await codes.find('nope')).toBeUndefined();
      expect(await codes.find('')).toBeUndefined();
    });

    it('treats an expired row as absent; rows without expiry live on; purge removes the expired', async () => {
      const a = new DbAdapter(store.db, clock, 'Interaction');
      await a.upsert('short', { uid: 'x' }, 10);
      await a.upsert('forever', { uid: 'y' });
      expect(await a.find('short')).toBeDefined();
      clock.offsetMs = 11_000;
      try {
        expect(await a.find('short')).toBeUndefined();
        expect(await a.find('forever')).toBeDefined();
        expect(await purgeExpiredOidcPayloads(store.db, clock.now())).toBeGreaterThanOrEqual(1);
      } finally {
        clock.offsetMs = 0;
      }
      expect(await a.find('short')).toBeUndefined();
    });

    it('consume marks the first use only', async () => {
      const a = new DbAdapter(store.db, clock, 'AuthorizationCode');
      await a.upsert('once', { grantId: 'g2' }, 60);
      expect((await a.find('once'))?.consumed).toBeUndefined();
      await a.consume('once');
      const first = (await a.find('once'))?.consumed;
      expect(typeof first).toBe('number');
      clock.offsetMs = 5_000;
      try {
        await a.consume('once');
      } finally {
        clock.offsetMs = 0;
      }
      expect((await a.find('once'))?.consumed).toBe(first);
    });

    it('finds a session by uid and a device code by user code', async () => {
      const sessions = new DbAdapter(store.db, clock, 'Session');
      await sessions.upsert('s1', { uid: 'uid-1', accountId: 'a' }, 60);
      expect(await sessions.findByUid('uid-1')).toMatchObject({ accountId: 'a' });
      expect(await sessions.findByUid('uid-2')).toBeUndefined();
      const devices = new DbAdapter(store.db, clock, 'DeviceCode');
      await devices.upsert('d1', { userCode: 'ABCD-EFGH', grantId: 'g3' }, 60);
      expect(await devices.findByUserCode('ABCD-EFGH')).toMatchObject({ grantId: 'g3' });
      expect(await devices.findByUserCode('ZZZZ-ZZZZ')).toBeUndefined();
    });

    it('destroy removes one; revokeByGrantId removes every row of the grant in that model', async () => {
      const at = new DbAdapter(store.db, clock, 'AccessToken');
      const rt = new DbAdapter(store.db, clock, 'RefreshToken');
      await at.upsert('t1', { grantId: 'G' }, 60);
      await at.upsert('t2', { grantId: 'G' }, 60);
      await at.upsert('t3', { grantId: 'other' }, 60);
      await rt.upsert('r1', { grantId: 'G' }, 60);
      await at.destroy('t3');
      expect(await at.find('t3')).toBeUndefined();
      await at.revokeByGrantId('G');
      expect(await at.find('t1')).toBeUndefined();
      expect(await at.find('t2')).toBeUndefined();
      expect(await rt.find('r1')).toBeDefined();
    });
  });

  describe('keys', () => {
    it('creates each key once, even when two instances start together; private parts are sealed', async () => {
      await Promise.all([ensureProviderKeys({ db: store.db, pii, clock }), ensureProviderKeys({ db: store.db, pii, clock })]);
      const rows = await store.db.selectFrom('oidc_keys').selectAll().execute();
      const kinds = rows.map((r) => `${r.use}/${r.alg}/${r.generation}`).sort();
      expect(kinds).toEqual(['cookie/secret/1', 'pairwise/secret/1', 'sig/ES256/1', 'sig/RS256/1']);
      for (const r of rows) {
        expect(r.private_sealed.startsWith('v1.t1.')).toBe(true);
        expect(r.private_sealed).not.toMatch(/"d"/);
      }
      const keys = await loadProviderKeys({ db: store.db, pii, clock });
      expect(keys.signing.map((k) => k.alg)).toEqual(['ES256', 'RS256']);
      expect(keys.signing.every((k) => typeof k.d === 'string')).toBe(true);
      expect(keys.cookieKeys).toHaveLength(1);
      expect(keys.pairwiseSalt).toHaveLength(32);
      // another PII key cannot open them
      await expect(loadProviderKeys({ db: store.db, pii: testCipher(), clock })).rejects.toMatchObject({ code: 'PII_DECRYPT_FAILED' });
    });

    it('rotation: the new key comes first, the old stays published until it retires', async () => {
      const before = await loadProviderKeys({ db: store.db, pii, clock });
      const [es, rs] = await rotateSigningKeys({ db: store.db, pii, clock }, 3600);
      const cookie = await rotateCookieKeys({ db: store.db, pii, clock }, 3600);
      const after = await loadProviderKeys({ db: store.db, pii, clock });
      expect(after.signing.map((k) => k.kid)).toEqual([es, before.signing[0]!.kid, rs, before.signing[1]!.kid]);
      expect(after.cookieKeys).toHaveLength(2);
      expect(after.cookieKeys[1]).toBe(before.cookieKeys[0]);
      expect(cookie).toMatch(/^cookie-/);
      expect(Buffer.from(after.pairwiseSalt).equals(Buffer.from(before.pairwiseSalt))).toBe(true);
      const published = await publishedJwks({ db: store.db, pii, clock });
      expect(published.keys).toHaveLength(4);
      expect(published.keys.every((k) => k.d === undefined && k.p === undefined)).toBe(true);

      clock.offsetMs = 3601_000;
      try {
        const later = await loadProviderKeys({ db: store.db, pii, clock });
        expect(later.signing.map((k) => k.kid)).toEqual([es, rs]);
        expect(later.cookieKeys).toHaveLength(1);
        expect(await deleteRetiredKeys({ db: store.db, pii, clock })).toBe(3);
      } finally {
        clock.offsetMs = 0;
      }
    });
  });

  describe('client registry', () => {
    it('adds a confidential client: the secret is returned once and kept sealed', async () => {
      const reg = createClientRegistry({ db: store.db, pii, clock });
      const { client, clientSecret } = await reg.add({ name: ' Borger.dk ', redirectUris: ['https://borger.example/cb'], postLogoutRedirectUris: ['https://borger.example/bye'] });
      expect(client).toMatchObject({ name: 'Borger.dk', subjectType: 'pairwise', confidential: true, idTokenAlg: 'ES256' });
      expect(clientSecret).toMatch(/^[\w-]{43}$/);
      const row = await store.db.selectFrom('oidc_clients').selectAll().where('client_id', '=', client.clientId).executeTakeFirstOrThrow();
      expect(row.secret_sealed).not.toContain(clientSecret);
      const meta = await reg.metadata(client.clientId);
      expect(meta).toMatchObject({ client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic', redirect_uris: ['https://borger.example/cb'], subject_type: 'pairwise' });
      expect(await clientAdapter(reg).find(client.clientId)).toEqual(meta);
    });

    it('adds a public client without a secret; lists and removes', async () => {
      const reg = createClientRegistry({ db: store.db, pii, clock });
      const { client, clientSecret } = await reg.add({ name: 'App', redirectUris: ['dk.openmitid.app:/cb'], public: true, subjectType: 'public' });
      expect(clientSecret).toBeUndefined();
      expect(await reg.metadata(client.clientId)).toMatchObject({ token_endpoint_auth_method: 'none', application_type: 'native' });
      expect((await reg.list()).map((c) => c.clientId)).toContain(client.clientId);
      expect(await reg.remove(client.clientId)).toBe(true);
      expect(await reg.remove(client.clientId)).toBe(false);
      expect(await reg.get(client.clientId)).toBeUndefined();
      expect(await reg.metadata(client.clientId)).toBeUndefined();
    });

    it('refuses bad registrations', async () => {
      const reg = createClientRegistry({ db: store.db, pii, clock });
      const bad = [
        { name: '', redirectUris: ['https://x.example/cb'] },
        { name: 'x', redirectUris: [] },
        { name: 'x', redirectUris: ['/relative'] },
        { name: 'x', redirectUris: ['http://x.example/cb'] },
        { name: 'x', redirectUris: ['https://x.example/cb#frag'] },
        { name: 'x', redirectUris: ['https://a.example/cb', 'https://b.example/cb'], subjectType: 'pairwise' as const },
        { name: 'x', redirectUris: ['https://x.example/cb'], postLogoutRedirectUris: ['javascript:alert(1)'] },
      ];
      for (const c of bad) await expect(reg.add(c)).rejects.toBeInstanceOf(LoginError);
      // two hosts are fine for a public-subject client
      await expect(reg.add({ name: 'x', redirectUris: ['https://a.example/cb', 'http://localhost:3000/cb'], subjectType: 'public' })).resolves.toBeDefined();
    });

    it('the Client adapter refuses writes: registration is the operator\'s', async () => {
      const a = clientAdapter(createClientRegistry({ db: store.db, pii, clock }));
      await expect(a.upsert('x', {}, 1)).rejects.toMatchObject({ code: 'OIDC_CLIENT_INVALID' });
    });
  });
});

describe('pairwise subject', () => {
  it('depends on salt, sector and account; refuses a short salt', () => {
    const salt = new Uint8Array(32).fill(7);
    const s = pairwiseSubject(salt, 'bank.example', 'id-1');
    expect(s).toMatch(/^[\w-]{43}$/);
    expect(pairwiseSubject(salt, 'bank.example', 'id-1')).toBe(s);
    expect(pairwiseSubject(salt, 'other.example', 'id-1')).not.toBe(s);
    expect(pairwiseSubject(salt, 'bank.example', 'id-2')).not.toBe(s);
    expect(pairwiseSubject(new Uint8Array(32).fill(8), 'bank.example', 'id-1')).not.toBe(s);
    // the encoding keeps "a" + "b\0c" apart from "a\0b" + "c"
    expect(pairwiseSubject(salt, 'a', 'b\u0000c')).not.toBe(pairwiseSubject(salt, 'a\u0000b', 'c'));
    expect(() => pairwiseSubject(new Uint8Array(16), 'x', 'y')).toThrow();
  });
});

describe('login settings', () => {
  it('reads the environment with safe defaults and refuses bad values', () => {
    const d = loadLoginSettings({});
    expect(d).toEqual({
      oidcEnabled: true,
      oidcIssuer: undefined,
      oidcPairwiseSalt: undefined,
      oidcKeyRetentionSeconds: 86_400,
      oidcTrustProxy: false,
      vapidPublicKey: undefined,
      vapidPrivateKey: undefined,
      vapidSubject: 'mailto:operator@localhost',
    });
    expect(() => loadLoginSettings({ OPENMITID_VAPID_PRIVATE_KEY: 'c2hvcnQ' })).toThrow(/VAPID_PRIVATE_KEY/);
    expect(() => loadLoginSettings({ OPENMITID_VAPID_SUBJECT: 'operator@example.dk' })).toThrow(/VAPID_SUBJECT/);
    const salt = Buffer.alloc(32, 1).toString('base64');
    expect(loadLoginSettings({ OPENMITID_OIDC: 'off', OPENMITID_OIDC_ISSUER: 'https://login.example/oidc/', OPENMITID_OIDC_PAIRWISE_SALT: salt })).toMatchObject({
      oidcEnabled: false,
      oidcIssuer: 'https://login.example/oidc',
      oidcPairwiseSalt: salt,
    });
    expect(() => loadLoginSettings({ OPENMITID_OIDC_ISSUER: 'https://login.example' })).toThrow(/OPENMITID_OIDC_ISSUER/);
    expect(() => loadLoginSettings({ OPENMITID_OIDC_PAIRWISE_SALT: 'c2hvcnQ=' })).toThrow(/PAIRWISE_SALT/);
    expect(() => loadLoginSettings({ OPENMITID_OIDC_KEY_RETENTION_SECONDS: '5' })).toThrow();
  });

  it('derives the issuer from the public URL, else host and port', () => {
    expect(issuerOf({ oidcIssuer: undefined }, { publicUrl: 'https://id.example/', host: '0.0.0.0', port: 8080 })).toBe('https://id.example/oidc');
    expect(issuerOf({ oidcIssuer: undefined }, { publicUrl: '', host: '127.0.0.1', port: 8080 })).toBe('http://127.0.0.1:8080/oidc');
    expect(issuerOf({ oidcIssuer: 'https://x.example/op' }, { publicUrl: 'https://id.example', host: 'h', port: 1 })).toBe('https://x.example/op');
  });
});
