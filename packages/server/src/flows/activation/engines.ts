/**
 * The authenticator engines the activation and self-service routes call, built once per
 * Services from the settings. The two app secrets (OPAQUE server setup, temporary-PIN HMAC
 * key) come from the environment or, in development, from files generated once in the data
 * folder, like the PII key: never from the database, which is what they protect.
 */
import { chmodSync, existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as opaque from '@serenity-kit/opaque';
import type { RandomSource } from '@openmitid/mrtd';
import type { Config } from '../../config.js';
import { ConfigError } from '../../config.js';
import type { Services } from '../../services.js';
import { appAuthenticatorEngines, appAuthenticatorSettings, type AppAuthenticatorEngines, type AppAuthenticatorSettings } from '../../authenticators/app/index.js';
import { Passwords, passwordSettings } from '../../authenticators/password/index.js';
import type { TokenDeps } from '../../authenticators/code-display/index.js';
import { chipSettingsFromPublicUrl, type ChipDeps } from '../../authenticators/chip/index.js';

export interface AuthenticatorEngines {
  app: AppAuthenticatorEngines;
  appSettings: AppAuthenticatorSettings;
  passwords: Passwords;
  tokens: TokenDeps;
  /** absent without a public URL: a security key is bound to the origin the user sees */
  chip?: ChipDeps;
}

const OPAQUE_SETUP_FILE = 'opaque.setup';
const TEMP_PIN_KEY_FILE = 'temp-pin.key';

/** Reads `file` in the data folder, writing `make()` into it first when it does not exist (mode 0600). */
function devSecret(config: Config, random: RandomSource, file: string, make: () => string): string {
  const path = join(config.dataDir, file);
  if (!existsSync(path)) {
    // written whole under a private name, then linked into place: of two instances starting
    // together, one link wins and both read the same complete secret
    const tmp = `${path}.${process.pid}.${Buffer.from(random(6)).toString('hex')}`;
    writeFileSync(tmp, `${make()}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    try {
      linkSync(tmp, path);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  return readFileSync(path, 'utf8').trim();
}

export async function appSettingsOf(s: Services): Promise<AppAuthenticatorSettings> {
  const c = s.config;
  await opaque.ready;
  const setup = c.opaqueServerSetup ?? devSecret(c, s.random, OPAQUE_SETUP_FILE, () => opaque.server.createSetup());
  const keyText = c.tempPinKey ?? devSecret(c, s.random, TEMP_PIN_KEY_FILE, () => Buffer.from(s.random(32)).toString('base64'));
  const tempPinKey = new Uint8Array(Buffer.from(keyText, 'base64'));
  try {
    opaque.server.getPublicKey(setup);
  } catch {
    throw new ConfigError('OPENMITID_OPAQUE_SERVER_SETUP: not an OPAQUE server setup');
  }
  try {
    return appAuthenticatorSettings(
      { opaqueServerSetup: setup, tempPinKey },
      {
        pinSuspendAfter: c.pinSuspendAfter,
        pinSuspendSeconds: c.pinSuspendSeconds,
        pinReactivationAfter: c.pinReactivationAfter,
        maxActiveApps: c.maxActiveApps,
        tempPinSeconds: c.tempPinSeconds,
        tempPinMaxFailures: c.tempPinMaxFailures,
        copySessionSeconds: c.copySessionSeconds,
        copySecurityWaitSeconds: c.copySecurityWaitSeconds,
      },
    );
  } catch (e) {
    throw new ConfigError(`app authenticator settings: ${(e as Error).message}`);
  }
}

const built = new WeakMap<Services, Promise<AuthenticatorEngines>>();

/** The engines over `s.db` (one set per Services, so every route shares the same settings). */
export function enginesOf(s: Services): Promise<AuthenticatorEngines> {
  let p = built.get(s);
  if (!p) {
    p = appSettingsOf(s).then((appSettings) => ({
      app: appAuthenticatorEngines(s.db, appSettings, s.random),
      appSettings,
      passwords: new Passwords(s.db, s.random, passwordSettings()),
      tokens: { db: s.db, pii: s.pii, random: s.random },
      ...(s.config.publicUrl ? { chip: { db: s.db, random: s.random, settings: chipSettingsFromPublicUrl(s.config.publicUrl) } } : {}),
    }));
    built.set(s, p);
  }
  return p;
}
