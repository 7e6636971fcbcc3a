/**
 * Password settings. The argon2id cost is sized for the reference server (2 cores shared
 * with everything else): OWASP's Password Storage Cheat Sheet lists m=19 MiB, t=2, p=1 as
 * an argon2id minimum; one hash then takes a fraction of a second on one core and 19 MiB
 * of memory, so a burst of logins cannot exhaust the machine. Raise them on bigger
 * hardware: stored hashes are upgraded at the next good login (see Passwords.verify).
 */
export interface Argon2Params {
  /** memory in KiB (argon2 `m`) */
  memoryKiB: number;
  /** passes over memory (argon2 `t`) */
  iterations: number;
  /** lanes (argon2 `p`); 1 keeps each hash on one core */
  parallelism: number;
}

export interface PasswordSettings {
  argon2: Argon2Params;
  /** wrong passwords in a row before the password is locked (default 5) */
  maxFailures: number;
  /** how long a lock lasts; null: until an operator or re-enrolment resets it (default 3600) */
  lockSeconds: number | null;
}

/** OWASP Password Storage Cheat Sheet, argon2id "m=19456 (19 MiB), t=2, p=1". */
export const OWASP_ARGON2ID: Argon2Params = { memoryKiB: 19_456, iterations: 2, parallelism: 1 };

export const PASSWORD_DEFAULTS: PasswordSettings = { argon2: OWASP_ARGON2ID, maxFailures: 5, lockSeconds: 3600 };

export function passwordSettings(overrides: Partial<PasswordSettings> = {}): PasswordSettings {
  const s = { ...PASSWORD_DEFAULTS, ...overrides };
  const { memoryKiB, iterations, parallelism } = s.argon2;
  // RFC 9106 §3.1: m ≥ 8·p KiB; below 8 MiB argon2id no longer slows a GPU down much
  if (!Number.isInteger(memoryKiB) || memoryKiB < 8 * 1024 || memoryKiB > 4 * 1024 * 1024) throw new RangeError('argon2 memory must be 8 MiB to 4 GiB');
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 20) throw new RangeError('argon2 iterations must be 1 to 20');
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 16) throw new RangeError('argon2 parallelism must be 1 to 16');
  if (!Number.isInteger(s.maxFailures) || s.maxFailures < 1) throw new RangeError('maxFailures must be at least 1');
  if (s.lockSeconds !== null && (!Number.isInteger(s.lockSeconds) || s.lockSeconds < 1)) throw new RangeError('lockSeconds must be positive or null');
  return s;
}
