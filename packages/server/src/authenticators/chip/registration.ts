/**
 * Registering a security key (WebAuthn registration ceremony) with @simplewebauthn/server:
 * options with a server-chosen challenge, then the key's attestation checked and its
 * credential stored. Attestation formats 'none', 'packed' (self or full) and 'fido-u2f'
 * (the U2F-era keys) are accepted; the key model is only enforced when attestation roots are
 * configured (attestation-trust.ts). @simplewebauthn/server's own SettingsService roots are
 * left empty: they are process-wide.
 */
import type { Transaction } from 'kysely';
import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import { lockIdentityAuthenticators } from '../app/store.js';
import { checkAttestationTrust } from './attestation-trust.js';
import { checkAttestation, checkClientData } from './binding.js';
import { startCeremony, takeCeremony } from './ceremonies.js';
import { listChips, toCredential, userHandleOf, type ChipDeps, type FidoCredential, type FidoRow } from './credentials.js';
import { asRegistrationResponse } from './response-shape.js';
import type { AttestationFormatName, ChipSettings } from './settings.js';

/** COSE algorithms offered: ES256 (every FIDO key), EdDSA, RS256 (RFC 9053, IANA COSE registry). */
export const CHIP_ALGORITHMS = [-7, -8, -257];

export interface RegistrationStarted {
  ceremonyId: string;
  /** for navigator.credentials.create({ publicKey: parseCreationOptionsFromJSON(options) }) */
  options: PublicKeyCredentialCreationOptionsJSON;
  expiresAt: Date;
}

export async function startChipRegistration(deps: ChipDeps, input: { identityId: string; userName: string; now: Date }): Promise<RegistrationStarted> {
  const { settings } = deps;
  const existing = await listChips(deps.db, input.identityId);
  const ceremony = await startCeremony(deps.db, deps.random, { identityId: input.identityId, kind: 'registration', now: input.now, seconds: settings.ceremonySeconds });
  const options = await generateRegistrationOptions({
    rpName: settings.rpName,
    rpID: settings.rpId,
    userName: input.userName,
    userID: new Uint8Array(userHandleOf(input.identityId)),
    challenge: new Uint8Array(ceremony.challenge),
    timeout: settings.ceremonySeconds * 1000,
    attestationType: settings.attestation,
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    // a roaming key with the password as the knowledge factor: no resident key, no key PIN needed
    authenticatorSelection: { authenticatorAttachment: 'cross-platform', residentKey: 'discouraged', userVerification: 'discouraged' },
    supportedAlgorithmIDs: CHIP_ALGORITHMS,
    preferredAuthenticatorType: 'securityKey',
  });
  return { ceremonyId: ceremony.id, options, expiresAt: ceremony.expiresAt };
}

export interface FinishChipRegistrationInput {
  identityId: string;
  ceremonyId: string;
  /** the browser's RegistrationResponseJSON, untrusted */
  response: unknown;
  now: Date;
  /**
   * Refuse (FIDO_ALREADY_HAS_ONE) when the identity already has a key: activation gives one
   * chip per identity, like a code display (product spec §5.3). Off for the bare ceremony.
   */
  onePerIdentity?: boolean;
}

/**
 * Verifies the key's answer and stores its credential. Refusals: VALIDATION_FAILED,
 * FIDO_CEREMONY_NOT_FOUND / _EXPIRED, FIDO_CHALLENGE_MISMATCH, FIDO_ORIGIN_MISMATCH,
 * FIDO_RP_ID_MISMATCH, FIDO_RESPONSE_INVALID, FIDO_CREDENTIAL_EXISTS, FIDO_ALREADY_HAS_ONE
 * (with `onePerIdentity`).
 */
export async function finishChipRegistration(deps: ChipDeps, input: FinishChipRegistrationInput): Promise<FidoCredential> {
  const verdict = await inOwnTransaction(deps, (trx) => registerChipIn(trx, deps, input));
  if ('refusal' in verdict) throw verdict.refusal;
  return verdict.credential;
}

