/**
 * Two instances on one PostgreSQL store and one Redis: a login started on instance A reaches
 * the app whose live stream is connected to instance B, and the app approves through B.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as netServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ApprovalClient } from '@openmitid/app';
import { stores, type TestStore } from './support/db.js';
import { Browser, exchange, relyingParty, ShiftedClock, startLogin, testCipher } from './login-support.js';
import { activeApp, engines, FAST_STRETCHING } from './app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer, type LoginServer } from './login-approval-support.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('approvals fanned out through Redis', () => {
  let redis: ChildProcess;
  let store: TestStore;
  let a: LoginServer;
  let b: LoginServer;
  const clock = new ShiftedClock();
  const pii = testCipher();

  beforeAll(async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 100 });
    probe.on('error', () => undefined);
    for (let i = 0; i < 50; i++) {
      try {
        await probe.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await probe.ping();
    probe.disconnect();
    store = await stores[1]!.open();
    const e = await engines(store.db);
    a = await startLoginServer(store.db, { pii, clock, apps: e, redisUrl: url });
    b = await startLoginServer(store.db, { pii, clock, apps: e, redisUrl: url });
    await insertIdentity(store.db, pii, 'id-redis', 'redis-user', clock.now());
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await store?.close();
    redis?.kill('SIGKILL');
  });

  it('a request made on one instance reaches the app streaming from the other', async () => {
    const e = await engines(store.db);
    const { appId, device } = await activeApp(e, 'id-redis', '112358', clock.now());
    const party = await relyingParty(a, { name: 'Fan-out', redirectUri: 'https://fan.example/cb' });
    const phone = new ApprovalClient({ baseUrl: b.base, appId, privateKey: device.keys.privateKey, pin: { keyStretching: FAST_STRETCHING }, now: () => clock.now() });
    const controller = new AbortController();
    const res = await fetch(await phone.streamUrl(), { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the stream's opening comment: subscribed

    const browser = new Browser();
    const started = await startLogin(a, party, browser, { openmitid_text: 'Via Redis' });
    const page = new LoginPage(a.base, started.uid);
    await page.userId('redis-user');
    const approvalId = String((await page.requestApproval()).body.approvalId);
    let seen = '';
    try {
      while (!seen.includes(approvalId)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        seen += new TextDecoder().decode(chunk.value);
      }
    } finally {
      controller.abort();
    }
    expect(seen).toContain('Via Redis');

    const qr = await page.qr();
    const outcome = await phone.approve(await phone.scan(approvalId, qr), qr, '112358');
    const { url } = await browser.follow(outcome.returnTo!, a.base);
    const tokens = await exchange(party, new URL(url), started);
    expect(tokens.claims()!.amr).toEqual(['code_app']);
  });
});
