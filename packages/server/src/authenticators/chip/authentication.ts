/**
 * Logging in with a security key (WebAuthn authentication ceremony). The signature is checked
 * by @simplewebauthn/server; the signature counter is judged here, after the signature, so
 * only the real key (or a clone of it) can trip it: a key that keeps a counter must show a
 * higher one every time (WebAuthn L3 §6.1.1). A lower or equal one means two copies of the
 * key are in use, and the credential is suspended.
 */
import { generateAuthenticationOptions, verifyAuthenticationResponse, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { ApiError } from '../../errors.js';
import { checkAssertionRpId, checkClientData } from './binding.js';
import { startCeremony, takeCeremony } from './ceremonies.js';
import { listChips, toCredential, type ChipDeps, type FidoCredential } from './credentials.js';
import { asAuthenticationResponse } from './response-shape.js';

export interface AuthenticationStarted {
  ceremonyId: string;
  /** for navigator.credentials.get({ publicKey: parseRequestOptionsFromJSON(options) }) */
  options: PublicKeyCredentialRequestOptionsJSON;
  expiresAt: Date;
}

/** Refused with FIDO_NOT_REGISTERED when the identity has no active key. */
export async function startChipAuthentication(deps: ChipDeps, input: { identityId: string; now: Date }): Promise<AuthenticationStarted> {
  const active = (await listChips(deps.db, input.identityId)).filter((c) => c.status === 'active');
  if (active.length === 0) throw new ApiError('FIDO_NOT_REGISTERED', 'identity has no active security key');
  const ceremony = await startCeremony(deps.db, deps.random, {
    identityId: input.identityId,
    kind: 'authentication',
    now: input.now,
    seconds: deps.settings.ceremonySeconds,
  });
  const options = await generateAuthenticationOptions({
    rpID: deps.settings.rpId,
    allowCredentials: active.map((c) => ({ id: c.id, transports: c.transports })),
    challenge: new Uint8Array(ceremony.challenge),
    timeout: deps.settings.ceremonySeconds * 1000,
    userVerification: 'discouraged',
  });
  return { ceremonyId: ceremony.id, options, expiresAt: ceremony.expiresAt };
}

export interface FinishChipAuthenticationInput {
  identityId: string;
  ceremonyId: string;
  /** the browser's AuthenticationResponseJSON, untrusted */
  response: unknown;
  now: Date;
}

export interface ChipVerified {
  identityId: string;
  credentialId: string;
  /** the counter now stored */
  counter: number;
  userVerified: boolean;
  at: Date;
}

/**
 * Refusals: VALIDATION_FAILED, FIDO_CEREMONY_NOT_FOUND / _EXPIRED, FIDO_CHALLENGE_MISMATCH,
 * FIDO_ORIGIN_MISMATCH, FIDO_RP_ID_MISMATCH, FIDO_CREDENTIAL_UNKNOWN, FIDO_CREDENTIAL_SUSPENDED,
 * FIDO_RESPONSE_INVALID (bad signature, user not present), FIDO_COUNTER_REGRESSED.
 */
export async function finishChipAuthentication(deps: ChipDeps, input: FinishChipAuthenticationInput): Promise<ChipVerified> {
  const { settings, db } = deps;
  const response = asAuthenticationResponse(input.response);
  const ceremony = await takeCeremony(db, { id: input.ceremonyId, identityId: input.identityId, kind: 'authentication', now: input.now });
  checkClientData(response.response.clientDataJSON, { type: 'webauthn.get', challenge: ceremony.challenge, origins: settings.origins });
  checkAssertionRpId(response.response.authenticatorData, settings.rpId);

  const row = await db.selectFrom('fido_credentials').selectAll().where('id', '=', response.id).where('identity_id', '=', input.identityId).executeTakeFirst();
  if (!row || row.status === 'revoked') throw new ApiError('FIDO_CREDENTIAL_UNKNOWN', 'not a key of this identity');
  if (row.status === 'suspended') throw new ApiError('FIDO_CREDENTIAL_SUSPENDED', 'key suspended (counter regressed)');
  const credential: FidoCredential = toCredential(row);

  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: Buffer.from(ceremony.challenge).toString('base64url'),
      expectedOrigin: settings.origins,
      expectedRPID: settings.rpId,
      // the counter rule is ours (below), judged only once the signature holds
      credential: { id: credential.id, publicKey: new Uint8Array(credential.publicKey), counter: 0, transports: credential.transports },
      requireUserVerification: false,
    });
  } catch (e) {
    throw new ApiError('FIDO_RESPONSE_INVALID', `assertion refused: ${(e as Error).message}`);
  }
  if (!verified.verified) throw new ApiError('FIDO_RESPONSE_INVALID', 'assertion signature invalid');
  const next = verified.authenticationInfo.newCounter;
  const at = input.now.toISOString();

  // Saved only if the counter is still the one we judged against: of two answers racing with
  // one counter value, one wins and the other finds the counter moved and is judged again.
  const regressed = (stored: number): boolean => (next > 0 || stored > 0) && next <= stored;
  if (!regressed(credential.counter)) {
    const saved = await db
      .updateTable('fido_credentials')
      .set({ counter: next, last_used_at: at, updated_at: at })
      .where('id', '=', credential.id)
      .where('status', '=', 'active')
      .where('counter', '=', credential.counter)
      .executeTakeFirst();
    if (saved.numUpdatedRows === 1n) {
      return { identityId: input.identityId, credentialId: credential.id, counter: next, userVerified: verified.authenticationInfo.userVerified, at: input.now };
    }
    const fresh = await db.selectFrom('fido_credentials').select(['counter', 'status']).where('id', '=', credential.id).executeTakeFirstOrThrow();
    if (fresh.status !== 'active') throw new ApiError('FIDO_CREDENTIAL_SUSPENDED', 'key suspended meanwhile');
    if (!regressed(Number(fresh.counter))) {
      // a counter of 0 (the key keeps none) stays 0: the race had nothing to decide
      return { identityId: input.identityId, credentialId: credential.id, counter: Number(fresh.counter), userVerified: verified.authenticationInfo.userVerified, at: input.now };
    }
  }
  await db.updateTable('fido_credentials').set({ status: 'suspended', updated_at: at }).where('id', '=', credential.id).where('status', '=', 'active').execute();
  throw new ApiError('FIDO_COUNTER_REGRESSED', 'signature counter did not increase: possible cloned key', { counter: next });
}
