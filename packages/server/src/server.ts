/**
 * Start-up: settings → storage (migrated) → ports → the Fastify app. `close` undoes it all.
 * Tests and the CLI call this; they may replace any service (a fixed clock, a face verifier).
 */
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { secureRandom, TrustStore } from '@openmitid/mrtd';
import type { Config } from './config.js';
import { buildApp, type AppOptions } from './app.js';
import { migrateToLatest, openDatabase } from './infra/db/index.js';
import { systemClock } from './infra/clock.js';
import { createPiiCipher, parsePiiKeys, type PiiCipher } from './infra/pii/index.js';
import { createAuditLog } from './infra/audit/index.js';
import { createRateLimiter } from './infra/ratelimit/index.js';
import { createSmsSender } from './infra/sms/index.js';
import { smsConfigOf } from './infra/sms-config.js';
import { createTablePersonRegister } from './identity/person-register.js';
import { createDocumentCheck } from './proofing/document.js';
import type { Services } from './services.js';

export interface Server {
  app: FastifyInstance;
  services: Services;
  /** listens on config.host:config.port; resolves with the base URL */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export type ServiceOverrides = Partial<Omit<Services, 'config' | 'db' | 'dialect'>> & { trust?: TrustStore };

const PII_KEY_FILE = 'pii.keys';

/** OPENMITID_PII_KEYS, or (development) a key generated once into the data folder. */
function piiCipherOf(config: Config): PiiCipher {
  let setting = config.piiKeys;
  if (!setting) {
    const file = join(config.dataDir, PII_KEY_FILE);
    if (!existsSync(file)) {
      writeFileSync(file, `dev1:${Buffer.from(secureRandom(32)).toString('base64')}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    setting = readFileSync(file, 'utf8').trim();
  }
  const { current, previous } = parsePiiKeys(setting);
  const lookupKey = config.piiLookupKey ? new Uint8Array(Buffer.from(config.piiLookupKey, 'base64')) : undefined;
  return createPiiCipher({ current, previous, ...(lookupKey ? { lookupKey } : {}) });
}

/** Files named in OPENMITID_TRUST_STORE; a folder stands for every file in it. */
export async function loadTrustStore(paths: string[]): Promise<TrustStore> {
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).sort().map((f) => join(p, f)) : [p]));
  return TrustStore.fromFiles(files);
}

export async function createServer(config: Config, overrides: ServiceOverrides = {}, appOptions: AppOptions = {}): Promise<Server> {
  const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    await migrateToLatest(opened.db);
    const clock = overrides.clock ?? systemClock;
    const pii = overrides.pii ?? piiCipherOf(config);
    const sms = overrides.sms ? { send: overrides.sms.send.bind(overrides.sms), close: async () => {} } : createSmsSender(smsConfigOf(config), opened.db, clock);
    const trust = overrides.trust ?? (await loadTrustStore(config.trustStore));
    const services: Services = {
      config,
      db: opened.db,
      dialect: opened.dialect,
      clock,
      random: overrides.random ?? secureRandom,
      pii,
      audit: overrides.audit ?? createAuditLog(),
      limiter: overrides.limiter ?? createRateLimiter({ hashKey: (k: string) => pii.lookupHash(k, 'rate-limit') }),
      sms,
      people: overrides.people ?? createTablePersonRegister(pii),
      checkDocument: overrides.checkDocument ?? createDocumentCheck(trust),
      face: overrides.face,
    };
    const app = await buildApp(services, appOptions);
    if (config.faceDevBypass && !services.face) {
      app.log.warn('OPENMITID_FACE_DEV_BYPASS is ON: the face step is skipped and identities are marked unverified. Never in production.');
    }
    return {
      app,
      services,
      async listen() {
        return app.listen({ host: config.host, port: config.port });
      },
      async close() {
        await app.close();
        await sms.close();
        await opened.close();
      },
    };
  } catch (e) {
    await opened.close();
    throw e;
  }
}
