/** The app authenticator (issue 4 §1–3): device keys, PIN by OPAQUE, activation, copy to another device. */
import type { Kysely } from 'kysely';
import { secureRandom, type RandomSource } from '@openmitid/mrtd';
import type { Database } from '../../infra/db/index.js';
import { CopySessions } from './copy-session.js';
import { AppPins } from './pin.js';
import type { AppAuthenticatorSettings } from './settings.js';
import { AppStore } from './store.js';
import { TempPins } from './temp-pin.js';

export * from './settings.js';
export * from './device-signature.js';
export * from './store.js';
export * from './temp-pin.js';
export * from './pin.js';
export * from './copy-qr.js';
export * from './copy-session.js';

/** The four engines over one database, ready for routes to call. */
export interface AppAuthenticatorEngines {
  apps: AppStore;
  pins: AppPins;
  tempPins: TempPins;
  copies: CopySessions;
}

export function appAuthenticatorEngines(db: Kysely<Database>, settings: AppAuthenticatorSettings, random: RandomSource = secureRandom): AppAuthenticatorEngines {
  return {
    apps: new AppStore(db, random, settings.maxActiveApps),
    pins: new AppPins(db, random, settings),
    tempPins: new TempPins(db, random, settings),
    copies: new CopySessions(db, random, settings),
  };
}
