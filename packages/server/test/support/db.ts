/**
 * The stores every store test runs against (`describe.each(stores)`): a fresh SQLite file
 * in a temporary folder, and a fresh PostgreSQL database on 127.0.0.1:5432 that is
 * dropped again on close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../../src/infra/db/index.js';

export const PG_ADMIN_URL = process.env.OPENMITID_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  db: Kysely<Database>;
  /** closes the store and deletes its data (folder or database) */
  close(): Promise<void>;
  /** the PostgreSQL URL of this test's own database (postgres only) */
  url?: string;
  /** a temporary folder for this test (the SQLite file lives here) */
  dataDir: string;
}

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** a new empty, migrated store */
  open(): Promise<TestStore>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty PostgreSQL database of its own; returns its URL and a function that drops it. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `om_${randomBytes(8).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function tempDir(prefix = 'openmitid-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const stores: StoreKind[] = [
  {
    name: 'sqlite',
    async open() {
      const tmp = tempDir();
      const opened = await openDatabase({ dataDir: tmp.dir });
      await migrateToLatest(opened.db);
      return {
        db: opened.db,
        dataDir: tmp.dir,
        async close() {
          await opened.close();
          tmp.remove();
        },
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      const tmp = tempDir();
      const pgdb = await createPgDatabase();
      const opened = await openDatabase({ databaseUrl: pgdb.url, dataDir: tmp.dir, poolSize: 4 });
      await migrateToLatest(opened.db);
      return {
        db: opened.db,
        url: pgdb.url,
        dataDir: tmp.dir,
        async close() {
          await opened.close();
          await pgdb.drop();
          tmp.remove();
        },
      };
    },
  },
];
