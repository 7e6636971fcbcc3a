import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface RateLimitResult {
  allowed: boolean;
  /** hits still allowed in this window */
  remaining: number;
  /** 0 when allowed; otherwise whole seconds until the window ends */
  retryAfterSeconds: number;
}

type Db = Kysely<Database> | Transaction<Database>;

export interface RateLimiter {
  /**
   * Counts one attempt for `key` and says whether it is within `limit` per window. The window starts
   * at the first hit and lasts `windowSeconds`; hits beyond the limit are refused until it ends
   * (a fixed window: refused hits do not extend it). Atomic, so concurrent hits on any number of
   * instances never let more than `limit` through. `db` is the store (the Redis limiter ignores it).
   */
  hit(db: Db, key: string, limit: number, windowSeconds: number, now: Date): Promise<RateLimitResult>;
  /** Where `key` stands, without counting a hit. */
  peek(db: Db, key: string, limit: number, now: Date): Promise<RateLimitResult>;
  /** Forgets `key` (e.g. after a successful attempt, or a new code was sent). */
  reset(db: Db, key: string): Promise<void>;
  /** Deletes counters whose window has ended; returns how many. */
  purgeExpired(db: Db, now: Date): Promise<number>;
}

export interface RateLimiterOptions {
  /**
   * Turns a key into what is stored. The default is a plain SHA-256, which keeps raw numbers out of
   * the table but can be reversed by trying every phone number: pass a keyed hash (the PII cipher's
   * lookupHash) in production.
   */
  hashKey?: (key: string) => string;
}

export function defaultHash(key: string): string {
  return createHash('sha256').update(`openmitid.ratelimit\u0000${key}`, 'utf8').digest('base64url');
}

export function checkArgs(limit: number, windowSeconds: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError('limit must be a whole number ≥ 0');
  if (!(windowSeconds > 0) || !Number.isFinite(windowSeconds)) throw new RangeError('windowSeconds must be > 0');
}

export function verdict(count: number, resetAt: number, limit: number, nowMs: number): RateLimitResult {
  const allowed = count <= limit;
  return {
    allowed,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((resetAt - nowMs) / 1000)),
  };
}


/** What `peek` answers: would one more hit go through, given the stored count (undefined: none) and window end? */
export function peekVerdict(count: number | undefined, resetAt: number, limit: number, nowMs: number): RateLimitResult {
  if (count === undefined || resetAt <= nowMs) return { allowed: limit > 0, remaining: limit, retryAfterSeconds: 0 };
  return { ...verdict(count + 1, resetAt, limit, nowMs), remaining: Math.max(0, limit - count) };
}