/** Runs `work` in a transaction of the engine's own, answering a lost race for the credential id. */
export async function inOwnTransaction<T>(deps: ChipDeps, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(work);
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('FIDO_CREDENTIAL_EXISTS', 'this key is already registered');
    throw e;
  }
}

/** A registration that was answered: the stored key, or the refusal (the ceremony is used up either way). */
export type ChipRegistrationVerdict = { credential: FidoCredential } | { refusal: ApiError };

/**
 * `finishChipRegistration` inside the caller's transaction (an activation step, so the key,
 * the password and the flow change together). The ceremony is taken first; a key whose
 * answer fails a check is returned as a refusal, so the caller commits the used-up ceremony
 * (a challenge answers once) before refusing. Thrown refusals (malformed input, no such
 * ceremony, one key per identity) change nothing. A key registered meanwhile by a racing
 * request makes the credential id's index refuse the insert (FIDO_CREDENTIAL_EXISTS).
 */
export async function registerChipIn(trx: Transaction<Database>, deps: ChipDeps, input: FinishChipRegistrationInput): Promise<ChipRegistrationVerdict> {
  const { settings } = deps;
  const response = asRegistrationResponse(input.response);
  const ceremony = await takeCeremony(trx, { id: input.ceremonyId, identityId: input.identityId, kind: 'registration', now: input.now });
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  let format: AttestationFormatName;
  try {
    checkClientData(response.response.clientDataJSON, { type: 'webauthn.create', challenge: ceremony.challenge, origins: settings.origins });
    format = checkAttestation(response.response.attestationObject, settings.rpId, settings.formats);
    checkAttestationTrust(response.response.attestationObject, settings.attestationRoots, input.now);
    verified = await verify(response, ceremony.challenge, settings);
  } catch (e) {
    if (e instanceof ApiError) return { refusal: e };
    throw e;
  }
  const info = verified.registrationInfo!;
  if (info.credential.id !== response.id) return { refusal: new ApiError('FIDO_RESPONSE_INVALID', 'credential id differs from the attested one') };

  // checked under the identity lock, so two registrations racing for one identity cannot both store a key
  await lockIdentityAuthenticators(trx, input.identityId, input.now);
  if (input.onePerIdentity) {
    const held = await trx.selectFrom('fido_credentials').select('id').where('identity_id', '=', input.identityId).where('status', '!=', 'revoked').executeTakeFirst();
    if (held) throw new ApiError('FIDO_ALREADY_HAS_ONE', 'the identity already has a chip');
  }
  // asked first so that PostgreSQL does not abort the caller's transaction on the index
  const known = await trx.selectFrom('fido_credentials').select('id').where('id', '=', info.credential.id).executeTakeFirst();
  if (known) return { refusal: new ApiError('FIDO_CREDENTIAL_EXISTS', 'this key is already registered') };

  const at = input.now.toISOString();
  const row: FidoRow = {
    id: info.credential.id,
    identity_id: input.identityId,
    public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: JSON.stringify(response.response.transports ?? []),
    aaguid: info.aaguid,
    attestation_format: format,
    status: 'active',
    created_at: at,
    last_used_at: null,
    updated_at: at,
  };
  await trx.insertInto('fido_credentials').values(row).execute();
  return { credential: toCredential(row) };
}

/** The attestation statement and the signatures, by @simplewebauthn/server. */
async function verify(response: RegistrationResponseJSON, challenge: Uint8Array, settings: ChipSettings) {
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: Buffer.from(challenge).toString('base64url'),
      expectedOrigin: settings.origins,
      expectedRPID: settings.rpId,
      requireUserPresence: true,
      requireUserVerification: false,
      supportedAlgorithmIDs: CHIP_ALGORITHMS,
    });
  } catch (e) {
    throw new ApiError('FIDO_RESPONSE_INVALID', `registration refused: ${(e as Error).message}`);
  }
  if (!verified.verified || !verified.registrationInfo) throw new ApiError('FIDO_RESPONSE_INVALID', 'attestation signature invalid');
  return verified;
}

export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
