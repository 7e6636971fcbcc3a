import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAuditLog } from '../src/infra/audit/index.js';
import { createRateLimiter } from '../src/infra/ratelimit/index.js';
import { stores, type TestStore } from './support/db.js';

const child = fileURLToPath(new URL('./infra-crash-child.ts', import.meta.url));

/** Starts the writer, kills it with SIGKILL once it has committed `n` transactions; returns how many it reported. */
function runAndKill(args: string[], n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      committed += chunk.split('\n').filter((l) => l === 'committed').length;
      if (committed >= n && p.exitCode === null && !p.killed) p.kill('SIGKILL');
    });
    p.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(committed) : reject(new Error(`writer ended on its own: ${stderr}`))));
  });
}

describe.each(stores)('killed in the middle of writing, on $name', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps every committed audit entry and counter, and an unbroken chain', async () => {
    const reported = await runAndKill([store.dataDir, ...(store.url ? [store.url] : [])], 60);
    const result = await createAuditLog().verify(store.db);
    expect(result.ok).toBe(true);
    // every transaction the writer saw commit is there; one more may have committed before its line was read
    expect(result.count).toBeGreaterThanOrEqual(reported);
    expect(result.count).toBeLessThanOrEqual(reported + 3);
    // counter and audit entry were written in one transaction: never one without the other
    const peek = await createRateLimiter().peek(store.db, 'crash-test', 1_000_000, new Date('2026-11-25T10:00:00.000Z'));
    expect(1_000_000 - peek.remaining).toBe(result.count);
    // and the store takes new appends after the crash
    await createAuditLog().append(store.db, { type: 'after.crash', outcome: 'info' }, new Date('2026-11-25T10:01:00.000Z'));
    expect(await createAuditLog().verify(store.db)).toEqual({ ok: true, count: result.count + 1 });
  });
});
