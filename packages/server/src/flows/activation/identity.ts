/** What activation needs of the identity: its user-ID and phone, and that it is not blocked. */
import type { Kysely } from 'kysely';
import type { Database } from '../../infra/db/schema.js';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';

/** Refuses with IDENTITY_BLOCKED unless the identity is active. */
export async function requireActiveIdentity(db: Kysely<Database>, identityId: string): Promise<{ userId: string; phoneSealed: string }> {
  const row = await db.selectFrom('identities').select(['id', 'user_id', 'phone_sealed', 'status']).where('id', '=', identityId).executeTakeFirst();
  if (!row) throw new ApiError('NOT_FOUND', 'identity gone');
  if (row.status !== 'active') throw new ApiError('IDENTITY_BLOCKED', `identity is ${row.status}`);
  return { userId: row.user_id, phoneSealed: row.phone_sealed };
}

/** The identity's phone number in the clear, for the temporary PIN SMS only. */
export function phoneOf(s: Services, identityId: string, phoneSealed: string): string {
  return s.pii.decrypt(phoneSealed, `identities.phone:${identityId}`);
}
