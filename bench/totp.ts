/**
 * TOTP code checks per second on the server: the bare check (±1 step window = 3 HMACs, plus
 * opening the sealed seed), and the full verification with its database transaction (load the
 * device, check, save drift/last step with the version check) on SQLite and, when reachable,
 * PostgreSQL — one device at a time, and many devices in parallel.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRandom } from '@openmitid/mrtd';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../packages/server/src/infra/db/index.ts';
import { createPiiCipher } from '../packages/server/src/infra/pii/index.ts';
import {
  activateToken, checkTotp, codeAt, createSoftwareToken, importPskcFile, totpAtStep, timeStep, verifyTokenCode, writePskc,
  type OtpHash, type SoftwareToken, type TokenDeps,
} from '../packages/server/src/authenticators/code-display/index.ts';
import { openSeed } from '../packages/server/src/authenticators/code-display/token-store.ts';
import { createPgDatabase } from '../packages/server/test/support/db.ts';

const pii = createPiiCipher({ current: { id: 'bench', key: new Uint8Array(randomBytes(32)) } });
const T0 = new Date('2026-11-25T10:00:05Z');

function rate(label: string, n: number, ms: number): void {
  console.log(`${label.padEnd(52)} ${(n / (ms / 1000)).toFixed(0).padStart(9)} /s   (${n} in ${ms.toFixed(0)} ms)`);
}

function time(fn: () => void, minMs = 1000): { n: number; ms: number } {
  // warm up first, so the JIT's work is not counted against the first hash
  for (const w = performance.now(); performance.now() - w < 300; ) fn();
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < minMs) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
  }
  return { n, ms: performance.now() - t };
}

console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs (figures scale down with load)\n`);
console.log('without the database (seed unsealed each time, window ±1 step, code at the window\'s far edge):');
for (const hash of ['SHA-1', 'SHA-256', 'SHA-512'] as OtpHash[]) {
  const params = { digits: 6, period: 30, hash, t0: 0 };
  const secret = randomBytes(hash === 'SHA-1' ? 20 : hash === 'SHA-256' ? 32 : 64);
  const sealed = pii.encrypt(secret.toString('base64'), 'token.seed:SW1');
  const code = totpAtStep(secret, timeStep(T0, params) + 1, params);
  const r = time(() => {
    const seed = openSeed(pii, { serial: 'SW1', seed_sealed: sealed });
    if (checkTotp(seed, code, T0, params, { drift: 0, lastStep: null }).kind !== 'accepted') throw new Error('bench code refused');
  });
  rate(`  checkTotp ${hash}`, r.n, r.ms);
}

async function withStore(name: string, opened: OpenedDatabase, devices: number): Promise<void> {
  await migrateToLatest(opened.db);
  const deps: TokenDeps = { db: opened.db, pii, random: secureRandom };
  const tokens: SoftwareToken[] = Array.from({ length: devices }, () => createSoftwareToken(secureRandom));
  await importPskcFile(deps, writePskc(tokens.map((t) => ({ serial: t.serial, secret: t.secret, params: t.params }))), { kind: 'code-display', now: T0 });
  for (const [i, t] of tokens.entries()) await activateToken(deps, { identityId: `bench-${i}`, serial: t.serial, code: codeAt(t.secret, T0), now: T0 });

  // each check is a new accepted code (the clock moves on one step per round), so every one writes
  let round = 0;
  const verifyRound = async (parallel: number): Promise<void> => {
    round++;
    const now = new Date(T0.getTime() + round * 30_000);
    await Promise.all(tokens.slice(0, parallel).map((t, i) => verifyTokenCode(deps, { identityId: `bench-${i}`, code: codeAt(t.secret, now), now })));
  };
  for (const parallel of [1, devices]) {
    let n = 0;
    const t = performance.now();
    while (performance.now() - t < 2000) {
      await verifyRound(parallel);
      n += parallel;
    }
    rate(`  ${name}: ${parallel === 1 ? 'one device at a time' : `${parallel} devices in parallel`}`, n, performance.now() - t);
  }
  // and a replayed code: read, check, refuse, nothing written
  const replayAt = new Date(T0.getTime() + round * 30_000);
  const replay = codeAt(tokens[0]!.secret, replayAt);
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < 1000) {
    await verifyTokenCode(deps, { identityId: 'bench-0', code: replay, now: replayAt }).catch(() => undefined);
    n++;
  }
  rate(`  ${name}: replayed code (refused, no write)`, n, performance.now() - t);
}

console.log('\nwith the database round trip (one transaction per check, version-checked save):');
const dir = mkdtempSync(join(tmpdir(), 'openmitid-bench-totp-'));
const sqlite = await openDatabase({ dataDir: dir });
try {
  await withStore('SQLite', sqlite, 8);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}

let pg: Awaited<ReturnType<typeof createPgDatabase>> | undefined;
try {
  pg = await createPgDatabase();
} catch {
  console.log('  PostgreSQL: not reachable (set OPENMITID_TEST_PG_URL), skipped');
}
if (pg) {
  const opened = await openDatabase({ databaseUrl: pg.url, dataDir: tmpdir(), poolSize: 10 });
  try {
    await withStore('PostgreSQL', opened, 16);
  } finally {
    await opened.close();
    await pg.drop();
  }
}
