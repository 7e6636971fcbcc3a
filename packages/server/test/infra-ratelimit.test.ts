import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../src/infra/db/index.js';
import { createRateLimiter } from '../src/infra/ratelimit/index.js';
import { stores, type TestStore } from './support/db.js';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const after = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe.each(stores)('rate limiter on $name', (kind) => {
  const limiter = createRateLimiter();
  let store: TestStore;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store.close();
  });

  /** Another handle on the same data: a restarted server or a second instance. */
  const reopen = (): Promise<OpenedDatabase> =>
    openDatabase(kind.name === 'postgres' ? { databaseUrl: store.url, dataDir: store.dataDir, poolSize: 4 } : { dataDir: store.dataDir });

  it('allows up to the limit, then refuses until the window has passed', async () => {
    const key = 'sms-resend:+4512345678';
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.hit(store.db, key, 3, 600, after(i)));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(results[3]!.retryAfterSeconds).toBe(597);
    expect(results[4]!.retryAfterSeconds).toBe(596);
    expect((await limiter.peek(store.db, key, 3, after(100))).allowed).toBe(false);
    // refused hits do not push the window out
    expect(await limiter.hit(store.db, key, 3, 600, after(599))).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(await limiter.hit(store.db, key, 3, 600, after(600))).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('keeps keys apart, and reset forgets one', async () => {
    expect((await limiter.hit(store.db, 'a', 1, 60, t0)).allowed).toBe(true);
    expect((await limiter.hit(store.db, 'a', 1, 60, t0)).allowed).toBe(false);
    expect((await limiter.hit(store.db, 'b', 1, 60, t0)).allowed).toBe(true);
    await limiter.reset(store.db, 'a');
    expect((await limiter.peek(store.db, 'a', 1, t0)).allowed).toBe(true);
    expect((await limiter.hit(store.db, 'a', 1, 60, t0)).allowed).toBe(true);
    expect((await limiter.peek(store.db, 'b', 1, t0)).allowed).toBe(false);
  });

  it('never stores the key itself', async () => {
    await limiter.hit(store.db, 'phone:+4598765432', 5, 60, t0);
    const rows = await store.db.selectFrom('rate_limits').select('key_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.key_hash).not.toContain('98765432');
    // a keyed hash from the caller replaces the default
    const keyed = createRateLimiter({ hashKey: (k) => `h:${k.length}` });
    await keyed.hit(store.db, 'xyz', 1, 60, t0);
    expect(await store.db.selectFrom('rate_limits').select('key_hash').where('key_hash', '=', 'h:3').executeTakeFirst()).toBeTruthy();
  });

  it('survives closing and reopening the database', async () => {
    const first = await reopen();
    for (let i = 0; i < 3; i++) await limiter.hit(first.db, 'restart', 3, 3600, t0);
    await first.close();
    const second = await reopen();
    try {
      expect(await limiter.hit(second.db, 'restart', 3, 3600, after(10))).toMatchObject({ allowed: false, retryAfterSeconds: 3590 });
    } finally {
      await second.close();
    }
  });

  it('concurrent hits from two instances never let more than the limit through', async () => {
    const other = await reopen();
    try {
      const hits = await Promise.all(
        Array.from({ length: 60 }, (_, i) => limiter.hit(i % 2 === 0 ? store.db : other.db, 'race', 10, 60, t0)),
      );
      expect(hits.filter((h) => h.allowed)).toHaveLength(10);
      expect(hits.filter((h) => h.allowed).map((h) => h.remaining).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await other.close();
    }
  });

  it('purges ended windows only', async () => {
    await limiter.hit(store.db, 'short', 1, 10, t0);
    await limiter.hit(store.db, 'long', 1, 10_000, t0);
    expect(await limiter.purgeExpired(store.db, after(20))).toBeGreaterThanOrEqual(1);
    expect((await limiter.peek(store.db, 'long', 1, after(20))).allowed).toBe(false);
    expect((await limiter.peek(store.db, 'short', 1, after(20))).allowed).toBe(true);
  });

  it('refuses nonsense limits', async () => {
    await expect(limiter.hit(store.db, 'x', -1, 60, t0)).rejects.toThrow(RangeError);
    await expect(limiter.hit(store.db, 'x', 1, 0, t0)).rejects.toThrow(RangeError);
  });
});
