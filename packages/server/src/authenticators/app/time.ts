/** Timestamps as the schema stores them (ISO-8601 UTC, which sorts as text). */
export function iso(d: Date): string {
  return d.toISOString();
}

export function plusSeconds(d: Date, seconds: number): Date {
  return new Date(d.getTime() + seconds * 1000);
}

/** Whole seconds from `now` until `until` (at least 1), for a retryAfterSeconds detail. */
export function secondsUntil(now: Date, until: string): number {
  return Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
}
