import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../../server/src/config.js';
import { openDatabase, SQLITE_FILE, type Database } from '../../../server/src/infra/db/index.js';

/**
 * Runs `work` against the database the server uses, found from the same settings (DATABASE_URL,
 * OPENMITID_DATA_DIR or --data-dir, …). Never creates a database: a missing SQLite file is an error, because it
 * almost always means the command ran in the wrong folder or with the wrong settings.
 */
export async function withConfiguredDatabase<T>(
  work: (db: Kysely<Database>) => Promise<T>,
  dataDir?: string,
  env: Record<string, string | undefined> = process.env,
): Promise<T> {
  const config = loadConfig(env, dataDir ? { dataDir } : {});
  if (!config.databaseUrl && !existsSync(join(config.dataDir, SQLITE_FILE))) {
    throw new Error(`no database at ${join(config.dataDir, SQLITE_FILE)} (set OPENMITID_DATA_DIR or DATABASE_URL as for the server)`);
  }
  const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  try {
    return await work(opened.db);
  } finally {
    await opened.close();
  }
}
