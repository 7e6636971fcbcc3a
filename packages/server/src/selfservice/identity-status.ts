/**
 * Blocking an identity (its owner, from self-service) and lifting the block (an operator, or
 * re-enrolment). While blocked every activation, copy, PIN check route and self-service
 * session refuses with IDENTITY_BLOCKED, and the OIDC login refuses it (login checks status).
 */
import type { Services } from '../services.js';
import { ApiError } from '../errors.js';

export async function blockIdentity(s: Services, identityId: string, now: Date): Promise<void> {
  await s.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('identities').set({ status: 'blocked', updated_at: now.toISOString() }).where('id', '=', identityId).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ApiError('NOT_FOUND', 'identity gone');
    // pending PIN checks die with the block
    const apps = trx.selectFrom('app_authenticators').select('id').where('identity_id', '=', identityId);
    await trx.deleteFrom('app_pin_logins').where('app_id', 'in', apps).execute();
    await s.audit.append(trx, { type: 'identity.blocked', outcome: 'ok', identityId }, now);
  });
}

/** For the operator API (after checking the holder) and for re-enrolment. */
export async function unblockIdentity(s: Services, identityId: string, now: Date, by: 'operator' | 're-enrolment'): Promise<void> {
  await s.db.transaction().execute(async (trx) => {
    await trx.updateTable('identities').set({ status: 'active', updated_at: now.toISOString() }).where('id', '=', identityId).where('status', '=', 'blocked').execute();
    await s.audit.append(trx, { type: 'identity.unblocked', outcome: 'ok', identityId, details: { by } }, now);
  });
}
