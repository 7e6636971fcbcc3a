/**
 * Opens the store: embedded SQLite in the data folder by default, PostgreSQL when a
 * database URL is given. Both behind one Kysely<Database>.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type { Database } from './schema.js';
export type Dialect = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** postgres://… — when set, PostgreSQL is used instead of SQLite */
  databaseUrl?: string | undefined;
  /** folder for the SQLite file `openmitid.sqlite` */
  dataDir: string;
  /** PostgreSQL pool size (default 10) */
  poolSize?: number;
  /** told when the database ends an idle connection (the pool replaces it) */
  onIdleError?: (err: Error) => void;
}

export const SQLITE_FILE = 'openmitid.sqlite';

export async function openDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      // COUNT(*) and BIGINT come back as strings by default; every count we take fits a number.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the database ends (a restart, a failover, an operator's terminate) is
    // reported on the pool; unheard, that event would end the process. The pool has already
    // dropped the broken connection and the next query opens a new one.
    pool.on('error', (err) => config.onIdleError?.(err));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = new SqliteDatabase(join(config.dataDir, SQLITE_FILE));
  file.pragma('journal_mode = WAL');
  file.pragma('foreign_keys = ON');
  // another process (the CLI) may hold the write lock for a moment
  file.pragma('busy_timeout = 5000');
  file.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Runs every migration not yet applied, in name order; throws the first failure. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
