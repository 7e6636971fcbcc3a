/**
 * Who holds a user-ID: an identity, or a flow that chose it and has not finished. The
 * claim's primary key is the lower-cased user-ID, so of two flows racing for one user-ID
 * exactly one gets it, on SQLite and on PostgreSQL alike.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../infra/db/schema.js';

/** True when nobody but `personId`'s own identity holds `key` (lapsed flow holds do not count). */
export async function isUserIdFree(db: Kysely<Database>, key: string, personId: string | undefined, now: Date): Promise<boolean> {
  const claim = await db
    .selectFrom('user_id_claims')
    .leftJoin('identities', 'identities.id', 'user_id_claims.identity_id')
    .select(['user_id_claims.identity_id as identityId', 'user_id_claims.expires_at as expiresAt', 'identities.person_id as personId'])
    .where('user_id_claims.user_id_key', '=', key)
    .executeTakeFirst();
  if (!claim) return true;
  if (claim.identityId) return personId !== undefined && claim.personId === personId;
  return claim.expiresAt !== null && claim.expiresAt <= now.toISOString();
}

/**
 * Holds `key` for `flowId` until `until`. Returns false when someone else holds it. A lapsed
 * hold of another flow is taken over; the person's own identity keeps its user-ID on re-enrolment.
 */
export async function claimUserId(
  trx: Kysely<Database>,
  claim: { key: string; flowId: string; personId: string; until: Date },
  now: Date,
): Promise<boolean> {
  await trx
    .deleteFrom('user_id_claims')
    .where('user_id_key', '=', claim.key)
    .where('identity_id', 'is', null)
    .where('expires_at', '<=', now.toISOString())
    .execute();
  const inserted = await trx
    .insertInto('user_id_claims')
    .values({ user_id_key: claim.key, flow_id: claim.flowId, identity_id: null, expires_at: claim.until.toISOString(), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('user_id_key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return true;
  return isUserIdFree(trx, claim.key, claim.personId, now);
}
