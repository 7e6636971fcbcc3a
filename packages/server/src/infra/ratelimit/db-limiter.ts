import { sql } from 'kysely';
import { checkArgs, defaultHash, peekVerdict, verdict, type RateLimiter, type RateLimiterOptions } from './limit.js';

/**
 * Counters in the `rate_limits` table: they survive a restart and are shared by every instance on
 * the same database. Each hit is one INSERT … ON CONFLICT DO UPDATE … RETURNING, atomic on SQLite
 * and PostgreSQL alike, and runs inside the caller's transaction when given one.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const hashKey = options.hashKey ?? defaultHash;
  return {
    async hit(db, key, limit, windowSeconds, now) {
      checkArgs(limit, windowSeconds);
      const nowMs = now.getTime();
      const resetAt = nowMs + Math.round(windowSeconds * 1000);
      // Both SET expressions read the row as it was before this statement, on SQLite and PostgreSQL alike.
      // The count stops at limit + 1 so a flood of refused hits cannot overflow it.
      const row = await db
        .insertInto('rate_limits')
        .values({ key_hash: hashKey(key), count: 1, reset_at: resetAt })
        .onConflict((oc) =>
          oc.column('key_hash').doUpdateSet({
            count: sql<number>`case when rate_limits.reset_at <= ${nowMs} then 1
              when rate_limits.count > ${limit} then rate_limits.count
              else rate_limits.count + 1 end`,
            reset_at: sql<number>`case when rate_limits.reset_at <= ${nowMs} then ${resetAt} else rate_limits.reset_at end`,
          }),
        )
        .returning(['count', 'reset_at'])
        .executeTakeFirstOrThrow();
      return verdict(Number(row.count), Number(row.reset_at), limit, nowMs);
    },

    async peek(db, key, limit, now) {
      const row = await db
        .selectFrom('rate_limits')
        .select(['count', 'reset_at'])
        .where('key_hash', '=', hashKey(key))
        .executeTakeFirst();
      return peekVerdict(row ? Number(row.count) : undefined, row ? Number(row.reset_at) : 0, limit, now.getTime());
    },

    async reset(db, key) {
      await db.deleteFrom('rate_limits').where('key_hash', '=', hashKey(key)).execute();
    },

    async purgeExpired(db, now) {
      const r = await db.deleteFrom('rate_limits').where('reset_at', '<=', now.getTime()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
