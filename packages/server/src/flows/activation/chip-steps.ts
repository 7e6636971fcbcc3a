/**
 * The chip path ("Kodeviser, kodeoplæser eller chip" → chip): a FIDO security key used with
 * the password. `chip-options` gives the WebAuthn registration options (a new ceremony, its
 * challenge chosen by the server); `chip` takes the key's answer and the new password twice,
 * and stores the key and the password together with the flow step.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { listChips, registerChipIn, startChipRegistration, type ChipDeps } from '../../authenticators/chip/index.js';
import { enginesOf } from './engines.js';
import { advance, type ActivationFlow } from './flow.js';
import { requireActiveIdentity } from './identity.js';
import { refuseAfterCommit, type ActivationOutcome } from './runner.js';

async function chipDepsOf(s: Services): Promise<ChipDeps> {
  const e = await enginesOf(s);
  if (!e.chip) throw new ApiError('FIDO_NOT_CONFIGURED', 'chips need OPENMITID_PUBLIC_URL (the WebAuthn relying party)');
  return e.chip;
}

/** One chip per identity: refused here before a ceremony is made, and again under the identity lock when the key is stored. */
async function requireNoChip(deps: ChipDeps, identityId: string): Promise<void> {
  if ((await listChips(deps.db, identityId)).length > 0) throw new ApiError('FIDO_ALREADY_HAS_ONE', 'the identity already has a chip');
}

export function chipOptionsStep(s: Services, answer: (options: PublicKeyCredentialCreationOptionsJSON) => void) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const deps = await chipDepsOf(s);
    const identity = await requireActiveIdentity(s.db, flow.data.identityId);
    await requireNoChip(deps, flow.data.identityId);
    return {
      next: advance(flow, 'method_chosen', {}, now),
      write: async (trx) => {
        // options asked for again: the earlier ceremony can no longer be answered
        if (flow.data.chipCeremonyId) await trx.deleteFrom('fido_ceremonies').where('id', '=', flow.data.chipCeremonyId).execute();
        const started = await startChipRegistration({ ...deps, db: trx }, { identityId: flow.data.identityId, userName: identity.userId, now });
        answer(started.options);
        return { chipCeremonyId: started.ceremonyId };
      },
    };
  };
}

export function chipStep(s: Services, credential: unknown, password: string, repeat: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const deps = await chipDepsOf(s);
    const e = await enginesOf(s);
    const identity = await requireActiveIdentity(s.db, flow.data.identityId);
    const ceremonyId = flow.data.chipCeremonyId;
    if (!ceremonyId) throw new ApiError('FLOW_STEP_OUT_OF_ORDER', 'ask for the registration options first');
    // the password rules and argon2id first, outside the transaction: a refused password uses up nothing
    const prepared = await e.passwords.prepare({ identityId: flow.data.identityId, userId: identity.userId, password, repeat, now });
    return {
      next: advance(flow, 'completed', { chipCeremonyId: undefined }, now),
      write: async (trx) => {
        const verdict = await registerChipIn(trx, deps, { identityId: flow.data.identityId, ceremonyId, response: credential, now, onePerIdentity: true });
        // a refused key has used up its ceremony (a challenge answers once): new options are needed
        if ('refusal' in verdict) return refuseAfterCommit(verdict.refusal);
        await e.passwords.store(prepared, trx);
      },
      taken: new ApiError('FIDO_CREDENTIAL_EXISTS', 'this key is already registered'),
      event: 'authenticator.activated',
    };
  };
}
