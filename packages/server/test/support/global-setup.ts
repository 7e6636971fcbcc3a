/**
 * Vitest globalSetup: makes sure the local PostgreSQL the store tests use is running.
 * Tests create (and drop) their own databases in it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { PG_ADMIN_URL } from './db.js';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export default async function setup(): Promise<void> {
  if (await reachable()) return;
  const versions = readdirSync('/etc/postgresql');
  for (const v of versions) {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start'], { stdio: 'inherit' });
  }
  for (let i = 0; i < 50; i++) {
    if (await reachable()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}`);
}
