/**
 * Every setting of the server, read from the environment, in one table. Each entry says
 * what it does and holds its default; defaults are the safe choice for one instance on a
 * laptop (SQLite in ./data, no face bypass, only Danish passports).
 */

import { LOGIN_SETTINGS } from './login/settings.js';

export interface CountryOption {
  /** ISO 3166-1 alpha-2 code shown to the user (DK, GL, FO) */
  code: string;
  /** issuing State code expected in the MRZ (DNK for all three) */
  mrzIssuer: string;
}

function bool(raw: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`not a boolean: ${raw}`);
}

function int(min: number, max: number) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw)) throw new Error(`not a whole number: ${raw}`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}`);
    return n;
  };
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function countries(raw: string): CountryOption[] {
  return list(raw).map((item) => {
    const m = /^([A-Z]{2}):([A-Z]{1,3})$/.exec(item.toUpperCase());
    if (!m) throw new Error(`a country is written CC:ISS (e.g. GL:DNK), got ${item}`);
    return { code: m[1]!, mrzIssuer: m[2]! };
  });
}

function text(raw: string): string {
  return raw;
}

interface Setting<T> {
  env: string;
  doc: string;
  default: T;
  parse(raw: string): T;
}

function setting<T>(env: string, doc: string, def: T, parse: (raw: string) => T): Setting<T> {
  return { env, doc, default: def, parse };
}

export const SETTINGS = {
  host: setting('OPENMITID_HOST', 'Address the HTTP server listens on.', '127.0.0.1', text),
  port: setting('OPENMITID_PORT', 'TCP port of the HTTP server (0 picks a free one).', 8080, int(0, 65535)),
  trustProxy: setting('OPENMITID_TRUST_PROXY', 'Take the client address from X-Forwarded-For (only behind a proxy you run).', false, bool),
  webDir: setting('OPENMITID_WEB_DIR', 'A folder with the built web app (packages/web/dist) to serve at the root; empty serves none.', '', text),
  publicUrl: setting('OPENMITID_PUBLIC_URL', 'The URL devices reach the server at (for links and the OpenAPI document).', '', text),
  dataDir: setting('OPENMITID_DATA_DIR', 'Folder for the SQLite database and generated development keys.', './data', text),
  databaseUrl: setting<string | undefined>('DATABASE_URL', 'postgres://… URL; when set PostgreSQL is used instead of SQLite.', undefined, text),
  databasePoolSize: setting('OPENMITID_DB_POOL_SIZE', 'PostgreSQL connections per instance.', 10, int(1, 200)),
  redisUrl: setting<string | undefined>('REDIS_URL', 'redis://… URL; when set, rate limits are kept in Redis (shared by instances).', undefined, text),
  piiKeys: setting<string | undefined>(
    'OPENMITID_PII_KEYS',
    'Keys sealing personal data at rest, "kid:<base64 32 bytes>,oldkid:<…>" (first is current). ' +
      'Unset: a key is generated once into <data dir>/pii.keys (development only).',
    undefined,
    text,
  ),
  piiLookupKey: setting<string | undefined>(
    'OPENMITID_PII_LOOKUP_KEY',
    'Base64 key (32+ bytes) for look-up hashes of document and phone numbers; never rotate it. Unset: derived from the current PII key.',
    undefined,
    text,
  ),
  trustStore: setting('OPENMITID_TRUST_STORE', 'Comma-separated CSCA certificate files (DER or PEM) or folders of them.', [] as string[], list),
  allowedIssuers: setting('OPENMITID_ALLOWED_ISSUERS', 'Comma-separated MRZ issuing State codes accepted.', ['DNK'], list),
  countries: setting(
    'OPENMITID_COUNTRIES',
    'Countries offered for the passport, "CC:ISS" each (alpha-2 shown : MRZ issuer).',
    [
      { code: 'DK', mrzIssuer: 'DNK' },
      { code: 'GL', mrzIssuer: 'DNK' },
      { code: 'FO', mrzIssuer: 'DNK' },
    ] as CountryOption[],
    countries,
  ),
  termsVersion: setting('OPENMITID_TERMS_VERSION', 'Version of the terms a user must accept; recorded on the identity.', '2026-11', text),
  flowTtlSeconds: setting('OPENMITID_FLOW_TTL_SECONDS', 'Lifetime of an enrolment flow.', 1800, int(60, 86_400)),
  faceVerifier: setting(
    'OPENMITID_FACE_VERIFIER',
    'off (the face step answers FACE_NOT_CONFIGURED) or local (the built-in face match and liveness check; loads its models at start-up).',
    'off',
    text,
  ),
  faceDevBypass: setting(
    'OPENMITID_FACE_DEV_BYPASS',
    'DEVELOPMENT ONLY: skip the face step when no face verifier is configured; identities are marked unverified.',
    false,
    bool,
  ),
  faceMaxAttempts: setting('OPENMITID_FACE_MAX_ATTEMPTS', 'Failed face attempts per enrolment flow; the last one ends the flow (FACE_ATTEMPTS_EXHAUSTED).', 3, int(1, 10)),
  faceChallengeTtlSeconds: setting('OPENMITID_FACE_CHALLENGE_TTL_SECONDS', 'How long a liveness challenge may be answered.', 120, int(15, 900)),
  faceRetainImages: setting(
    'OPENMITID_FACE_RETAIN_IMAGES',
    'Keep the chip photo and camera frames of each face attempt, sealed, on its proofing record (off: only scores and verdicts are kept).',
    false,
    bool,
  ),
  faceImageRetentionDays: setting('OPENMITID_FACE_IMAGE_RETENTION_DAYS', 'Days retained face images are kept before they are erased.', 30, int(1, 3650)),
  smsCodeTtlSeconds: setting('OPENMITID_SMS_CODE_TTL_SECONDS', 'How long a phone validation code is valid.', 600, int(60, 3600)),
  smsCodeMaxAttempts: setting('OPENMITID_SMS_CODE_MAX_ATTEMPTS', 'Wrong tries before a new code is needed.', 3, int(1, 10)),
  smsResendSeconds: setting('OPENMITID_SMS_RESEND_SECONDS', 'Least time between two codes for one flow.', 60, int(0, 3600)),
  smsPerNumberPerHour: setting('OPENMITID_SMS_PER_NUMBER_PER_HOUR', 'Codes sent to one phone number per hour, across flows.', 5, int(1, 1000)),
  smsTemplate: setting('OPENMITID_SMS_TEMPLATE', 'Text of the validation SMS; {code} is replaced by the code.', 'OpenMitID: {code}', text),
  smsAdapter: setting('OPENMITID_SMS_ADAPTER', 'outbox (development: stored, readable by `openmitid sms outbox`), http or smpp.', 'outbox', text),
  smsFrom: setting('OPENMITID_SMS_FROM', 'Sender name or number of the SMS (http and smpp adapters).', 'OpenMitID', text),
  smsHttpUrl: setting('OPENMITID_SMS_HTTP_URL', 'http adapter: the provider endpoint that takes {to, from, text} as JSON.', '', text),
  smsHttpToken: setting<string | undefined>('OPENMITID_SMS_HTTP_TOKEN', 'http adapter: bearer token for the provider.', undefined, text),
  smppUrl: setting('OPENMITID_SMPP_URL', 'smpp adapter: smpp://system_id:password@host:port of the SMSC.', '', text),
  devEndpoints: setting('OPENMITID_DEV_ENDPOINTS', 'DEVELOPMENT ONLY: serve /dev/sms-outbox (the outbox adapter\'s messages, codes in the clear).', false, bool),
  userIdChecksPerFlow: setting('OPENMITID_USER_ID_CHECKS_PER_FLOW', 'User-ID availability checks per flow per hour.', 20, int(1, 1000)),
  startsPerMinute: setting('OPENMITID_FLOW_STARTS_PER_MINUTE', 'Enrolment flows started per client address per minute.', 30, int(1, 100_000)),
  opaqueServerSetup: setting<string | undefined>(
    'OPENMITID_OPAQUE_SERVER_SETUP',
    'OPAQUE server setup (OPRF seed + static key) for app PINs, from `opaque.server.createSetup()`. Never store it in the database. ' +
      'Unset: generated once into <data dir>/opaque.setup (development only).',
    undefined,
    text,
  ),
  tempPinKey: setting<string | undefined>(
    'OPENMITID_TEMP_PIN_KEY',
    'Base64 key (32+ bytes) of the HMAC temporary PINs are stored under. Unset: generated once into <data dir>/temp-pin.key (development only).',
    undefined,
    text,
  ),
  pinSuspendAfter: setting('OPENMITID_PIN_SUSPEND_AFTER', 'Wrong app PINs in a row before the app is suspended for a while.', 5, int(1, 100)),
  pinSuspendSeconds: setting('OPENMITID_PIN_SUSPEND_SECONDS', 'How long each app PIN suspension lasts.', 3600, int(1, 7 * 86_400)),
  pinReactivationAfter: setting('OPENMITID_PIN_REACTIVATION_AFTER', 'Wrong app PINs in a row after which the app must be activated again.', 10, int(1, 1000)),
  maxActiveApps: setting('OPENMITID_MAX_ACTIVE_APPS', 'Active apps one identity may have.', 3, int(1, 20)),
  tempPinSeconds: setting('OPENMITID_TEMP_PIN_SECONDS', 'Lifetime of a temporary PIN sent by SMS.', 1800, int(60, 86_400)),
  tempPinMaxFailures: setting('OPENMITID_TEMP_PIN_MAX_FAILURES', 'Wrong temporary PINs before it is blocked.', 3, int(1, 10)),
  tempPinTemplate: setting('OPENMITID_TEMP_PIN_TEMPLATE', 'Text of the temporary PIN SMS; {code} is replaced by the 8-digit PIN.', 'OpenMitID midlertidig PIN: {code}', text),
  copySessionSeconds: setting('OPENMITID_COPY_SESSION_SECONDS', 'How long the live copy QR of an app is valid.', 180, int(30, 3600)),
  copySecurityWaitSeconds: setting('OPENMITID_COPY_SECURITY_WAIT_SECONDS', 'No copying of the app this long after the identity\'s authenticators changed.', 3600, int(0, 7 * 86_400)),
  logLevel: setting('OPENMITID_LOG_LEVEL', 'fatal, error, warn, info, debug or silent.', 'info', text),
  // the OpenID Connect provider's settings live with it (login/settings.ts)
  ...LOGIN_SETTINGS,
  bodyLimitBytes: setting('OPENMITID_BODY_LIMIT_BYTES', 'Largest request body accepted (chip files, face frames).', 8 * 1024 * 1024, int(1024, 64 * 1024 * 1024)),
};

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: Settings[K]['default'] };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads every setting from `env`; `overrides` (already typed values) win over the environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
    const raw = env[s.env];
    if (raw === undefined || raw === '') {
      out[key] = s.default;
      continue;
    }
    try {
      out[key] = s.parse(raw);
    } catch (e) {
      throw new ConfigError(`${s.env}: ${(e as Error).message}`);
    }
  }
  return { ...(out as Config), ...overrides };
}

/** The settings table for `openmitid serve --help` and the README. */
export function describeSettings(): { env: string; doc: string; default: string }[] {
  return Object.values(SETTINGS).map((s: Setting<unknown>) => ({
    env: s.env,
    doc: s.doc,
    default: s.default === undefined ? '(unset)' : Array.isArray(s.default) ? s.default.map((v) => (typeof v === 'object' ? `${v.code}:${v.mrzIssuer}` : v)).join(',') : String(s.default),
  }));
}
