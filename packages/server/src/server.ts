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
import { createRateLimiter, createRedisRateLimiter, type RateLimiter } from './infra/ratelimit/index.js';
import { createSmsSender } from './infra/sms/index.js';
import { smsConfigOf } from './infra/sms-config.js';
import { createTablePersonRegister } from './identity/person-register.js';
import { createDocumentCheck } from './proofing/document.js';
import type { Services } from './services.js';
import type { FaceVerifier } from './proofing/face/port.js';
import { purgeExpiredFlows } from './flows/enrolment/store.js';
import { ConfigError } from './config.js';

export interface Server {
  app: FastifyInstance;
  services: Services;
  /** listens on config.host:config.port; resolves with the base URL */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export type ServiceOverrides = Partial<Omit<Services, 'config' | 'db' | 'dialect'>> & { trust?: TrustStore };

const PII_KEY_FILE = 'pii.keys';
const PURGE_INTERVAL_MS = 15 * 60 * 1000;

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

/** The face verifier the settings ask for; its engine is loaded only when used. */
async function faceVerifierOf(config: Config): Promise<FaceVerifier | undefined> {
  if (config.faceVerifier === 'off') return undefined;
  if (config.faceVerifier !== 'local') throw new ConfigError(`OPENMITID_FACE_VERIFIER: unknown verifier ${config.faceVerifier}`);
  const { createFaceVerifier } = await import('./proofing/face/port.js');
  return createFaceVerifier();
}

export async function createServer(config: Config, overrides: ServiceOverrides = {}, appOptions: AppOptions = {}): Promise<Server> {
  let onIdleError = (_err: Error): void => {};
  const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, onIdleError: (err) => onIdleError(err) });
  try {
    await migrateToLatest(opened.db);
    const clock = overrides.clock ?? systemClock;
    const pii = overrides.pii ?? piiCipherOf(config);
    const sms = overrides.sms ? { send: overrides.sms.send.bind(overrides.sms), close: async () => {} } : createSmsSender(smsConfigOf(config), opened.db, clock);
    const trust = overrides.trust ?? (await loadTrustStore(config.trustStore));
    const hashKey = (k: string) => pii.lookupHash(k, 'rate-limit');
    let onRedisError = (_err: Error): void => {};
    let redis: { quit(): Promise<unknown> } | undefined;
    let limiter: RateLimiter;
    if (overrides.limiter) limiter = overrides.limiter;
    else if (config.redisUrl) {
      const { Redis } = await import('ioredis');
      const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
      // ioredis reconnects by itself; a refused limit check fails the request meanwhile
      client.on('error', (err: Error) => onRedisError(err));
      redis = client;
      limiter = createRedisRateLimiter(client, { hashKey });
    } else limiter = createRateLimiter({ hashKey });
    const face = 'face' in overrides ? overrides.face : await faceVerifierOf(config);
    const services: Services = {
      config,
      db: opened.db,
      dialect: opened.dialect,
      clock,
      random: overrides.random ?? secureRandom,
      pii,
      audit: overrides.audit ?? createAuditLog(),
      limiter,
      sms,
      people: overrides.people ?? createTablePersonRegister(pii),
      checkDocument: overrides.checkDocument ?? createDocumentCheck(trust),
      face,
    };
    const app = await buildApp(services, appOptions);
    onRedisError = (err) => app.log.warn({ err: err.message }, 'redis unavailable');
    onIdleError = (err) => app.log.warn({ err: err.message }, 'database closed an idle connection');
    if (config.faceDevBypass && !services.face) {
      app.log.warn('OPENMITID_FACE_DEV_BYPASS is ON: the face step is skipped and identities are marked unverified. Never in production.');
    }
    // housekeeping: every instance may run it, the deletes are idempotent
    const purge = setInterval(() => {
      purgeExpiredFlows(services.db, clock.now()).catch((err: unknown) => app.log.error({ err }, 'purging expired flows failed'));
    }, PURGE_INTERVAL_MS);
    purge.unref();
    return {
      app,
      services,
      async listen() {
        return app.listen({ host: config.host, port: config.port });
      },
      async close() {
        clearInterval(purge);
        await app.close();
        await sms.close();
        await redis?.quit();
        await opened.close();
      },
    };
  } catch (e) {
    await opened.close();
    throw e;
  }
}
