import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Redis } from 'ioredis';
import { openDatabase, type Database } from '../src/infra/db/index.js';
import { createRateLimiter, createRedisRateLimiter, type RateLimiter, type RateLimiterOptions } from '../src/infra/ratelimit/index.js';
import { stores, type TestStore } from './support/db.js';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const after = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const REDIS_URL = process.env.OPENMITID_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One place counters live, and a second handle on it (a restarted server or another instance). */
interface Backend {
  name: string;
  db: Kysely<Database>;
  limiter(options?: RateLimiterOptions): RateLimiter;
  instance(): Promise<{ db: Kysely<Database>; limiter: RateLimiter; close(): Promise<void> }>;
  storedKeys(): Promise<string[]>;
  close(): Promise<void>;
}

function sqlBackend(kind: (typeof stores)[number]): () => Promise<Backend> {
  return async () => {
    const store: TestStore = await kind.open();
    return {
      name: kind.name,
      db: store.db,
      limiter: (o) => createRateLimiter(o),
      async instance() {
        const opened = await openDatabase(kind.name === 'postgres' ? { databaseUrl: store.url, dataDir: store.dataDir, poolSize: 4 } : { dataDir: store.dataDir });
        return { db: opened.db, limiter: createRateLimiter(), close: () => opened.close() };
      },
      storedKeys: async () => (await store.db.selectFrom('rate_limits').select('key_hash').execute()).map((r) => r.key_hash),
      close: () => store.close(),
    };
  };
}

async function redisBackend(): Promise<Backend> {
  // a database store only for the `db` argument, which the Redis limiter ignores
  const store = await stores[0]!.open();
  const prefix = `openmitid-test:${randomBytes(6).toString('hex')}:`;
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  const keys = async () => {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      out.push(...batch);
    } while (cursor !== '0');
    return out;
  };
  return {
    name: 'redis',
    db: store.db,
    limiter: (o) => createRedisRateLimiter(client, { ...o, prefix }),
    async instance() {
      const other = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await other.connect();
      return { db: store.db, limiter: createRedisRateLimiter(other, { prefix }), close: async () => void (await other.quit()) };
    },
    storedKeys: keys,
    async close() {
      const left = await keys();
      if (left.length > 0) await client.del(...left);
      await client.quit();
      await store.close();
    },
  };
}

const backends: { name: string; open: () => Promise<Backend> }[] = [
  ...stores.map((kind) => ({ name: kind.name, open: sqlBackend(kind) })),
  { name: 'redis', open: redisBackend },
];

describe.each(backends)('rate limiter on $name', ({ open }) => {
  let b: Backend;
  let limiter: RateLimiter;
  beforeAll(async () => {
    b = await open();
    limiter = b.limiter();
  });
  afterAll(async () => {
    await b.close();
  });

  it('allows up to the limit, then refuses until the window has passed', async () => {
    const key = 'sms-resend:+4512345678';
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.hit(b.db, key, 3, 600, after(i)));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(results[3]!.retryAfterSeconds).toBe(597);
    expect(results[4]!.retryAfterSeconds).toBe(596);
    expect(await limiter.peek(b.db, key, 3, after(100))).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 500 });
    // refused hits do not push the window out
    expect(await limiter.hit(b.db, key, 3, 600, after(599))).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(await limiter.hit(b.db, key, 3, 600, after(600))).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    expect(await limiter.peek(b.db, key, 3, after(600))).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('keeps keys apart, and reset forgets one', async () => {
    expect((await limiter.hit(b.db, 'a', 1, 60, t0)).allowed).toBe(true);
    expect((await limiter.hit(b.db, 'a', 1, 60, t0)).allowed).toBe(false);
    expect((await limiter.hit(b.db, 'b', 1, 60, t0)).allowed).toBe(true);
    await limiter.reset(b.db, 'a');
    expect((await limiter.peek(b.db, 'a', 1, t0)).allowed).toBe(true);
    expect((await limiter.hit(b.db, 'a', 1, 60, t0)).allowed).toBe(true);
    expect((await limiter.peek(b.db, 'b', 1, t0)).allowed).toBe(false);
  });

  it('never stores the key itself', async () => {
    await limiter.hit(b.db, 'phone:+4598765432', 5, 60, t0);
    const stored = await b.storedKeys();
    expect(stored.length).toBeGreaterThan(0);
    for (const k of stored) expect(k).not.toContain('98765432');
    // a keyed hash from the caller replaces the default
    await b.limiter({ hashKey: (k) => `keyed-${k.length}` }).hit(b.db, 'xyz', 1, 60, t0);
    expect((await b.storedKeys()).some((k) => k.endsWith('keyed-3'))).toBe(true);
  });

  it('survives closing and reopening the store', async () => {
    const first = await b.instance();
    for (let i = 0; i < 3; i++) await first.limiter.hit(first.db, 'restart', 3, 3600, t0);
    await first.close();
    const second = await b.instance();
    try {
      expect(await second.limiter.hit(second.db, 'restart', 3, 3600, after(10))).toMatchObject({ allowed: false, retryAfterSeconds: 3590 });
    } finally {
      await second.close();
    }
  });

  it('concurrent hits from two instances never let more than the limit through', async () => {
    const other = await b.instance();
    try {
      const hits = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? limiter.hit(b.db, 'race', 10, 60, t0) : other.limiter.hit(other.db, 'race', 10, 60, t0))),
      );
      const allowed = hits.filter((h) => h.allowed);
      expect(allowed).toHaveLength(10);
      expect(allowed.map((h) => h.remaining).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await other.close();
    }
  });

  it('forgets ended windows', async () => {
    await limiter.hit(b.db, 'short', 1, 10, t0);
    await limiter.hit(b.db, 'long', 1, 10_000, t0);
    await limiter.purgeExpired(b.db, after(20));
    expect((await limiter.peek(b.db, 'long', 1, after(20))).allowed).toBe(false);
    expect((await limiter.peek(b.db, 'short', 1, after(20))).allowed).toBe(true);
  });

  it('refuses nonsense limits', async () => {
    await expect(limiter.hit(b.db, 'x', -1, 60, t0)).rejects.toThrow(RangeError);
    await expect(limiter.hit(b.db, 'x', 1, 0, t0)).rejects.toThrow(RangeError);
  });
});

describe('SQL rate limiter', () => {
  it('purges only ended windows', async () => {
    const store = await stores[0]!.open();
    try {
      const limiter = createRateLimiter();
      await limiter.hit(store.db, 'short', 1, 10, t0);
      await limiter.hit(store.db, 'long', 1, 10_000, t0);
      expect(await limiter.purgeExpired(store.db, after(20))).toBe(1);
      expect(await store.db.selectFrom('rate_limits').select('key_hash').execute()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
