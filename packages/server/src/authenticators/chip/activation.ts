/**
 * Activating a chip (issue 4 §4–5): a new password twice and a registered security key, in
 * that order of checks, so a refused password leaves neither a key nor a used ceremony behind,
 * and the key and the password are stored in one transaction: a refused key leaves no
 * password. The caller's flow has proven who the citizen is.
 */
import type { Passwords } from '../password/index.js';
import type { ChipDeps, FidoCredential } from './credentials.js';
import { inOwnTransaction, registerChipIn } from './registration.js';

export interface ActivateChipInput {
  identityId: string;
  /** the identity's user-ID (the password may not contain it) */
  userId: string;
  password: string;
  repeat: string;
  ceremonyId: string;
  /** the browser's RegistrationResponseJSON, untrusted */
  response: unknown;
  now: Date;
}

/** Refusals: the password rules' codes (nothing consumed), then finishChipRegistration's; one chip per identity. */
export async function activateChip(deps: ChipDeps, passwords: Passwords, input: ActivateChipInput): Promise<FidoCredential> {
  // argon2 before the transaction, which then stays short
  const password = await passwords.prepare(input);
  const verdict = await inOwnTransaction(deps, async (trx) => {
    const v = await registerChipIn(trx, deps, { ...input, onePerIdentity: true });
    if ('credential' in v) await passwords.store(password, trx);
    return v;
  });
  if ('refusal' in verdict) throw verdict.refusal;
  return verdict.credential;
}
