/**
 * Web Push for a closed app: an approval request goes, encrypted (RFC 8291 aes128gcm) and
 * signed with the operator's VAPID key (RFC 8292), to the push endpoint in the app's
 * subscription — here a push service of our own on 127.0.0.1 that decrypts it as the
 * browser would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDecipheriv, createECDH, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJWK, jwtVerify } from 'jose';
import { stores, type TestStore } from './support/db.js';
import { Browser, relyingParty, ShiftedClock, startLogin, testCipher, type RelyingParty } from './login-support.js';
import { engines, setPin, TestDevice } from './app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer, type LoginServer } from './login-approval-support.js';
import { generateVapidKeys } from '../src/login/index.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188: the user agent's side. */
function decrypt(body: Buffer, uaPrivate: ReturnType<typeof createECDH>, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const shared = uaPrivate.computeSecret(asPublic);
  const prkKey = hmac(authSecret, shared);
  const ikm = hmac(prkKey, Buffer.concat([Buffer.from('WebPush: info\0'), uaPrivate.getPublicKey(), asPublic, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12);
  const d = createDecipheriv('aes-128-gcm', cek, nonce);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()]);
  // the last record ends with the delimiter 0x02 and optional zero padding
  const end = plain.lastIndexOf(2);
  return plain.subarray(0, end).toString('utf8');
}

describe('approval requests by Web Push', () => {
  let store: TestStore;
  let srv: LoginServer;
  let party: RelyingParty;
  let push: Server;
  let endpoint: string;
  const received: Received[] = [];
  const clock = new ShiftedClock();
  const pii = testCipher();
  const vapid = generateVapidKeys();
  const ua = createECDH('prime256v1');
  ua.generateKeys();
  const authSecret = randomBytes(16);

  beforeAll(async () => {
    push = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => push.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(push.address() as AddressInfo).port}/push/abc`;

    store = await stores[0]!.open();
    const e = await engines(store.db);
    srv = await startLoginServer(store.db, { pii, clock, apps: e, vapid });
    party = await relyingParty(srv, { name: 'Skattestyrelsen', redirectUri: 'https://skat.example/cb' });
    await insertIdentity(store.db, pii, 'id-push', 'push-user', clock.now());
    const device = await TestDevice.create();
    const app = await e.apps.register({ identityId: 'id-push', publicKeySpki: device.spki, now: clock.now() });
    await setPin(e, app.id, '246810', clock.now());
    const pushSubscription = { endpoint, keys: { p256dh: ua.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') } };
    await e.apps.activate({ appId: app.id, ...(await device.activationProof()), biometrics: false, pushSubscription, now: clock.now() });
  });

  afterAll(async () => {
    await srv?.close();
    await store?.close();
    await new Promise<void>((resolve) => push.close(() => resolve()));
  });

  it('sends the request encrypted to the subscription, signed with the VAPID key', async () => {
    const started = await startLogin(srv, party, new Browser(), { openmitid_text: 'Se din årsopgørelse' });
    const page = new LoginPage(srv.base, started.uid);
    await page.userId('push-user');
    const approvalId = String((await page.requestApproval()).body.approvalId);
    expect(received).toHaveLength(1);
    const msg = received[0]!;
    expect(msg.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(msg.headers.ttl)).toBeGreaterThan(0);

    const payload = JSON.parse(decrypt(msg.body, ua, authSecret)) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'login-approval', approvalId, clientName: 'Skattestyrelsen', text: 'Se din årsopgørelse', mode: 'qr' });

    const auth = String(msg.headers.authorization);
    const m = /^vapid t=([^,]+), k=(.+)$/.exec(auth);
    expect(m?.[2]).toBe(vapid.publicKey);
    const pub = Buffer.from(vapid.publicKey, 'base64url');
    const key = await importJWK({ kty: 'EC', crv: 'P-256', x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') }, 'ES256');
    const { payload: jwt } = await jwtVerify(m![1]!, key);
    expect(jwt.aud).toBe(new URL(endpoint).origin);
    expect(jwt.sub).toBe('mailto:test@localhost');
  });

  it('sends nothing for an unknown user-ID', async () => {
    const before = received.length;
    const started = await startLogin(srv, party, new Browser());
    const page = new LoginPage(srv.base, started.uid);
    await page.userId('not-a-user');
    expect((await page.requestApproval()).status).toBe(200);
    expect(received.length).toBe(before);
  });
});
