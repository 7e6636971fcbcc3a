/**
 * Everything the routes need, built once at start-up (server.ts) and passed in: storage,
 * time, randomness, and the ports to the outside world. Tests build their own.
 */
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import type { Config } from './config.js';
import type { Database, Dialect } from './infra/db/index.js';
import type { Clock } from './infra/clock.js';
import type { PiiCipher } from './infra/pii/index.js';
import type { AuditLog } from './infra/audit/index.js';
import type { RateLimiter } from './infra/ratelimit/index.js';
import type { SmsSender } from './infra/sms/index.js';
import type { PersonRegister } from './identity/person-register.js';
import type { DocumentCheck } from './proofing/document.js';
import type { FaceVerifier } from './proofing/face/port.js';

export interface Services {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  random: RandomSource;
  pii: PiiCipher;
  audit: AuditLog;
  limiter: RateLimiter;
  sms: SmsSender;
  people: PersonRegister;
  checkDocument: DocumentCheck;
  /** undefined until a face verifier is configured: the face step then answers FACE_NOT_CONFIGURED */
  face: FaceVerifier | undefined;
}
