/**
 * Identities: one per person. Completing an enrolment creates the person's identity or,
 * when they enrol again (e.g. with a new passport), updates the one they have.
 */
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import type { Database } from '../infra/db/schema.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { newId } from '../infra/ids.js';
import { ApiError } from '../errors.js';

export interface NewIdentity {
  personId: string;
  flowId: string;
  userId: string;
  userIdKey: string;
  proofing: 'verified' | 'unverified';
  givenNames: string;
  surname: string;
  /** YYMMDD */
  dateOfBirth: string;
  documentNumber: string;
  documentHash: string;
  nationality: string;
  /** E.164 */
  phone: string;
  phoneHash: string;
  termsVersion: string;
}

/** Writes the identity inside the caller's transaction; returns its id and whether it was new. */
export async function upsertIdentity(
  trx: Kysely<Database>,
  pii: PiiCipher,
  random: RandomSource,
  input: NewIdentity,
  now: Date,
): Promise<{ identityId: string; created: boolean }> {
  const existing = await trx.selectFrom('identities').select(['id', 'user_id_key']).where('person_id', '=', input.personId).executeTakeFirst();
  const id = existing?.id ?? newId(random);
  const at = now.toISOString();
  const seal = (field: string, value: string) => pii.encrypt(value, `identities.${field}:${id}`);
  const fields = {
    user_id: input.userId,
    user_id_key: input.userIdKey,
    proofing: input.proofing,
    given_names_sealed: seal('given_names', input.givenNames),
    surname_sealed: seal('surname', input.surname),
    birth_date_sealed: seal('birth_date', input.dateOfBirth),
    document_number_sealed: seal('document_number', input.documentNumber),
    document_hash: input.documentHash,
    nationality: input.nationality,
    phone_sealed: seal('phone', input.phone),
    phone_hash: input.phoneHash,
    terms_version: input.termsVersion,
    updated_at: at,
  };
  if (existing) {
    await trx.updateTable('identities').set(fields).where('id', '=', id).execute();
    if (existing.user_id_key !== input.userIdKey) {
      await trx.deleteFrom('user_id_claims').where('user_id_key', '=', existing.user_id_key).where('identity_id', '=', id).execute();
    }
  } else {
    await trx.insertInto('identities').values({ id, person_id: input.personId, created_at: at, ...fields }).execute();
  }
  // The flow's hold on the user-ID becomes the identity's for good.
  const held = await trx
    .updateTable('user_id_claims')
    .set({ identity_id: id, flow_id: null, expires_at: null })
    .where('user_id_key', '=', input.userIdKey)
    .where((eb) => eb.or([eb('flow_id', '=', input.flowId), eb('identity_id', '=', id)]))
    .executeTakeFirst();
  if (Number(held.numUpdatedRows) !== 1) throw new ApiError('USER_ID_TAKEN', 'the flow lost its hold on the user-ID');
  return { identityId: id, created: !existing };
}
