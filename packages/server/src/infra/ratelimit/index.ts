export type { RateLimiter, RateLimiterOptions, RateLimitResult } from './limit.js';
export { createRateLimiter } from './db-limiter.js';
export { createRedisRateLimiter, type RedisRateLimiterOptions, type RedisScripting } from './redis-limiter.js';
