import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../../../server/src/config.js';
import { createPiiCipher, parsePiiKeys, type PiiCipher } from '../../../server/src/infra/pii/index.js';
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

/**
 * The server's PII cipher from the same settings: OPENMITID_PII_KEYS, or the development key file
 * the server generated in its data folder. Unlike the server, never creates a key: a value sealed
 * under a key the server does not have could never be opened again.
 */
export function existingPiiCipher(config: Config): PiiCipher {
  let setting = config.piiKeys;
  if (!setting) {
    const file = join(config.dataDir, 'pii.keys');
    if (!existsSync(file)) throw new Error(`no PII key: set OPENMITID_PII_KEYS or start the server once to create ${file}`);
    setting = readFileSync(file, 'utf8').trim();
  }
  const { current, previous } = parsePiiKeys(setting);
  const lookupKey = config.piiLookupKey ? new Uint8Array(Buffer.from(config.piiLookupKey, 'base64')) : undefined;
  return createPiiCipher({ current, previous, ...(lookupKey ? { lookupKey } : {}) });
}
