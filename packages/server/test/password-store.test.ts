import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { isApiError } from '../src/errors.js';
import { openDatabase } from '../src/infra/db/index.js';
import { Passwords, passwordSettings, type PasswordSettings } from '../src/authenticators/password/index.js';
import { stores, type TestStore } from './support/db.js';

const T = new Date('2026-11-25T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T.getTime() + seconds * 1000);
/** cheap argon2id for tests; the production parameters are tested in password-rules.test.ts */
const FAST = { memoryKiB: 8192, iterations: 1, parallelism: 1 };
const settings = (o: Partial<PasswordSettings> = {}) => passwordSettings({ argon2: FAST, maxFailures: 3, lockSeconds: 600, ...o });

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e.code;
    throw e;
  }
  return 'OK';
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe.each(stores)('passwords on $name', (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
  });
  afterEach(async () => {
    await store.close();
  });

  const set = (p: Passwords, password = 'korrekt hest', id = 'identity-1') => p.set({ identityId: id, userId: 'mette.hansen', password, repeat: password, now: T });

  it('sets, verifies and stores only an argon2id hash', async () => {
    const p = new Passwords(store.db, secureRandom, settings());
    expect(await outcome(p.verify('identity-1', 'korrekt hest', T))).toBe('PASSWORD_NOT_SET');
    await set(p);
    const row = await store.db.selectFrom('identity_passwords').selectAll().executeTakeFirstOrThrow();
    expect(row.hash).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);
    expect(row.hash).not.toContain('korrekt');
    // NFD input matches the NFC password it was set with
    await set(p, 'caf\u00e9 og kage');
    expect((await p.verify('identity-1', 'cafe\u0301 og kage', T)).identityId).toBe('identity-1');
    expect(await outcome(p.verify('identity-1', 'cafe og kage', T))).toBe('PASSWORD_WRONG');
    expect(await outcome(p.verify('identity-1', '', T))).toBe('VALIDATION_FAILED');
    expect(await outcome(set(p, 'short'))).toBe('PASSWORD_TOO_SHORT');
  });

  it('counts wrong passwords, locks at the limit, and a good one clears the count', async () => {
    const p = new Passwords(store.db, secureRandom, settings());
    await set(p);
    expect(await refusal(p.verify('identity-1', 'wrong one', T))).toEqual({ code: 'PASSWORD_WRONG', details: { attemptsLeft: 2 } });
    await p.verify('identity-1', 'korrekt hest', T);
    expect((await p.status('identity-1', T)).failures).toBe(0);
    expect(await refusal(p.verify('identity-1', 'wrong one', T))).toEqual({ code: 'PASSWORD_WRONG', details: { attemptsLeft: 2 } });
    expect(await refusal(p.verify('identity-1', 'wrong two', T))).toEqual({ code: 'PASSWORD_WRONG', details: { attemptsLeft: 1 } });
    expect(await refusal(p.verify('identity-1', 'wrong three', T))).toEqual({ code: 'PASSWORD_LOCKED', details: { retryAfterSeconds: 600 } });
    // locked: even the right password is refused, and not checked
    expect(await refusal(p.verify('identity-1', 'korrekt hest', at(60)))).toEqual({ code: 'PASSWORD_LOCKED', details: { retryAfterSeconds: 540 } });
    expect(await p.status('identity-1', at(60))).toMatchObject({ locked: true, failures: 3 });
    // the lock lapses; the next run starts from one
    expect(await refusal(p.verify('identity-1', 'wrong four', at(600)))).toEqual({ code: 'PASSWORD_WRONG', details: { attemptsLeft: 2 } });
    expect((await p.verify('identity-1', 'korrekt hest', at(601))).identityId).toBe('identity-1');
    expect(await p.status('identity-1', at(601))).toMatchObject({ locked: false, failures: 0 });
  });

  it('keeps the lock across a reopen of the database (a restart)', async () => {
    const p = new Passwords(store.db, secureRandom, settings());
    await set(p);
    for (const guess of ['wrong one', 'wrong two']) expect(await outcome(p.verify('identity-1', guess, T))).toBe('PASSWORD_WRONG');

    const reopened = await openDatabase({ dataDir: store.dataDir, ...(store.url ? { databaseUrl: store.url } : {}) });
    try {
      const again = new Passwords(reopened.db, secureRandom, settings());
      expect(await refusal(again.verify('identity-1', 'wrong three', T))).toMatchObject({ code: 'PASSWORD_LOCKED' });
      expect(await outcome(again.verify('identity-1', 'korrekt hest', at(10)))).toBe('PASSWORD_LOCKED');
    } finally {
      await reopened.close();
    }
  });

  it('a lock without expiry holds until unlocked', async () => {
    const p = new Passwords(store.db, secureRandom, settings({ lockSeconds: null, maxFailures: 1 }));
    await set(p);
    expect(await refusal(p.verify('identity-1', 'wrong one', T))).toEqual({ code: 'PASSWORD_LOCKED', details: {} });
    expect(await outcome(p.verify('identity-1', 'korrekt hest', at(86_400 * 365)))).toBe('PASSWORD_LOCKED');
    await p.unlock('identity-1', at(10));
    expect(await outcome(p.verify('identity-1', 'korrekt hest', at(11)))).toBe('OK');
  });

  it('counts racing guesses so no more than the limit are ever checked', async () => {
    const p = new Passwords(store.db, secureRandom, settings({ maxFailures: 3 }));
    await set(p);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => outcome(p.verify('identity-1', `guess number ${i}`, T))));
    expect(results.filter((r) => r === 'PASSWORD_WRONG')).toHaveLength(2);
    expect(results.filter((r) => r === 'PASSWORD_LOCKED')).toHaveLength(6);
  });

  it('shares the count between two server instances on one database', async () => {
    const one = new Passwords(store.db, secureRandom, settings({ maxFailures: 4 }));
    await set(one);
    const second = await openDatabase({ dataDir: store.dataDir, ...(store.url ? { databaseUrl: store.url } : {}) });
    try {
      const two = new Passwords(second.db, secureRandom, settings({ maxFailures: 4 }));
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => outcome((i % 2 ? one : two).verify('identity-1', `guess number ${i}`, T))));
      expect(results.filter((r) => r === 'PASSWORD_WRONG')).toHaveLength(3);
      expect(results.filter((r) => r === 'PASSWORD_LOCKED')).toHaveLength(7);
      expect(await outcome(two.verify('identity-1', 'korrekt hest', T))).toBe('PASSWORD_LOCKED');
    } finally {
      await second.close();
    }
  });

  it('rehashes a stored hash made with older parameters at the next good login', async () => {
    const old = new Passwords(store.db, secureRandom, settings());
    await set(old);
    const before = (await store.db.selectFrom('identity_passwords').select('hash').executeTakeFirstOrThrow()).hash;
    const stronger = new Passwords(store.db, secureRandom, settings({ argon2: { memoryKiB: 9216, iterations: 2, parallelism: 1 } }));
    expect(await outcome(stronger.verify('identity-1', 'not it at all', T))).toBe('PASSWORD_WRONG');
    expect((await store.db.selectFrom('identity_passwords').select('hash').executeTakeFirstOrThrow()).hash).toBe(before);
    expect((await stronger.verify('identity-1', 'korrekt hest', T)).rehashed).toBe(true);
    const after = (await store.db.selectFrom('identity_passwords').select('hash').executeTakeFirstOrThrow()).hash;
    expect(after).toMatch(/^\$argon2id\$v=19\$m=9216,t=2,p=1\$/);
    expect((await stronger.verify('identity-1', 'korrekt hest', T)).rehashed).toBe(false);
  });

  it('changes the password with the old one and the new one twice', async () => {
    const p = new Passwords(store.db, secureRandom, settings());
    await set(p);
    const change = (oldPassword: string, password: string, repeat = password) =>
      outcome(p.change({ identityId: 'identity-1', userId: 'mette.hansen', oldPassword, password, repeat, now: T }));
    expect(await change('not the old one', 'nyt kodeord 2026')).toBe('PASSWORD_WRONG');
    expect(await change('korrekt hest', 'nyt kodeord 2026', 'nyt kodeord 2025')).toBe('PASSWORD_MISMATCH');
    expect(await change('korrekt hest', 'korrekt hest')).toBe('PASSWORD_WEAK');
    expect(await change('korrekt hest', 'nyt kodeord 2026')).toBe('OK');
    expect(await outcome(p.verify('identity-1', 'korrekt hest', T))).toBe('PASSWORD_WRONG');
    expect(await outcome(p.verify('identity-1', 'nyt kodeord 2026', T))).toBe('OK');
    // a change clears the count (the wrong old password above counted)
    expect((await p.status('identity-1', T)).failures).toBe(0);
  });
});
