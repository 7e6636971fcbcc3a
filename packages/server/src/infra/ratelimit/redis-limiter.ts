import { checkArgs, defaultHash, peekVerdict, verdict, type RateLimiter, type RateLimiterOptions } from './limit.js';

/** What the Redis limiter needs of a client; ioredis's `Redis` has it. */
export interface RedisScripting {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  del(...keys: string[]): Promise<number>;
}

// One script, so the read-and-count is atomic in Redis whatever the number of instances. Time comes
// from the caller (ARGV[1]), like the SQL limiter, so both behave the same under an injected clock;
// Redis's own expiry only cleans up, a little after the window ends.
const HIT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local v = redis.call('HMGET', KEYS[1], 'c', 'r')
local c = tonumber(v[1])
local r = tonumber(v[2])
if (not c) or (not r) or r <= now then
  c = 1
  r = now + window
elseif c <= limit then
  c = c + 1
end
redis.call('HSET', KEYS[1], 'c', c, 'r', r)
redis.call('PEXPIRE', KEYS[1], r - now + 1000)
return {c, r}
`;

export interface RedisRateLimiterOptions extends RateLimiterOptions {
  /** key prefix, so several deployments can share one Redis; default "openmitid:rl:" */
  prefix?: string;
}

/**
 * The same limiter kept in Redis (REDIS_URL): for many instances when the database should not
 * carry the counting. Counters live as long as their window; Redis is expected to persist them
 * (AOF/RDB) if limits must survive a Redis restart.
 */
export function createRedisRateLimiter(redis: RedisScripting, options: RedisRateLimiterOptions = {}): RateLimiter {
  const hashKey = options.hashKey ?? defaultHash;
  const prefix = options.prefix ?? 'openmitid:rl:';
  const k = (key: string) => `${prefix}${hashKey(key)}`;
  return {
    async hit(_db, key, limit, windowSeconds, now) {
      checkArgs(limit, windowSeconds);
      const nowMs = now.getTime();
      const reply = (await redis.eval(HIT, 1, k(key), nowMs, Math.round(windowSeconds * 1000), limit)) as [number, number];
      return verdict(Number(reply[0]), Number(reply[1]), limit, nowMs);
    },

    async peek(_db, key, limit, now) {
      const [c, r] = await redis.hmget(k(key), 'c', 'r');
      return peekVerdict(c == null ? undefined : Number(c), Number(r ?? 0), limit, now.getTime());
    },

    async reset(_db, key) {
      await redis.del(k(key));
    },

    async purgeExpired() {
      return 0; // Redis expires the counters itself
    },
  };
}
