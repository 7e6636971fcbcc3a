/** Loads and saves enrolment flows; every save checks and bumps the version (optimistic locking). */
import type { Kysely } from 'kysely';
import type { EnrolmentState } from '@openmitid/api';
import type { Database } from '../../infra/db/schema.js';
import { ApiError } from '../../errors.js';
import { purgeExpiredFaceImages } from '../../proofing/face/record.js';
import type { EnrolmentData, EnrolmentFlow } from './flow.js';

export async function insertFlow(db: Kysely<Database>, flow: EnrolmentFlow): Promise<void> {
  await db
    .insertInto('flows')
    .values({
      id: flow.id,
      kind: flow.kind,
      state: flow.state,
      version: flow.version,
      expires_at: flow.expiresAt.toISOString(),
      created_at: flow.createdAt.toISOString(),
      updated_at: flow.updatedAt.toISOString(),
      data: JSON.stringify(flow.data),
    })
    .execute();
}

export async function loadFlow(db: Kysely<Database>, id: string): Promise<EnrolmentFlow | undefined> {
  const row = await db.selectFrom('flows').selectAll().where('id', '=', id).where('kind', '=', 'enrolment').executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    kind: 'enrolment',
    state: row.state as EnrolmentState,
    version: row.version,
    expiresAt: new Date(row.expires_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    data: JSON.parse(row.data) as EnrolmentData,
  };
}

/**
 * Writes `next` if the stored flow is still at `next.version`, and returns it with the
 * version bumped. Another request that saved first makes this one fail with FLOW_CONFLICT
 * (and its transaction roll back), so a step is never done twice.
 */
export async function saveFlow(trx: Kysely<Database>, next: EnrolmentFlow): Promise<EnrolmentFlow> {
  const result = await trx
    .updateTable('flows')
    .set({
      state: next.state,
      version: next.version + 1,
      updated_at: next.updatedAt.toISOString(),
      data: JSON.stringify(next.data),
    })
    .where('id', '=', next.id)
    .where('version', '=', next.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ApiError('FLOW_CONFLICT', 'flow changed concurrently');
  return { ...next, version: next.version + 1 };
}

/** Expired flows are kept this long, so a late request still hears FLOW_EXPIRED rather than FLOW_NOT_FOUND. */
export const EXPIRED_FLOW_GRACE_SECONDS = 86_400;

/** Deletes flows expired for longer than the grace period, user-ID holds that lapsed with their flow, and retained face images past their period. */
export async function purgeExpiredFlows(db: Kysely<Database>, now: Date): Promise<number> {
  await purgeExpiredFaceImages(db, now);
  await db.deleteFrom('user_id_claims').where('identity_id', 'is', null).where('expires_at', '<=', now.toISOString()).execute();
  const cutoff = new Date(now.getTime() - EXPIRED_FLOW_GRACE_SECONDS * 1000).toISOString();
  const r = await db.deleteFrom('flows').where('expires_at', '<=', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
