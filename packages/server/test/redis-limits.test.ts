/**
 * With REDIS_URL set the server keeps its attempt limits in Redis (shared by instances):
 * two servers on one store and one Redis count the same user-ID checks together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EnrolmentClient } from '../../app/src/enrolment/index.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, testPerson, type Kit, type TestServer } from './support/enrolment.js';
import { driveTo, expectCode } from './support/client.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('rate limits in Redis', () => {
  let redis: ChildProcess;
  let url: string;
  let store: TestStore;
  let kit: Kit;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
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
    kit = testKit();
    a = await startTestServer(store, kit, { config: { redisUrl: url, userIdChecksPerFlow: 4 } });
    b = await startTestServer(store, kit, { config: { redisUrl: url, userIdChecksPerFlow: 4 }, clock: a.clock });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await store?.close();
    redis?.kill('SIGKILL');
  });

  it('counts the checks of one flow across two instances', async () => {
    const p = testPerson(900);
    await a.seed(p);
    const { client } = await driveTo(a, kit, p, 'face');
    const viaB = await EnrolmentClient.resume({ baseUrl: b.baseUrl }, client.flow.id);
    expect(await client.isUserIdAvailable('first try')).toBe(true);
    expect(await viaB.isUserIdAvailable('second try')).toBe(true);
    expect(await client.isUserIdAvailable('third try')).toBe(true);
    expect(await viaB.isUserIdAvailable('fourth try')).toBe(true);
    expect(await expectCode(client.isUserIdAvailable('fifth try'))).toBe('RATE_LIMITED');
    expect(await expectCode(viaB.isUserIdAvailable('fifth try'))).toBe('RATE_LIMITED');
    // the counters are in Redis, not in the database
    expect(await store.db.selectFrom('rate_limits').selectAll().execute()).toEqual([]);
  });
});
