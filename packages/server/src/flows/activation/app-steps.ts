/**
 * The app path of activation ("På denne telefon", or another device): device key → temporary
 * PIN by SMS → personal PIN by OPAQUE → biometrics → notifications → the app is active.
 */
import type { ActivationMethod } from '@openmitid/api';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { appAuthenticatorEngines, countActiveApps, loadAppRow, parseDevicePublicKey } from '../../authenticators/app/index.js';
import { enginesOf } from './engines.js';
import { advance, type ActivationFlow } from './flow.js';
import { phoneOf, requireActiveIdentity } from './identity.js';
import { refuseAfterCommit, type ActivationOutcome } from './runner.js';

const unb64u = (t: string) => new Uint8Array(Buffer.from(t, 'base64url'));

/** Temporary PINs one activation flow may ask for. */
const MAX_TEMP_PINS_PER_FLOW = 5;

export function methodStep(s: Services, method: ActivationMethod) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    await requireActiveIdentity(s.db, flow.data.identityId);
    return { next: advance(flow, 'method_chosen', { method }, now) };
  };
}

function appId(flow: ActivationFlow): string {
  if (!flow.data.appId) throw new ApiError('FLOW_STEP_OUT_OF_ORDER', 'no device key registered');
  return flow.data.appId;
}

/**
 * Registers the device's public key (a pending app) and sends a temporary PIN by SMS. Asked
 * again, with the same key, it sends a new temporary PIN (throttled per flow).
 */
export function deviceKeyStep(s: Services, publicKeySpki: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    const identity = await requireActiveIdentity(s.db, flow.data.identityId);
    const spki = unb64u(publicKeySpki);
    parseDevicePublicKey(spki);
    if (flow.data.appId) {
      const existing = await loadAppRow(s.db, flow.data.appId);
      if (existing.public_key_spki !== Buffer.from(spki).toString('base64url')) throw new ApiError('APP_KEY_INVALID', 'a flow activates one device key');
    }
    // refused before any SMS goes out; the activation itself checks again under the identity lock
    if ((await countActiveApps(s.db, flow.data.identityId)) >= e.appSettings.maxActiveApps) {
      throw new ApiError('APP_LIMIT_REACHED', 'the identity already has the most active apps', { max: e.appSettings.maxActiveApps });
    }
    const sent = await s.limiter.hit(s.db, `temp-pin:${flow.id}`, MAX_TEMP_PINS_PER_FLOW, 3600, now);
    if (!sent.allowed) throw new ApiError('RATE_LIMITED', 'no more temporary PINs for this flow', { retryAfterSeconds: sent.retryAfterSeconds });
    let code = '';
    const challenge = flow.data.challenge ?? Buffer.from(s.random(32)).toString('base64url');
    return {
      next: advance(flow, 'temp_pin_sent', { challenge }, now),
      write: async (trx) => {
        const engines = appAuthenticatorEngines(trx, e.appSettings, s.random);
        const id = flow.data.appId ?? (await engines.apps.register({ identityId: flow.data.identityId, publicKeySpki: spki, now })).id;
        const issued = await engines.tempPins.issue(id, now);
        code = issued.code;
        return { appId: id, tempPinExpiresAt: issued.expiresAt.toISOString() };
      },
      afterCommit: async () => {
        await s.sms.send({ to: phoneOf(s, flow.data.identityId, identity.phoneSealed), text: s.config.tempPinTemplate.replace('{code}', code) });
      },
    };
  };
}

/**
 * Checks the temporary PIN in the flow's transaction: a right one is used up together with the
 * step; a wrong one is counted and that count committed before the refusal.
 */
export function tempPinStep(s: Services, code: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    const id = appId(flow);
    return {
      next: advance(flow, 'temp_pin_verified', { tempPinExpiresAt: undefined }, now),
      write: async (trx) => {
        const refusal = await appAuthenticatorEngines(trx, e.appSettings, s.random).tempPins.attempt(id, code, now);
        if (refusal) return refuseAfterCommit(refusal);
      },
    };
  };
}

/** Step 2 of OPAQUE registration; changes nothing, so the device may start over (e.g. the PIN was repeated wrongly). */
export function pinRegistrationStep(s: Services, registrationRequest: string, answer: (response: string) => void) {
  return async (flow: ActivationFlow): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    answer(await e.app.pins.registrationResponse(appId(flow), registrationRequest));
    return {};
  };
}

export function pinStep(s: Services, registrationRecord: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    const id = appId(flow);
    return {
      next: advance(flow, 'pin_set', {}, now),
      write: async (trx) => {
        await appAuthenticatorEngines(trx, e.appSettings, s.random).pins.setPin(id, registrationRecord, now);
      },
    };
  };
}

export function biometricsStep(enabled: boolean) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => ({ next: advance(flow, 'biometrics_chosen', { biometrics: enabled }, now) });
}

/**
 * The last step: the device signs the flow's challenge with its key and the app becomes
 * active (the engine enforces the active-app limit under the identity lock).
 */
export function notificationsStep(s: Services, pushSubscription: unknown, signature: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    await requireActiveIdentity(s.db, flow.data.identityId);
    if (!flow.data.challenge) throw new ApiError('FLOW_STEP_OUT_OF_ORDER', 'no activation challenge');
    const input = {
      appId: appId(flow),
      challenge: unb64u(flow.data.challenge),
      signature: unb64u(signature),
      biometrics: flow.data.biometrics ?? false,
      pushSubscription,
      now,
    };
    return {
      next: advance(flow, 'completed', {}, now),
      write: async (trx) => {
        await appAuthenticatorEngines(trx, e.appSettings, s.random).apps.activateIn(trx, flow.data.identityId, input);
      },
      event: 'authenticator.activated',
    };
  };
}
